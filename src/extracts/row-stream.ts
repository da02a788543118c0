/**
 * The rows of a query into a file, never all in memory: as a stream of batches through a
 * server-side cursor (the query runs once: one snapshot, one sort; no more than one batch in memory
 * at a time), or, for CSV, as PostgreSQL's own CSV through `COPY (query) TO STDOUT`, whose bytes go
 * to the file as they come (pg-copy-streams), not a value parsed. Both run in the caller's
 * transaction (a cursor lives only in one).
 */
import type { ClientBase, QueryResultRow } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { writeCsvChunks, type WrittenFile } from './extract-files';
import { copyCsvStatement, type LongQuery } from './extract-query';

/** Rows a FETCH brings: large enough that round trips cost little, small enough to hold lightly. */
export const FETCH_ROWS = 5000;

/**
 * `arrays`: each row an array of its columns' values in the query's order, cheaper for node-postgres
 * to make than an object with a property per column.
 */
export async function* cursorBatches<R extends QueryResultRow>(
  query: LongQuery,
  sql: string,
  values: unknown[],
  options: { batchRows?: number; cursor?: string; arrays?: boolean } = {},
): AsyncGenerator<R[]> {
  const cursor = options.cursor ?? 'row_stream';
  if (!/^[a-z_][a-z0-9_]*$/.test(cursor)) throw new Error('cursorBatches: not a cursor name');
  await query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, values);
  for (;;) {
    const batch = await query<R>(`FETCH ${options.batchRows ?? FETCH_ROWS} FROM ${cursor}`, [], options.arrays ? { rowMode: 'array' } : {});
    if (batch.length === 0) break;
    yield batch;
  }
  await query(`CLOSE ${cursor}`);
}

/**
 * The query's rows as a CSV file (RFC 4180, a header row of its column names), written by the
 * server: `COPY (query) TO STDOUT WITH (FORMAT csv, HEADER)`, its `$n` bound as literals. On a
 * client of its own without a read timeout (node-postgres's query_timeout): pg-copy-streams never
 * ends the query the way that timer is cleared, so it would stay pending after the COPY (keeping the
 * process alive) and fire on the connection later. The server's statement_timeout of the
 * transaction (longQueries) limits the COPY instead.
 */
export async function copyCsvFile(client: ClientBase, sql: string, values: readonly unknown[], file: string): Promise<WrittenFile> {
  const copy = client.query(copyTo(copyCsvStatement(client, sql, values)));
  return writeCsvChunks(copy as AsyncIterable<Buffer>, file);
}
