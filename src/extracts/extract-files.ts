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
import * as fs from 'node:fs';
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

/**
 * A file written a chunk at a time, counted and hashed on the way. Each write has reached the file
 * when it resolves (the file's own backpressure), so the caller may fill the same buffer again:
 * a build's bytes need no new buffer per chunk, which a thread's allocator would keep long after.
 */
class HashedFile {
  private readonly opened: Promise<fs.promises.FileHandle>;
  private readonly hash = createHash('sha256');
  bytes = 0;

  constructor(file: string) {
    this.opened = fs.promises.open(file, 'w', 0o600);
    // a failure to open is thrown by the first write or the close, not left unhandled
    this.opened.catch(() => undefined);
  }

  async write(chunk: Uint8Array): Promise<void> {
    const handle = await this.opened;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    for (let at = 0; at < chunk.length;) at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
  }

  async close(): Promise<{ bytes: number; sha256: string }> {
    await (await this.opened).close();
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  abort(): void {
    this.opened.then((handle) => handle.close()).catch(() => undefined);
  }
}

/**
 * PostgreSQL's CSV (COPY … FORMAT csv) ends its lines with LF; RFC 4180 asks for CRLF. Turns each
 * line end into CRLF as the bytes stream by, but not a line break inside a quoted field (data). A
 * quote toggles whether the bytes are inside a field; an escaped quote ("") toggles twice.
 */
export class CrlfLineEnds {
  private quoted = false;
  private out = Buffer.alloc(0);
  /** Line ends seen (outside quotes): the lines of the file. */
  lines = 0;

  /** The chunk with CRLF line ends, in a buffer this converter fills again at the next call. */
  convert(chunk: Buffer): Buffer {
    // at most every byte a line end, each one byte longer
    if (this.out.length < chunk.length * 2) this.out = Buffer.allocUnsafe(chunk.length * 2);
    const length = !this.quoted && !chunk.includes(0x22) ? this.unquoted(chunk) : this.quotedAware(chunk);
    return this.out.subarray(0, length);
  }

  private quotedAware(chunk: Buffer): number {
    let at = 0;
    for (const byte of chunk) {
      if (byte === 0x22) this.quoted = !this.quoted;
      else if (byte === 0x0a && !this.quoted) {
        this.out[at++] = 0x0d;
        this.lines += 1;
      }
      this.out[at++] = byte;
    }
    return at;
  }

  /** The common case, a chunk without quotes: cut at each LF. */
  private unquoted(chunk: Buffer): number {
    let at = 0;
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      at += chunk.copy(this.out, at, start, end);
      this.out[at++] = 0x0d;
      this.out[at++] = 0x0a;
      start = end + 1;
      this.lines += 1;
    }
    return at + chunk.copy(this.out, at, start);
  }
}

/**
 * A CSV file from PostgreSQL's own CSV (a COPY's chunks, a header row first): line ends made CRLF,
 * written with the file's backpressure, counted and hashed on the way. Nothing is parsed.
 */
export async function writeCsvChunks(chunks: AsyncIterable<Buffer>, path: string): Promise<WrittenFile> {
  const file = new HashedFile(path);
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
  private readonly file: HashedFile;

  constructor(file: HashedFile) {
    super(1 << 20);
    this.file = file;
  }

  async flush(): Promise<void> {
    if (this.index === 0) return;
    // the library waits for this before it writes again: its buffer may go to the file as it is
    await this.file.write(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
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
 * The file's footer, which hyparquet-writer keeps in memory until the end: a description of each
 * row group's column chunks, about 1.2 KB each, 17 MB for a million rows of the whole catalogue
 * (200 row groups of 74 columns), the part of a large file's memory that grows with its rows. Much
 * of a description is the same in every row group (the column's path, its encodings and their
 * counts): one shared copy of each brings it to 0.7 KB (10 MB). The footer written is the same.
 */
class SharedFooterParts {
  private readonly copies = new Map<string, unknown>();

  share(rowGroup: RowGroup | undefined): void {
    for (const { meta_data: chunk } of rowGroup?.columns ?? []) {
      if (!chunk) continue;
      chunk.path_in_schema = this.copyOf(chunk.path_in_schema);
      chunk.encodings = this.copyOf(chunk.encodings);
      if (chunk.encoding_stats) chunk.encoding_stats = this.copyOf(chunk.encoding_stats);
    }
  }

  private copyOf<T>(value: T): T {
    const key = JSON.stringify(value);
    const copy = this.copies.get(key) as T | undefined;
    if (copy !== undefined) return copy;
    this.copies.set(key, value);
    return value;
  }
}

type RowGroup = ParquetWriter['row_groups'][number];

/**
 * Parquet with typed, nullable columns (Snappy), in row groups of `rowGroupRows` rows: one row
 * group's column values and the footer (SharedFooterParts) are all it holds, each group written
 * out before the next is gathered.
 */
export class ParquetFileWriter implements RowFileWriter {
  private readonly file: HashedFile;
  private readonly writer: ParquetWriter;
  private readonly footer = new SharedFooterParts();
  private readonly rowGroupRows: number;
  private columnValues: ExtractValue[][];
  private buffered = 0;
  private rows = 0;

  private readonly columns: readonly FileColumn[];

  constructor(path: string, columns: readonly FileColumn[], options: { rowGroupRows?: number } = {}) {
    this.columns = columns;
    this.rowGroupRows = options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS;
    if (!Number.isInteger(this.rowGroupRows) || this.rowGroupRows < 1) throw new Error('rowGroupRows must be a whole number ≥ 1');
    this.file = new HashedFile(path);
    this.writer = new ParquetWriter({
      writer: new ParquetFileOutput(this.file),
      schema: [
        { name: 'root', num_children: columns.length },
        ...columns.map((c) => ({ ...parquetSchemaElement(c.type), name: c.name, repetition_type: 'OPTIONAL' as const })),
      ],
      createdBy: 'rehabreg',
    });
    this.columnValues = this.emptyRowGroup();
  }

  async write(rows: ExtractRow[]): Promise<void> {
    for (const row of rows) {
      for (let i = 0; i < this.columnValues.length; i += 1) this.columnValues[i][this.buffered] = row[i];
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

  /** A row group's columns at their full length at once: grown a value at a time, each would leave its smaller copies as garbage. */
  private emptyRowGroup(): ExtractValue[][] {
    return this.columns.map(() => new Array<ExtractValue>(this.rowGroupRows));
  }

  private async writeRowGroup(): Promise<void> {
    if (this.buffered === 0) return;
    const rowGroupSize = this.buffered;
    const values = (i: number) => (rowGroupSize === this.rowGroupRows ? this.columnValues[i] : this.columnValues[i].slice(0, rowGroupSize));
    const columnData = this.columns.map((c, i) => ({
      name: c.name,
      // INT64 values are bigints to the writer (its statistics too); node-postgres gives a bigint as text
      data: c.type === 'timestamp' ? values(i).map((v) => (v === null ? null : BigInt(v))) : values(i),
      type: PARQUET_TYPES[c.type],
      nullable: true,
    }));
    this.columnValues = this.emptyRowGroup();
    this.rows += rowGroupSize;
    this.buffered = 0;
    await this.writer.write({ columnData, rowGroupSize });
    this.footer.share(this.writer.row_groups.at(-1));
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
