import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ARCHIVE_CONFIG, type ArchiveConfig } from '../config/archive.config';

/**
 * The record is read by Jishi's own callers (the gateway, the supervisors' CLI), each with a bearer
 * token of its own; people reach it through the gateway, which checks their role and unit.
 */
@Injectable()
export class ReadTokenGuard implements CanActivate {
  private readonly tokens: Buffer[];

  constructor(@Inject(ARCHIVE_CONFIG) config: ArchiveConfig) {
    this.tokens = config.readTokens.map((t) => Buffer.from(t));
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
