/**
 * The reads of a build (a research extract's or an own-data export's rows) in a transaction of
 * their own: read-only and REPEATABLE READ, so every file of one build (the CSV written by COPY,
 * the Parquet file by a cursor, an export's episodes and responses) holds the rows of one snapshot,
 * however long the build takes. On a connection of the service's pool, under the same row-level
 * security as the build's own transaction (`app.institution_ids`: every institution for an approved
 * extract, the one institution for an export). The build's transaction keeps what it writes (the
 * inclusion list, the status, the audit); this one writes nothing.
 */
import type { ClientBase, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { OPEN_EVERY_INSTITUTION_SQL, institutionIdsSetting } from '../database/scoped-db';
import { LongQuery, PROJECT_KEY_SETTINGS, longQueries } from './extract-query';

export interface SnapshotReader {
  /** The connection, for COPY … TO STDOUT. */
  client: ClientBase;
  /** Statements with the build's time limit. */
  long: LongQuery;
  timeoutMs: number;
  /** What another connection (a worker thread's) needs to read the same rows: the snapshot and the settings. */
  share(): Promise<SharedSnapshot>;
}

export interface SharedSnapshot {
  snapshot: string;
  settings: Record<string, string>;
}

/** The settings a reader's transaction may have that decide what its queries read. */
const SHARED_SETTINGS = ['app.institution_ids', ...PROJECT_KEY_SETTINGS];

/**
 * Begins the reader's transaction on `client`: read-only, REPEATABLE READ, the institutions given
 * to row-level security. The caller commits (or ends the connection).
 */
export async function beginSnapshotReader(
  client: ClientBase,
  institutions: readonly string[] | 'every',
  timeoutMs: number,
): Promise<SnapshotReader> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  if (institutions === 'every') await client.query(OPEN_EVERY_INSTITUTION_SQL);
  else await client.query(`SELECT set_config('app.institution_ids', $1, true)`, [institutionIdsSetting(institutions)]);
  const long = await longQueries(client, timeoutMs);
  const share = async (): Promise<SharedSnapshot> => {
    // a setting once set in a session stays defined as '' after its transaction: only those set now
    const [row] = await long<{ snapshot: string; settings: Record<string, string> | null }>(
      `SELECT pg_export_snapshot() AS snapshot,
              (SELECT json_object_agg(name, current_setting(name, true)) FROM unnest($1::text[]) name
                WHERE coalesce(current_setting(name, true), '') <> '') AS settings`,
      [SHARED_SETTINGS],
    );
    return { snapshot: row.snapshot, settings: row.settings ?? {} };
  };
  return { client, long, timeoutMs, share };
}

/** Runs `read` in a read-only REPEATABLE READ transaction that row-level security limits to `institutions`. */
export async function readInSnapshot<T>(
  dataSource: DataSource,
  institutions: readonly string[] | 'every',
  timeoutMs: number,
  read: (reader: SnapshotReader) => Promise<T>,
): Promise<T> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    const result = await read(await beginSnapshotReader(client, institutions, timeoutMs));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // after a failure (perhaps in the middle of a COPY) the connection is closed, not reused
    client.release(failure);
  }
}

/**
 * Ends a build's statement at once when `signal` is aborted (the service stopping): cancels
 * whatever `client` runs (pg_cancel_backend, from another connection of the pool), so the build's
 * transaction fails now and is rolled back, not after a statement of minutes (the inclusion list of
 * a million episodes). Returns the function that stops listening.
 */
export async function cancelOnAbort(dataSource: DataSource, client: ClientBase, signal: AbortSignal | undefined): Promise<() => void> {
  if (!signal) return () => undefined;
  const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  const cancel = () => void dataSource.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}
