/**
 * Chains new audit rows in the background: requests only INSERT, so the chain never serializes
 * the register's writes. The service computes each keyed hash (the key never reaches SQL text,
 * logs or pg_stat_activity) and appends the finished links through audit_chain_append, one sealer
 * at a time across instances (advisory lock). Each tick also journals the committed rows and, every
 * AUDIT_CHECKPOINT_INTERVAL_MS and at shutdown, writes a signed checkpoint outside the database.
 */
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CHAIN_HEAD_SQL, chainHash, type ChainKey, GENESIS } from './audit-chain';
import { AuditEvidence } from './audit-evidence';

export const SEAL_BATCH = 5000;
const SEALER_LOCK = 727272;

@Injectable()
export class AuditSealer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private lastCheckpoint = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly evidence: AuditEvidence,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.auditSealIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((error: unknown) => this.logger.error({ err: error }, 'Sealing the audit log failed; will retry'))
        .finally(() => (this.running = undefined));
    }, this.config.auditSealIntervalMs);
    this.timer.unref();
  }

  /** Before the database connections close (TypeORM closes them on application shutdown): a last seal and checkpoint. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    if (this.config.auditSealIntervalMs > 0)
      await this.tick(true).catch((error: unknown) => this.logger.warn({ err: error }, 'Final audit seal failed'));
  }

  private async tick(forceCheckpoint = false): Promise<void> {
    await this.sealPending();
    await this.evidence.flushJournal();
    if (forceCheckpoint || Date.now() - this.lastCheckpoint >= this.config.auditCheckpointIntervalMs) {
      await this.evidence.checkpoint();
      this.lastCheckpoint = Date.now();
    }
  }

  /** Seals every row written so far; returns how many were chained. */
  async sealPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await this.dataSource.transaction((manager) => this.sealBatch(manager));
      total += sealed;
      if (sealed < SEAL_BATCH) return total;
    }
  }

  private sealBatch(manager: EntityManager): Promise<number> {
    return sealAuditBatch((sql, params) => manager.query(sql, params), this.evidence.keys.current());
  }
}

type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * One sealing pass, in the caller's transaction: up to SEAL_BATCH unsealed rows chained after the head
 * with `key`. Skips (returns 0) while another sealer holds the lock. Exported for the benchmark.
 */
export async function sealAuditBatch(query: Query, key: ChainKey): Promise<number> {
  const [{ locked }] = (await query(`SELECT pg_try_advisory_xact_lock(${SEALER_LOCK}) AS locked`)) as { locked: boolean }[];
  if (!locked) return 0; // another instance is sealing
  const [head] = (await query(CHAIN_HEAD_SQL)) as {
    chain_seq: string;
    hash: Buffer;
  }[];
  const headSeq = head ? Number(head.chain_seq) : 0;
  const rows = (await query(
    `SELECT a.id::text AS id, audit_canonical_at(a, $1 + row_number() OVER (ORDER BY a.id)) AS canonical
       FROM audit_events a WHERE a.chain_seq IS NULL ORDER BY a.id LIMIT ${SEAL_BATCH}`,
    [headSeq],
  )) as { id: string; canonical: string }[];
  if (rows.length === 0) return 0;
  let previous = head?.hash ?? GENESIS;
  const links = rows.map((row) => {
    const link = { prev: previous, hash: chainHash(key.secret, previous, row.canonical) };
    previous = link.hash;
    return link;
  });
  await query(`SELECT audit_chain_append($1, $2::bigint[], $3::bytea[], $4::bytea[], $5)`, [
    headSeq + 1,
    rows.map((r) => r.id),
    links.map((l) => l.prev),
    links.map((l) => l.hash),
    key.version,
  ]);
  return rows.length;
}
