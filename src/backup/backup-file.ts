/**
 * The register's own backup file (docs/operations.md): gzip of a sequence of length-prefixed frames,
 * so tables stream in and out without being held in memory:
 *
 *   header (JSON: format, schema version, tables in restore order)
 *   per table: its COPY ... (FORMAT binary) data in frames, then an empty frame
 *   trailer (JSON: rows and SHA-256 per table, the audit chain head)
 */
import { once } from 'node:events';
import * as fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';

export const BACKUP_FORMAT = 'rehabreg-backup/1';

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  /** `copy`: the tables' COPY data follow; `pg_dump`: a pg_dump custom-format archive follows, in frames, then an empty frame. */
  method: 'copy' | 'pg_dump';
  createdAt: string;
  /** The last migration applied: the schema the tables' data belong to. */
  schemaVersion: string;
  /** The tables, in an order that satisfies the foreign keys. */
  tableOrder: string[];
}

export interface TableDigest {
  rows: number;
  /** `copy-sha256:<hex>` of the table's COPY binary data (method copy), or `rows-hash-sum:<n>` of its rows as text (method pg_dump). */
  checksum: string;
}

export interface BackupTrailer {
  tables: Record<string, TableDigest>;
  auditChainHead: { chainSeq: number; hash: string } | null;
  /** Files kept outside the database (audit checkpoints and journal), one frame each after the trailer. */
  files: string[];
}

export class BackupWriter {
  private readonly gzip = createGzip();
  private readonly file: fs.WriteStream;

  constructor(path: string) {
    this.file = fs.createWriteStream(path, { mode: 0o600 });
    this.gzip.pipe(this.file);
  }

  async frame(data: Buffer): Promise<void> {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    if (!this.gzip.write(length) || (data.length > 0 && !this.gzip.write(data))) await once(this.gzip, 'drain');
  }

  json(value: unknown): Promise<void> {
    return this.frame(Buffer.from(JSON.stringify(value)));
  }

  async close(): Promise<void> {
    this.gzip.end();
    await once(this.file, 'close');
  }
}

/** Reads frames back in order; `frame()` resolves to the next one (an empty Buffer ends a table). */
export class BackupReader {
  private readonly source: Readable;
  private readonly chunks: AsyncIterator<Buffer>;
  private buffered = Buffer.alloc(0);

  constructor(path: string) {
    this.source = fs.createReadStream(path).pipe(createGunzip());
    this.chunks = this.source[Symbol.asyncIterator]();
  }

  private async take(n: number): Promise<Buffer> {
    while (this.buffered.length < n) {
      const next = await this.chunks.next();
      if (next.done) throw new Error('The backup file ends early: it is incomplete or damaged.');
      this.buffered = Buffer.concat([this.buffered, next.value]);
    }
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return out;
  }

  async frame(): Promise<Buffer> {
    const length = (await this.take(4)).readUInt32BE(0);
    return length === 0 ? Buffer.alloc(0) : Buffer.from(await this.take(length));
  }

  async json<T>(): Promise<T> {
    return JSON.parse((await this.frame()).toString('utf8')) as T;
  }

  /** Copies frames into `target` (a COPY FROM stream or a file) up to the next empty frame. */
  async pipeTable(target: Writable, onChunk: (chunk: Buffer) => void): Promise<void> {
    for (;;) {
      const chunk = await this.frame();
      if (chunk.length === 0) break;
      onChunk(chunk);
      if (!target.write(chunk)) await once(target, 'drain');
    }
    target.end();
    await once(target, 'finish');
  }

  close(): void {
    this.source.destroy();
  }
}
