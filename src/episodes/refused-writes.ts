/**
 * Refused registrations leave a trace (docs/privacy.md). A refused write rolls back, audit row
 * and all, so the refusal is audited in a transaction of its own. National identity numbers a
 * caller sends that are refused (invalid, or another patient than the episode's) count per caller
 * and minute: over REFUSED_ID_LIMIT_PER_MINUTE the caller's register writes get 429 until the
 * minute ends, and crossing the limit is flagged in the audit log, since a client that tries many
 * numbers is more likely probing than mistyping.
 */
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { InstitutionScope } from '../auth/institution-scope';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../common/problem';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import { RateLimitStore } from '../rate-limits/rate-limit.store';

const MINUTE = 60_000;
const REFUSED_STATUSES = new Set([400, 409, 422]);

export class TooManyRefusedIdsProblem extends ProblemException {
  constructor() {
    super(
      429,
      'too-many-refused-national-ids',
      'Too many refused national identity numbers',
      'This client sent more refused national identity numbers this minute than the register allows; its register writes are paused until the minute ends. Retry after Retry-After seconds.',
    );
  }
}

/** How many of a refusal's errors are about the national identity number sent. */
export function refusedNationalIds(error: ProblemException): number {
  return (error.errors ?? []).filter((e) => e.pointer.endsWith('/nationalId')).length;
}

function callerKey(principal: Principal): string {
  return principal.kind === 'api_client' ? `api_client:${principal.clientId}` : `user:${principal.userId}`;
}

@Injectable()
export class RefusedWrites {
  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly audit: AuditService,
    private readonly counters: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs a register write of `institutionId`; refuses it while the caller is over the limit, and records it if it is refused. */
  async guard<T>(institutionId: string, episodes: number, write: () => Promise<T>): Promise<T> {
    const key = `refused-national-ids:${callerKey(this.scope.principal())}`;
    if ((await this.counters.current(key)).hits > this.config.refusedIdLimitPerMinute) throw new TooManyRefusedIdsProblem();
    try {
      return await write();
    } catch (error) {
      if (error instanceof ProblemException && REFUSED_STATUSES.has(error.getStatus()))
        await this.record(key, institutionId, episodes, error);
      throw error;
    }
  }

  private async record(key: string, institutionId: string, episodes: number, error: ProblemException): Promise<void> {
    const ids = refusedNationalIds(error);
    const { hits } = ids ? await this.counters.hit(key, MINUTE, ids) : { hits: 0 };
    const limit = this.config.refusedIdLimitPerMinute;
    await this.db.transaction([institutionId], (manager) =>
      this.audit.recordMany(manager, [
        { action: `episode.refused.${error.slug}`, objectType: 'episode', rowCount: episodes, institutionId },
        ...(hits > limit && hits - ids <= limit
          ? [{ action: 'security.refused_ids_flagged', objectType: 'client', rowCount: hits, institutionId }]
          : []),
      ]),
    );
  }
}
