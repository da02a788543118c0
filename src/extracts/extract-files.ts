/**
 * The file formats of an extract, written a batch of rows at a time (never all rows in memory):
 * CSV (RFC 4180, UTF-8, header, CRLF), Parquet (typed columns, row groups of up to 50,000 rows),
 * the codebook and the SHA-256 of a finished file.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { once } from 'node:events';
import { ParquetWriter, fileWriter, type BasicType } from 'hyparquet-writer';
import type { ExtractVariable, ExtractVariableType } from './extract-variables';

export type ExtractValue = string | number | boolean | null;
export type ExtractRow = ExtractValue[];

export function csvField(value: ExtractValue | readonly (string | number)[]): string {
  if (value === null) return '';
  const text = Array.isArray(value) ? value.join('|') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: (ExtractValue | readonly (string | number)[])[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export class CsvFileWriter {
  private readonly stream: fs.WriteStream;

  constructor(file: string, header: string[]) {
    this.stream = fs.createWriteStream(file, { flags: 'w', mode: 0o600 });
    this.stream.write(csvLine(header));
  }

  async write(rows: ExtractRow[]): Promise<void> {
    if (!this.stream.write(rows.map(csvLine).join(''))) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

const PARQUET_TYPES: Record<ExtractVariableType, BasicType> = { string: 'STRING', integer: 'INT32', number: 'DOUBLE', boolean: 'BOOLEAN' };
const ROW_GROUP = 50_000;

export class ParquetFileWriter {
  private readonly writer: ParquetWriter;
  private columns: ExtractValue[][];
  private buffered = 0;

  constructor(
    file: string,
    private readonly variables: ExtractVariable[],
  ) {
    this.writer = new ParquetWriter({
      writer: fileWriter(file),
      schema: [
        { name: 'root', num_children: variables.length },
        ...variables.map((v) => ({ ...parquetSchemaElement(v.type), name: v.name, repetition_type: 'OPTIONAL' as const })),
      ],
      createdBy: 'rehabreg',
    });
    this.columns = variables.map(() => []);
  }

  async write(rows: ExtractRow[]): Promise<void> {
    for (const row of rows) row.forEach((value, i) => this.columns[i].push(value));
    this.buffered += rows.length;
    if (this.buffered >= ROW_GROUP) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    await this.writer.write({
      columnData: this.variables.map((v, i) => ({ name: v.name, data: this.columns[i], type: PARQUET_TYPES[v.type], nullable: true })),
      rowGroupSize: this.buffered,
    });
    this.columns = this.variables.map(() => []);
    this.buffered = 0;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.finish();
  }
}

function parquetSchemaElement(type: ExtractVariableType) {
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

export function codebookCsv(variables: ExtractVariable[]): string {
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
