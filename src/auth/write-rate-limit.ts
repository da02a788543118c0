/**
 * Rate limit on register writes (SECURITY.md rule 6): episodes, responses, batch submissions,
 * invitations and withdrawals share one budget per caller, WRITE_RATE_LIMIT_PER_MINUTE per API
 * key or user. Per caller, not per address: an institution's integration engine and its staff
 * may all reach us through one proxy address, and one runaway client must not use up another's
 * budget. Counted in PostgreSQL (src/rate-limits), so all instances share the budget.
 */
import { applyDecorators, Injectable, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

/** The throttler names configured in auth.module.ts. */
export const LOGIN_THROTTLER = 'login';
export const WRITE_THROTTLER = 'writes';

@Injectable()
export class WriteRateLimitGuard extends ThrottlerGuard {
  /** The authenticated caller (the access guard runs first); the address only if there is none. */
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = req.user as Principal | undefined;
    if (principal?.kind === 'api_client') return `api_client:${principal.clientId}`;
    if (principal?.kind === 'user') return `user:${principal.userId}`;
    return `address:${String(req.ip)}`;
  }

  /** One key per caller for every write route (the default key is per route); the storage keeps throttlers apart. */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }
}

/** On a write route: counts against the caller's write budget (and not the sign-in limit). */
export const LimitWrites = () =>
  applyDecorators(
    UseGuards(WriteRateLimitGuard),
    SkipThrottle({ [LOGIN_THROTTLER]: true }),
    ApiTooManyRequestsResponse({
      description:
        'More writes this minute than WRITE_RATE_LIMIT_PER_MINUTE allows this API key or user (all write routes together); retry after Retry-After seconds',
    }),
  );

/** On the sign-in route: only the sign-in limit applies. */
export const LimitSignIns = () =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    SkipThrottle({ [WRITE_THROTTLER]: true }),
    ApiTooManyRequestsResponse({
      description:
        'More sign-in attempts from this address this minute than LOGIN_RATE_LIMIT_PER_MINUTE allows; retry after Retry-After seconds',
    }),
  );
