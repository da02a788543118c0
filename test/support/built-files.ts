/** What the tests of files built by a job share (own-data exports, research extracts, access reports): waiting, downloading, reading Parquet. */
import { DuckDBInstance } from '@duckdb/node-api';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type request from 'supertest';
import type { TestApp } from './test-app';

/**
 * Asks for a job's state until `done` says it is there (by default: ready); a failed build fails the
 * test at once. The job queue polls every second, so a build of a few rows is there within a minute.
 */
export async function waitForJob<T extends { status: string }>(
  read: () => PromiseLike<request.Response>,
  done: (body: T) => boolean = (body) => body.status === 'ready',
): Promise<T> {
  for (let i = 0; i < 240; i += 1) {
    const res = await read();
    if (done(res.body as T)) return res.body as T;
    if (res.body.status === 'failed') throw new Error(`build failed: ${res.body.failure}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('not built within a minute');
}

/** Downloads a built file as bytes; a refusal as its problem+json parsed, so the contract check reads it. */
export function downloadFile(t: TestApp, url: string, headers: Record<string, string>): request.Test {
  return t
    .http()
    .get(url)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        done(null, /problem\+json/.test(String(res.headers['content-type'])) ? JSON.parse(bytes.toString('utf8')) : bytes);
      });
    });
}

export interface ParquetContent {
  names: string[];
  types: string[];
  /** Rows as arrays in column order. */
  rows: unknown[][];
  /** The same rows as records keyed by column name. */
  records: Record<string, unknown>[];
}

/** Reads a Parquet file back with DuckDB (another writer's reader than the one that wrote it). */
export async function readParquet(bytes: Buffer): Promise<ParquetContent> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'parquet-'));
  const file = path.join(folder, 'file.parquet');
  fs.writeFileSync(file, bytes);
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
    return {
      names: reader.columnNames(),
      types: reader.columnTypes().map((type) => type.toString()),
      rows: reader.getRowsJS(),
      records: reader.getRowObjectsJS() as Record<string, unknown>[],
    };
  } finally {
    connection.closeSync();
    db.closeSync();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
