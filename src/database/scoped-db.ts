/**
 * The one way services reach the database: a transaction in which PostgreSQL's row-level security
 * knows which institutions the caller may see (`app.institution_ids`, local to the transaction).
 * The service layer decides the institutions; RLS is the second wall if that decision is wrong.
 *
 * Exceptions, each because it must reach every institution's rows or must not open a request's
 * transaction; none of them reads person-level rows through a query of its own:
 * - sign-in (AuthenticationService): signInRead below, single statements on users and keys.
 * - hourly purges (HourlyPurge: idempotency keys, invitation drafts, rate limits) and withdrawal
 *   erasure (WithdrawalErasure): SECURITY DEFINER functions across institutions, outside requests.
 * - the audit evidence (AuditSealer, AuditVerifier, AuditEvidence): the register-wide hash chain and
 *   its journal, sealed and verified on timers; audit_events has no row-level security.
 * - RateLimitStore, /health and /metrics: register-level counters and probes on every request or scrape.
 * - operator tools with their own connection (withClient: CLI, backup, pseudonym rotation,
 *   benchmarks; the synthetic register generator as the table owner).
 * - research extracts (ExtractBuilder, ExtractExpiry, and the request service removing an inclusion list): an
 *   approved extract covers the whole register, so its jobs open every institution to RLS for their
 *   own transaction, outside requests; what they may read is decided by the approval. A build reads
 *   its rows in a read-only transaction of its own (readInSnapshot), opened the same way.
 * - the register's access report (RegisterAccessReportService, RegisterAccessReportJobs): an
 *   administrator's report on one patient covers every institution, so making it (which audits the
 *   patient's episodes per institution) and its build job open every institution for their own
 *   transaction; they read that one patient's rows only.
 * - the expiry of institutions' own-data exports (InstitutionExportExpiry) finds the exports due in
 *   every institution (ids only), then expires each in a transaction of its own institution.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export function institutionIdsSetting(institutionIds: readonly string[]): string {
  return `{${institutionIds.join(',')}}`;
}

/**
 * Opens every institution's rows to row-level security for the rest of `manager`'s transaction:
 * only for the exceptions named above.
 */
export async function openEveryInstitution(manager: EntityManager): Promise<void> {
  await manager.query(OPEN_EVERY_INSTITUTION_SQL);
}

/** The statement of openEveryInstitution, for a connection outside TypeORM (an export build's reader). */
export const OPEN_EVERY_INSTITUTION_SQL = `SELECT set_config('app.institution_ids', '{' || coalesce(string_agg(id::text, ','), '') || '}', true) FROM institutions`;

@Injectable()
export class ScopedDb {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction that may see person-level rows of `institutionIds` only. */
  async transaction<T>(institutionIds: readonly string[], work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.institution_ids', $1, true)`, [institutionIdsSetting(institutionIds)]);
      return work(manager);
    });
  }

  /** For register-level data (institutions, users, keys, audit): no person-level rows are visible. */
  registerTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transaction([], work);
  }

  /**
   * Sign-in's reads of users and API keys, on every request before the caller is known: single
   * statements outside a transaction (a transaction would add three round trips to each request).
   * Those tables have no row-level security, and no person-level row is visible without the setting.
   */
  signInRead<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }
}
