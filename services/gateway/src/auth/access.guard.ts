import { AccessTokenError, AccessTokenVerifier } from '@jishi/service-kit';
import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { ALLOWED_ROLES, type AuthenticatedRequest, PUBLIC_ROUTE } from './access.decorators';
import { PERSON_ROLE_LABELS, PERSON_ROLES, type PersonRole } from './principal';

/**
 * Every request but the public ones carries a person's access token: the guard verifies it, puts the
 * person on the request and checks their role against the endpoint's `@Allow` list — an endpoint
 * without one is refused to every role. A unit check
 * (a department's officer acts on their own department's cases only) belongs to the endpoint,
 * which knows the case.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly verifier: AccessTokenVerifier;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly reflector: Reflector,
  ) {
    this.verifier = new AccessTokenVerifier(config.auth.publicKeyPem, config.auth);
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) {
      throw new UnauthorizedException({
        code: 'AUTH.UNAUTHENTICATED',
        zh: '未认证：请在 Authorization 头中提供访问令牌',
        en: 'not authenticated: send an access token in the Authorization header',
      });
    }
    let claims;
    try {
      claims = this.verifier.verify(header.slice(7).trim());
    } catch (err) {
      if (!(err instanceof AccessTokenError)) throw err;
      throw new UnauthorizedException({ code: 'AUTH.INVALID_TOKEN', zh: err.zh, en: err.en });
    }
    if (!(PERSON_ROLES as readonly string[]).includes(claims.role)) {
      throw new UnauthorizedException({
        code: 'AUTH.INVALID_TOKEN',
        zh: `访问令牌中的角色“${claims.role}”不存在`,
        en: `the access token names an unknown role "${claims.role}"`,
      });
    }
    const role = claims.role as PersonRole;
    request.principal = {
      id: claims.sub,
      role,
      unitId: claims.unit,
      ...(claims.name ? { name: claims.name } : {}),
    };
    const allowed = this.reflector.getAllAndOverride<PersonRole[] | undefined>(ALLOWED_ROLES, targets);
    // Deny by default: an endpoint that says nobody may use it is used by nobody.
    if (!allowed) {
      throw new ForbiddenException({
        code: 'AUTH.ROLE_FORBIDDEN',
        zh: '此操作未指定可办理的角色，一律拒绝',
        en: 'this operation names no role that may do it, so it is refused to everyone',
      });
    }
    if (!allowed.includes(role)) {
      throw new ForbiddenException({
        code: 'AUTH.ROLE_FORBIDDEN',
        zh: `角色“${PERSON_ROLE_LABELS[role].zh}”无权办理此操作（限：${allowed.map((r) => PERSON_ROLE_LABELS[r].zh).join('、')}）`,
        en: `the role ${PERSON_ROLE_LABELS[role].en} may not do this (only: ${allowed.map((r) => PERSON_ROLE_LABELS[r].en).join(', ')})`,
      });
    }
    return true;
  }
}
