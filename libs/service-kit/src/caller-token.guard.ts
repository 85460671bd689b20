import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { SERVICE_CONFIG, type ServiceConfig } from './service.config';

/**
 * A service's HTTP endpoints serve Jishi's own callers, each with a bearer token of its own; people
 * reach them through the gateway, which authenticates them and checks their role and unit.
 */
@Injectable()
export class CallerTokenGuard implements CanActivate {
  private readonly tokens: Buffer[];

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.tokens = config.callerTokens.map((t) => Buffer.from(t));
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (this.tokens.some((t) => t.length === presented.length && timingSafeEqual(t, presented))) return true;
    throw new UnauthorizedException({
      code: 'AUTH.UNAUTHENTICATED',
      zh: '未认证：请提供有效的访问令牌',
      en: 'not authenticated: present a valid bearer token',
    });
  }
}
