/**
 * A build's Parquet file, written in a worker thread with a heap of its own (resourceLimits): the
 * encoding of row groups (hyparquet-writer: levels, dictionaries, pages, Snappy, all in JavaScript)
 * allocates much short-lived memory, which in the service's own heap (large young generation, lazy
 * full collections) raised the process's RSS by 200 MB and more during a build. In the worker the
 * rows are read and encoded within a bounded heap, and the service's heap stays as it was.
 *
 * The worker reads on a connection of its own, in the snapshot of the build's reader transaction
 * (SET TRANSACTION SNAPSHOT) and with its settings (institutions for row-level security, project
 * key), so the Parquet file holds exactly the rows of the CSV written by that transaction.
 */
import { startWorker } from '../common/worker-thread';
import type { FileColumn, WrittenFile } from './extract-files';

/** The worker's heap: a row group of 5,000 rows of the whole catalogue takes about 20 MB while it is encoded. */
const PARQUET_THREAD_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 16 };

export interface ParquetThreadJob {
  /** The app role's connection string (the service's DATABASE_URL, or its embedded database's). */
  databaseUrl: string | undefined;
  /** pg_export_snapshot() of the build's reader transaction, open while the worker reads. */
  snapshot: string;
  /** The reader transaction's settings to repeat (app.institution_ids, the project key's). */
  settings: Record<string, string>;
  timeoutMs: number;
  sql: string;
  values: readonly unknown[];
  columns: FileColumn[];
  rowGroupRows?: number;
  file: string;
}

export type ParquetThreadAnswer = { ok: true; written: WrittenFile } | { ok: false; message: string };

export function writeParquetInThread(job: ParquetThreadJob): Promise<WrittenFile> {
  if (!job.databaseUrl) return Promise.reject(new Error('writeParquetInThread: no database URL'));
  return new Promise((resolve, reject) => {
    const options = { workerData: job, resourceLimits: PARQUET_THREAD_LIMITS, stdout: false, stderr: false };
    const worker = startWorker(__filename, 'parquet-build-worker', options);
    worker.once('message', (answer: ParquetThreadAnswer) => (answer.ok ? resolve(answer.written) : reject(new Error(answer.message))));
    worker.once('error', reject);
    // after an answer this changes nothing; without one (out of memory, a crash) it is the failure
    worker.once('exit', (code) => reject(new Error(`the Parquet worker thread stopped without an answer (exit code ${code})`)));
  });
}
