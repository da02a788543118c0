/**
 * The row files of an export (an extract's extract.csv and extract.parquet, and any other table an
 * export writes): writers that take a stream of row batches and the columns' types, and hold in
 * memory no more than one batch (CSV) or one row group (Parquet), whatever the number of rows. Each
 * writes with the file stream's backpressure and hashes the bytes as they go, so a finished file's
 * size and SHA-256 need no second read. Also the codebook.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { ByteWriter, ParquetWriter, type BasicType } from 'hyparquet-writer';

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean';
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

/** RFC 4180: UTF-8, a header row, CRLF, fields quoted where needed; a null is an empty field. */
export class CsvFileWriter implements RowFileWriter {
  private readonly file: HashedFileStream;
  private rows = 0;
  private header: Buffer | undefined;

  constructor(path: string, columns: readonly FileColumn[]) {
    this.file = new HashedFileStream(path);
    this.header = Buffer.from(csvLine(columns.map((c) => c.name)));
  }

  async write(rows: ExtractRow[]): Promise<void> {
    await this.writeHeader();
    let text = '';
    for (const row of rows) text += csvLine(row);
    this.rows += rows.length;
    await this.file.write(Buffer.from(text));
  }

  async close(): Promise<WrittenFile> {
    await this.writeHeader();
    return { rows: this.rows, ...(await this.file.close()) };
  }

  abort(): void {
    this.file.abort();
  }

  private async writeHeader(): Promise<void> {
    if (!this.header) return;
    const header = this.header;
    this.header = undefined;
    await this.file.write(header);
  }
}

/**
 * hyparquet-writer's output, to a file: the library calls `flush` after each row group it has
 * encoded and waits for it, so the bytes leave memory a row group at a time, with the stream's
 * backpressure (its own fileWriter writes synchronously, blocking the event loop and the job's heartbeat).
 */
class ParquetFileOutput extends ByteWriter {
  constructor(private readonly file: HashedFileStream) {
    super(1 << 20);
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

const PARQUET_TYPES: Record<ColumnType, BasicType> = { string: 'STRING', integer: 'INT32', number: 'DOUBLE', boolean: 'BOOLEAN' };

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

  constructor(
    path: string,
    private readonly columns: readonly FileColumn[],
    options: { rowGroupRows?: number } = {},
  ) {
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
      data: this.columnValues[i],
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
