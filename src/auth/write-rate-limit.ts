/**
 * Rate limit on register writes (SECURITY.md rule 6): episodes, responses, batch submissions,
 * invitations and withdrawals share one budget per caller, WRITE_RATE_LIMIT_PER_MINUTE per API
 * key or user. Per caller, not per address: an institution's integration engine and its staff
 * may all reach us through one proxy address, and one runaway client must not use up another's
 * budget. Counted in PostgreSQL (src/rate-limits), so all instances share the budget.
 */
import { applyDecorators, Injectable, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard, type ThrottlerRequest } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import { accessDecisionFor } from './access.decorators';
import type { Principal } from './principal';
import type { WebSession } from './web-session.service';

/** The throttler names configured in auth.module.ts. */
export const LOGIN_THROTTLER = 'login';
export const WRITE_THROTTLER = 'writes';

@Injectable()
export class WriteRateLimitGuard extends ThrottlerGuard {
  /** The authenticated caller (the access guard runs first); the address only if there is none. */
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    // an API caller (passport's req.user) or a workspace page's session: a user has one budget for both
    const principal = (req.user ?? (req.webSession as WebSession | undefined)?.principal) as Principal | undefined;
    if (principal?.kind === 'api_client') return `api_client:${principal.clientId}`;
    if (principal?.kind === 'user') return `user:${principal.userId}`;
    return `address:${String(req.ip)}`;
  }

  /** One key per caller for every write route (the default key is per route); the storage keeps throttlers apart. */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }
}

/**
 * Every POST of a workspace page (a form sent with the session: registering an episode, a response,
 * an invitation, a withdrawal, an administrator's change) counts against the same write budget as the
 * API, per user: the pages call the same services, so a browser session must not be a way around the
 * API's limit. A global guard after the access guard (which has admitted the session and checked the
 * CSRF token), so no page POST can forget it; GETs and every API route are left to their own decorators.
 */
@Injectable()
export class PageWriteRateLimitGuard extends WriteRateLimitGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const decision = accessDecisionFor(this.reflector, context.getHandler(), context.getClass());
    return decision?.kind !== 'session' || context.switchToHttp().getRequest<{ method: string }>().method !== 'POST';
  }

  /** Only the write budget: the sign-in limit belongs to the sign-in route. */
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    return request.throttler.name === WRITE_THROTTLER ? super.handleRequest(request) : true;
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
