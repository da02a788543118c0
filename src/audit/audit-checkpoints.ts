/**
 * Evidence kept outside PostgreSQL (docs/operations.md): signed checkpoints of the chain's head,
 * and a journal of the audit rows each instance saw committed, appended to files in
 * AUDIT_CHECKPOINT_DIR. Someone who rewrites or truncates the table (even with the owner's
 * rights) cannot rewrite these without the signing key, and the verifier compares the table with them.
 * The sink is an interface, so an object store with object lock can take the file's place.
 */
import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Checkpoint {
  registerId: string;
  chainSeq: number;
  headHash: string;
  at: string;
  signature: string;
}

export interface JournalEntry {
  registerId: string;
  ids: string[];
  at: string;
}

export interface CheckpointSink {
  appendCheckpoint(checkpoint: Checkpoint): Promise<void>;
  appendJournal(entry: JournalEntry): Promise<void>;
  checkpoints(registerId: string): Promise<Checkpoint[]>;
  journaledIds(registerId: string): Promise<string[]>;
}

/** Append-only JSON lines in a folder: checkpoints.jsonl and journal.jsonl. */
export class FileCheckpointSink implements CheckpointSink {
  constructor(private readonly dir: string) {}

  private async append(file: string, value: unknown): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    await fs.promises.appendFile(path.join(this.dir, file), `${JSON.stringify(value)}\n`, { mode: 0o600 });
  }

  private read<T extends { registerId: string }>(file: string, registerId: string): T[] {
    const full = path.join(this.dir, file);
    if (!fs.existsSync(full)) return [];
    return fs
      .readFileSync(full, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as T)
      .filter((entry) => entry.registerId === registerId);
  }

  appendCheckpoint(checkpoint: Checkpoint): Promise<void> {
    return this.append('checkpoints.jsonl', checkpoint);
  }

  appendJournal(entry: JournalEntry): Promise<void> {
    return this.append('journal.jsonl', entry);
  }

  async checkpoints(registerId: string): Promise<Checkpoint[]> {
    return this.read<Checkpoint>('checkpoints.jsonl', registerId);
  }

  async journaledIds(registerId: string): Promise<string[]> {
    return this.read<JournalEntry>('journal.jsonl', registerId).flatMap((entry) => entry.ids);
  }
}

/** DER prefix that makes a 32-byte Ed25519 seed a PKCS#8 private key. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function checkpointKeys(seed: Buffer): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** What a checkpoint's signature covers. */
function signedText(c: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(`${c.registerId}|${c.chainSeq}|${c.headHash}|${c.at}`, 'utf8');
}

export function signCheckpoint(c: Omit<Checkpoint, 'signature'>, privateKey: KeyObject): Checkpoint {
  return { ...c, signature: sign(null, signedText(c), privateKey).toString('base64') };
}

export function checkpointSignatureValid(c: Checkpoint, publicKey: KeyObject): boolean {
  return verify(null, signedText(c), publicKey, Buffer.from(c.signature, 'base64'));
}

/** The public key as published (README, GET /api/v1/admin/audit-checkpoints): base64 of its SPKI DER. */
export function publishedKey(publicKey: KeyObject): string {
  return publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}
