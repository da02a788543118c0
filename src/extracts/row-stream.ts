/**
 * Rows of a query as a stream of batches, through a server-side cursor: the query runs once (one
 * snapshot, one sort), and no more than one batch of rows is in memory at a time, however many the
 * query yields. Runs in the caller's transaction (a cursor lives only in one).
 */
import type { QueryResultRow } from 'pg';
import type { LongQuery } from './extract-query';

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

/** Each batch of `batches` turned into rows of a file by `toRow`. */
export async function* mapBatches<R, T>(batches: AsyncIterable<R[]>, toRow: (row: R) => T): AsyncGenerator<T[]> {
  for await (const batch of batches) yield batch.map(toRow);
}
