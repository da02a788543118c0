/**
 * The row files of an export (an extract's extract.csv and extract.parquet, and any other table an
 * export writes): CSV as PostgreSQL writes it (COPY's chunks, line ends made CRLF), and Parquet from
 * a stream of row batches and the columns' types, holding in memory no more than one row group,
 * whatever the number of rows. Each writes with the file stream's backpressure and hashes the bytes
 * as they go, so a finished file's size and SHA-256 need no second read. Also the codebook.
 *
 * Loaded in a worker thread too (file-build-worker.ts), in tests from this TypeScript source by
 * Node's own type stripping: TypeScript syntax here is only what can be erased (no parameter properties).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { ByteWriter, ParquetWriter, type BasicType } from 'hyparquet-writer';

/** A column's type; `date` and `timestamp` (UTC) only in own-data exports, which hold full dates. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp';
/** A column of a row file; an extract variable is one. */
export interface FileColumn {
  name: string;
  type: ColumnType;
}
export type ExtractValue = string | number | boolean | null;
/** One row: a value per column, in the columns' order. */
export type ExtractRow = ExtractValue[];

/** What a finished file is: what a manifest and the download's Content-Length and ETag say. */
export interface WrittenFile {
  rows: number;
  bytes: number;
  sha256: string;
}

export interface RowFileWriter {
  write(rows: ExtractRow[]): Promise<void>;
  /** Completes the file (flushes, ends the stream) and says what was written. */
  close(): Promise<WrittenFile>;
  /** Stops writing after a failure; the partial file is the caller's to remove. */
  abort(): void;
}

/** Rows of a Parquet row group unless the caller says otherwise (EXTRACT_PARQUET_ROW_GROUP_ROWS). */
export const PARQUET_ROW_GROUP_ROWS = 5_000;

/**
 * Writes every batch of `batches` to every writer (e.g. one CSV and one Parquet file from one pass
 * over the rows), one batch at a time; closes them all and says what each holds. On a failure the
 * writers are aborted and the error thrown.
 */
export async function writeRowFiles(batches: AsyncIterable<ExtractRow[]>, writers: RowFileWriter[]): Promise<WrittenFile[]> {
  try {
    for await (const rows of batches) {
      for (const writer of writers) await writer.write(rows);
    }
    const written: WrittenFile[] = [];
    for (const writer of writers) written.push(await writer.close());
    return written;
  } catch (error) {
    for (const writer of writers) writer.abort();
    throw error;
  }
}

export function csvField(value: ExtractValue | readonly (string | number)[]): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = Array.isArray(value) ? value.join('|') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: (ExtractValue | readonly (string | number)[])[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A file written through a stream with its backpressure, counted and hashed on the way. */
class HashedFileStream {
  private readonly stream: fs.WriteStream;
  private readonly hash = createHash('sha256');
  private failure: Error | undefined;
  bytes = 0;

  constructor(file: string) {
    this.stream = fs.createWriteStream(file, { flags: 'w', mode: 0o600 });
    // kept until the next write or the close: an error event with no listener would end the process
    this.stream.on('error', (error) => (this.failure ??= error));
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<{ bytes: number; sha256: string }> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await finished(this.stream);
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  abort(): void {
    this.stream.destroy();
  }
}

/**
 * PostgreSQL's CSV (COPY … FORMAT csv) ends its lines with LF; RFC 4180 asks for CRLF. Turns each
 * line end into CRLF as the bytes stream by, but not a line break inside a quoted field (data). A
 * quote toggles whether the bytes are inside a field; an escaped quote ("") toggles twice.
 */
export class CrlfLineEnds {
  private quoted = false;
  /** Line ends seen (outside quotes): the lines of the file. */
  lines = 0;

  convert(chunk: Buffer): Buffer {
    if (!this.quoted && !chunk.includes(0x22)) return this.unquoted(chunk);
    const out = Buffer.allocUnsafe(chunk.length * 2);
    let at = 0;
    for (const byte of chunk) {
      if (byte === 0x22) this.quoted = !this.quoted;
      else if (byte === 0x0a && !this.quoted) {
        out[at++] = 0x0d;
        this.lines += 1;
      }
      out[at++] = byte;
    }
    return out.subarray(0, at);
  }

  /** The common case, a chunk without quotes: cut at each LF. */
  private unquoted(chunk: Buffer): Buffer {
    const parts: Buffer[] = [];
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      parts.push(chunk.subarray(start, end), CRLF);
      start = end + 1;
      this.lines += 1;
    }
    parts.push(chunk.subarray(start));
    return Buffer.concat(parts);
  }
}

const CRLF = Buffer.from('\r\n');

/**
 * A CSV file from PostgreSQL's own CSV (a COPY's chunks, a header row first): line ends made CRLF,
 * written with the file's backpressure, counted and hashed on the way. Nothing is parsed.
 */
export async function writeCsvChunks(chunks: AsyncIterable<Buffer>, path: string): Promise<WrittenFile> {
  const file = new HashedFileStream(path);
  const lineEnds = new CrlfLineEnds();
  try {
    for await (const chunk of chunks) await file.write(lineEnds.convert(chunk));
    // rows: the lines but the header (the COPY's own count comes after its stream has ended)
    return { rows: Math.max(0, lineEnds.lines - 1), ...(await file.close()) };
  } catch (error) {
    file.abort();
    throw error;
  }
}

/**
 * hyparquet-writer's output, to a file: the library calls `flush` after each row group it has
 * encoded and waits for it, so the bytes leave memory a row group at a time, with the stream's
 * backpressure (its own fileWriter writes synchronously, blocking the event loop and the job's heartbeat).
 */
class ParquetFileOutput extends ByteWriter {
  private readonly file: HashedFileStream;

  constructor(file: HashedFileStream) {
    super(1 << 20);
    this.file = file;
  }

  async flush(): Promise<void> {
    if (this.index === 0) return;
    const chunk = Buffer.from(this.buffer.slice(0, this.index));
    this.index = 0;
    await this.file.write(chunk);
  }

  override async finish(): Promise<void> {
    await this.flush();
  }
}

/**
 * The physical type of each column's values: a date comes as its day number since 1970-01-01, a
 * timestamp as its milliseconds since 1970 (text of a bigint), as the build queries select them.
 */
const PARQUET_TYPES: Record<ColumnType, BasicType> = {
  string: 'STRING',
  integer: 'INT32',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'INT32',
  timestamp: 'INT64',
};

function parquetSchemaElement(type: ColumnType) {
  switch (type) {
    case 'string':
      return { type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const };
    case 'integer':
      return { type: 'INT32' as const };
    case 'number':
      return { type: 'DOUBLE' as const };
    case 'boolean':
      return { type: 'BOOLEAN' as const };
    case 'date':
      return { type: 'INT32' as const, converted_type: 'DATE' as const };
    case 'timestamp':
      return { type: 'INT64' as const, converted_type: 'TIMESTAMP_MILLIS' as const };
  }
}

/**
 * Parquet with typed, nullable columns (Snappy), in row groups of `rowGroupRows` rows: one row
 * group's column values are all it holds, each group written out before the next is gathered.
 */
export class ParquetFileWriter implements RowFileWriter {
  private readonly file: HashedFileStream;
  private readonly writer: ParquetWriter;
  private readonly rowGroupRows: number;
  private columnValues: ExtractValue[][];
  private buffered = 0;
  private rows = 0;

  private readonly columns: readonly FileColumn[];

  constructor(path: string, columns: readonly FileColumn[], options: { rowGroupRows?: number } = {}) {
    this.columns = columns;
    this.rowGroupRows = options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS;
    if (!Number.isInteger(this.rowGroupRows) || this.rowGroupRows < 1) throw new Error('rowGroupRows must be a whole number ≥ 1');
    this.file = new HashedFileStream(path);
    this.writer = new ParquetWriter({
      writer: new ParquetFileOutput(this.file),
      schema: [
        { name: 'root', num_children: columns.length },
        ...columns.map((c) => ({ ...parquetSchemaElement(c.type), name: c.name, repetition_type: 'OPTIONAL' as const })),
      ],
      createdBy: 'rehabreg',
    });
    this.columnValues = columns.map(() => []);
  }

  async write(rows: ExtractRow[]): Promise<void> {
    for (const row of rows) {
      for (let i = 0; i < this.columnValues.length; i += 1) this.columnValues[i].push(row[i]);
      this.buffered += 1;
      if (this.buffered === this.rowGroupRows) await this.writeRowGroup();
    }
  }

  async close(): Promise<WrittenFile> {
    await this.writeRowGroup();
    await this.writer.finish();
    return { rows: this.rows, ...(await this.file.close()) };
  }

  abort(): void {
    this.file.abort();
  }

  private async writeRowGroup(): Promise<void> {
    if (this.buffered === 0) return;
    const columnData = this.columns.map((c, i) => ({
      name: c.name,
      // INT64 values are bigints to the writer (its statistics too); node-postgres gives a bigint as text
      data: c.type === 'timestamp' ? this.columnValues[i].map((v) => (v === null ? null : BigInt(v))) : this.columnValues[i],
      type: PARQUET_TYPES[c.type],
      nullable: true,
    }));
    const rowGroupSize = this.buffered;
    this.columnValues = this.columns.map(() => []);
    this.rows += rowGroupSize;
    this.buffered = 0;
    await this.writer.write({ columnData, rowGroupSize });
  }
}

export function codebookCsv(
  variables: readonly (FileColumn & { description: string; unit: string | null; allowedValues: readonly (string | number)[] | null })[],
): string {
  return [
    csvLine(['variable', 'type', 'description', 'unit', 'allowed_values']),
    ...variables.map((v) => csvLine([v.name, v.type, v.description, v.unit, v.allowedValues ?? null])),
  ].join('');
}

export async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
