/**
 * What the audit code needs to make and check evidence: the chain keys, the checkpoint signing
 * key and sink, the register's identity, and the journal of audit rows this instance inserted.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { AuditChainKeys, CHAIN_HEAD_SQL } from './audit-chain';
import { CheckpointSink, checkpointKeys, FileCheckpointSink, publishedKey, signCheckpoint } from './audit-checkpoints';

@Injectable()
export class AuditEvidence {
  readonly keys: AuditChainKeys;
  readonly sink: CheckpointSink;
  readonly signing: ReturnType<typeof checkpointKeys>;
  private registerIdPromise?: Promise<string>;
  /** Audit rows inserted here, with their transaction, until the journal learns whether they committed. */
  private pending: { id: string; xid: string }[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = new AuditChainKeys(config.auditChainKeys);
    this.sink = new FileCheckpointSink(config.auditCheckpointDir);
    this.signing = checkpointKeys(config.auditCheckpointSeed);
  }

  publicKey(): string {
    return publishedKey(this.signing.publicKey);
  }

  registerId(): Promise<string> {
    this.registerIdPromise ??= this.dataSource
      .query(`SELECT id::text AS id FROM register_identity LIMIT 1`)
      .then((rows: { id: string }[]) => rows[0].id)
      .catch((error: unknown) => {
        this.registerIdPromise = undefined;
        throw error;
      });
    return this.registerIdPromise;
  }

  noteInserted(rows: { id: string; xid: string }[]): void {
    this.pending.push(...rows);
  }

  /**
   * Journals the inserted rows whose transactions committed (rolled-back ones are dropped, running
   * ones wait): a committed row that is later missing from the table was deleted.
   */
  async flushJournal(): Promise<number> {
    if (this.pending.length === 0) return 0;
    const batch = this.pending;
    this.pending = [];
    try {
      const statuses: { xid: string; status: string | null }[] = await this.dataSource.query(
        `SELECT x AS xid, pg_xact_status(x::xid8) AS status FROM unnest($1::text[]) x`,
        [[...new Set(batch.map((r) => r.xid))]],
      );
      const status = new Map(statuses.map((s) => [s.xid, s.status]));
      this.pending.push(...batch.filter((r) => status.get(r.xid) === 'in progress'));
      const committed = batch.filter((r) => status.get(r.xid) === 'committed').map((r) => r.id);
      if (committed.length)
        await this.sink.appendJournal({ registerId: await this.registerId(), ids: committed, at: new Date().toISOString() });
      return committed.length;
    } catch (error) {
      this.pending.unshift(...batch);
      throw error;
    }
  }

  /** A signed checkpoint of the chain's head, appended to the sink. */
  async checkpoint(): Promise<void> {
    const [head]: { chain_seq: string; hash: Buffer }[] = await this.dataSource.query(CHAIN_HEAD_SQL);
    if (!head) return;
    await this.sink.appendCheckpoint(
      signCheckpoint(
        {
          registerId: await this.registerId(),
          chainSeq: Number(head.chain_seq),
          headHash: head.hash.toString('hex'),
          at: new Date().toISOString(),
        },
        this.signing.privateKey,
      ),
    );
  }
}
