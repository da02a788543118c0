/**
 * Verifies the audit log and lists every problem it finds, not only the first: chain positions
 * without gaps, each row's prev_hash equal to the hash before it, each keyed hash recomputed here
 * with the key of the row's version, the chain against every signed checkpoint kept outside the
 * database (truncation, rewrites behind a checkpoint), and the journal of committed rows (rows
 * deleted, sealed or not). Also runs on a schedule; the last result shows in /metrics and /health/ready.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { chainHash, GENESIS } from './audit-chain';
import { checkpointSignatureValid } from './audit-checkpoints';
import { MetricsService } from '../metrics/metrics.service';
import { AuditEvidence } from './audit-evidence';

export type AuditProblemKind =
  'deleted' | 'edited' | 'out_of_order' | 'forged' | 'truncated' | 'rewritten' | 'checkpoint_signature' | 'missing_committed_row';

export interface AuditProblem {
  kind: AuditProblemKind;
  chainSeq?: number;
  auditEventId?: string;
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  unsealed: number;
  checkpoints: number;
  journaled: number;
  problems: AuditProblem[];
  /** The first problem, as before (kept for readers of the older report). */
  firstBroken?: { chainSeq: number; auditEventId: string; problem: string };
}

const PAGE = 10_000;
const MAX_LISTED = 1000;

interface ChainRow {
  id: string;
  chain_seq: string;
  prev_hash: Buffer;
  hash: Buffer;
  key_version: number | null;
  canonical: string;
}

@Injectable()
export class AuditVerifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditVerifier');
  private timer?: NodeJS.Timeout;
  /** The newest scheduled result (undefined until the first run). */
  last?: AuditVerification;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evidence: AuditEvidence,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.auditVerifyIntervalMs <= 0) return;
    this.timer = setInterval(
      () =>
        void this.verify()
          .then((result) => {
            this.last = result;
            this.metrics.auditChainProblems.set(result.problems.length);
            if (!result.ok)
              this.logger.error({ problems: result.problems.slice(0, 10) }, `The audit log has ${result.problems.length} problem(s)`);
          })
          .catch((error: unknown) => this.logger.warn({ err: error }, 'Scheduled audit verification failed; will retry')),
      this.config.auditVerifyIntervalMs,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async verify(): Promise<AuditVerification> {
    const problems: AuditProblem[] = [];
    const add = (problem: AuditProblem) => problems.length < MAX_LISTED && problems.push(problem);
    const hashes = new Map<number, Buffer>(); // only at checkpointed positions
    const checkpoints = await this.evidence.sink.checkpoints(await this.evidence.registerId());
    const checkpointed = new Set(checkpoints.map((c) => c.chainSeq));
    let expectedSeq = 1;
    let previousHash: Buffer = GENESIS;
    let lastSeq = 0;
    for (;;) {
      const rows: ChainRow[] = await this.dataSource.query(
        `SELECT id::text AS id, chain_seq, prev_hash, hash, key_version, audit_canonical(a) AS canonical
           FROM audit_events a WHERE chain_seq >= $1 ORDER BY chain_seq LIMIT ${PAGE}`,
        [expectedSeq],
      );
      for (const row of rows) {
        const seq = Number(row.chain_seq);
        this.checkRow(row, seq, expectedSeq, previousHash, add);
        if (checkpointed.has(seq)) hashes.set(seq, row.hash);
        previousHash = row.hash;
        expectedSeq = seq + 1;
        lastSeq = seq;
      }
      if (rows.length < PAGE) break;
    }
    for (const checkpoint of checkpoints) {
      if (!checkpointSignatureValid(checkpoint, this.evidence.signing.publicKey)) {
        add({
          kind: 'checkpoint_signature',
          chainSeq: checkpoint.chainSeq,
          detail: `the checkpoint of ${checkpoint.at} is not signed by the register's key`,
        });
      } else if (checkpoint.chainSeq > lastSeq) {
        add({
          kind: 'truncated',
          chainSeq: lastSeq + 1,
          detail: `the chain ends at position ${lastSeq}, but the checkpoint of ${checkpoint.at} recorded position ${checkpoint.chainSeq}: rows after ${lastSeq} were removed`,
        });
      } else if (hashes.get(checkpoint.chainSeq)?.toString('hex') !== checkpoint.headHash) {
        add({
          kind: 'rewritten',
          chainSeq: checkpoint.chainSeq,
          detail: `position ${checkpoint.chainSeq} differs from the checkpoint of ${checkpoint.at}: the chain up to it was rewritten`,
        });
      }
    }
    const journaled = await this.evidence.sink.journaledIds(await this.evidence.registerId());
    for (const id of await this.missing(journaled))
      add({
        kind: 'missing_committed_row',
        auditEventId: id,
        detail: `audit row ${id} was committed (journal) but is not in the table: deleted`,
      });
    const unsealed = await this.unsealed();
    const first = problems.find((p) => p.chainSeq !== undefined);
    return {
      ok: problems.length === 0,
      checked: lastSeq,
      unsealed,
      checkpoints: checkpoints.length,
      journaled: journaled.length,
      problems,
      ...(first ? { firstBroken: { chainSeq: first.chainSeq!, auditEventId: first.auditEventId ?? '', problem: first.detail } } : {}),
    };
  }

  private checkRow(row: ChainRow, seq: number, expectedSeq: number, previousHash: Buffer, add: (p: AuditProblem) => void): void {
    const where = { chainSeq: seq, auditEventId: row.id };
    if (seq > expectedSeq)
      add({
        kind: 'deleted',
        chainSeq: expectedSeq,
        detail: `chain positions ${expectedSeq}${seq - 1 > expectedSeq ? `–${seq - 1}` : ''} are missing (rows deleted)`,
      });
    else if (!row.prev_hash?.equals(previousHash))
      add({
        ...where,
        kind: 'out_of_order',
        detail: 'prev_hash does not match the hash of the row before (a row inserted, removed or reordered)',
      });
    const key = this.evidence.keys.byVersion(row.key_version);
    if (!key) {
      add({ ...where, kind: 'forged', detail: `chain columns written with no known key (key version ${row.key_version ?? 'none'})` });
      return;
    }
    if (!row.prev_hash || !chainHash(key, row.prev_hash, row.canonical).equals(row.hash))
      add({ ...where, kind: 'edited', detail: 'the row content does not match its keyed hash (edited, or re-hashed without the key)' });
  }

  private async missing(ids: string[]): Promise<string[]> {
    const present = new Set<string>();
    for (let i = 0; i < ids.length; i += PAGE) {
      const rows: { id: string }[] = await this.dataSource.query(`SELECT id::text AS id FROM audit_events WHERE id = ANY ($1::bigint[])`, [
        ids.slice(i, i + PAGE),
      ]);
      for (const row of rows) present.add(row.id);
    }
    return ids.filter((id) => !present.has(id));
  }

  private async unsealed(): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE chain_seq IS NULL`);
    return count;
  }
}
