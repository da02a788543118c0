/**
 * The keyed audit chain: each sealed row's hash is HMAC-SHA256(key, previous hash ‖ canonical text),
 * with a key the database never holds (AUDIT_CHAIN_KEY). Rows record the key version they were
 * chained with, so a rotated key chains new rows from a position on and old rows still verify.
 */
import { createHmac } from 'node:crypto';

export const GENESIS: Buffer = Buffer.alloc(32);

/** The newest sealed row: its position and hash (nothing when the chain is empty). */
export const CHAIN_HEAD_SQL = `SELECT chain_seq, hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`;

export interface ChainKey {
  version: number;
  secret: Buffer;
}

export class AuditChainKeys {
  /** `secrets` oldest first, as AUDIT_CHAIN_KEY lists them; version n is the n-th. */
  constructor(private readonly secrets: Buffer[]) {}

  current(): ChainKey {
    return { version: this.secrets.length, secret: this.secrets[this.secrets.length - 1] };
  }

  byVersion(version: number | null): Buffer | undefined {
    return version !== null && version >= 1 ? this.secrets[version - 1] : undefined;
  }
}

export function chainHash(secret: Buffer, previous: Buffer, canonical: string): Buffer {
  return createHmac('sha256', secret).update(previous).update(canonical, 'utf8').digest();
}
