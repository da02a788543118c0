/**
 * Verifies the audit hash chain: chain positions without gaps, each row's prev_hash equal to the
 * hash of the row before, and each hash recomputed here from the row's canonical text.
 * Reports the first broken link.
 */
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBroken?: { chainSeq: number; auditEventId: string; problem: string };
}

const GENESIS: Buffer = Buffer.alloc(32);
const PAGE = 10_000;

interface ChainRow {
  id: string;
  chain_seq: string;
  prev_hash: Buffer;
  hash: Buffer;
  canonical: string;
}

@Injectable()
export class AuditVerifier {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async verify(): Promise<AuditVerification> {
    let expectedSeq = 1;
    let previousHash: Buffer = GENESIS;
    for (;;) {
      const rows: ChainRow[] = await this.dataSource.query(
        `SELECT id, chain_seq, prev_hash, hash, audit_canonical(a) AS canonical
           FROM audit_events a WHERE chain_seq >= $1 ORDER BY chain_seq LIMIT ${PAGE}`,
        [expectedSeq],
      );
      for (const row of rows) {
        const problem = this.checkRow(row, expectedSeq, previousHash);
        if (problem)
          return {
            ok: false,
            checked: expectedSeq - 1,
            unsealed: await this.unsealed(),
            firstBroken: { chainSeq: Number(row.chain_seq), auditEventId: row.id, problem },
          };
        previousHash = row.hash;
        expectedSeq += 1;
      }
      if (rows.length < PAGE) return { ok: true, checked: expectedSeq - 1, unsealed: await this.unsealed() };
    }
  }

  private checkRow(row: ChainRow, expectedSeq: number, previousHash: Buffer): string | undefined {
    if (Number(row.chain_seq) !== expectedSeq) return `chain position ${expectedSeq} is missing (a row was deleted)`;
    if (!row.prev_hash.equals(previousHash)) return 'prev_hash does not match the hash of the row before (rows removed or reordered)';
    const recomputed = createHash('sha256')
      .update(Buffer.concat([row.prev_hash, Buffer.from(row.canonical, 'utf8')]))
      .digest();
    if (!recomputed.equals(row.hash)) return 'the row content does not match its hash (the row was edited)';
    return undefined;
  }

  private async unsealed(): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE chain_seq IS NULL`);
    return count;
  }
}
