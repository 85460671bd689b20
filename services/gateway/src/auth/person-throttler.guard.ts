import { type ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { AuthenticatedRequest } from './access.decorators';

/**
 * A rate limit per person, across every route (GATEWAY_RATE_LIMIT requests a minute): counted by the
 * person the access guard authenticated (it runs first), or by address for the public routes. Past
 * the limit, 429 with the rule and when to try again (Retry-After).
 */
@Injectable()
export class PersonThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as AuthenticatedRequest;
    return request.principal ? `person:${request.principal.id}` : `address:${request.ip ?? 'unknown'}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new HttpException(
      {
        code: 'RATE.LIMITED',
        zh: `请求过于频繁：每人每分钟最多 ${detail.limit} 次，请 ${detail.timeToBlockExpire || 1} 秒后再试`,
        en: `too many requests: at most ${detail.limit} a minute a person; try again in ${detail.timeToBlockExpire || 1} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
