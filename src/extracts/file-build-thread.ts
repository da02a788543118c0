/**
 * A build's row file (CSV or Parquet), written in a worker thread with a heap of its own
 * (resourceLimits), one file per thread, one thread at a time. Both formats raised the service's
 * RSS when written on its own thread: the CSV's bytes (COPY's chunks from the socket, their copies
 * with CRLF line ends) are ArrayBuffers outside the heap that the service's isolate, with its large
 * young generation (--max-semi-space-size=32), let pile up to 60-90 MB before a collection freed
 * them; the Parquet encoding (hyparquet-writer: levels, dictionaries, pages, Snappy, in JavaScript)
 * allocates much short-lived memory, which there raised the RSS by 200 MB and more. A worker's
 * isolate collects them within a few tens of MB (measured: the external buffers of a COPY stay
 * under about 25 MB), and what its thread's allocator keeps after a file is reused by the next.
 *
 * The worker reads on a connection of its own, in the snapshot of the build's reader transaction
 * (SET TRANSACTION SNAPSHOT) and with its settings (institutions for row-level security, project
 * key), so every file of a build holds exactly the rows of that snapshot.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../common/worker-thread';
import type { FileColumn, WrittenFile } from './extract-files';

/**
 * The worker's heap. A Parquet row group of 5,000 rows of the whole catalogue (74 columns) takes
 * about 20 MB while it is gathered and encoded; the file's footer (each row group's column chunks
 * with their statistics, written last) grows by about 2.5 MB per 100,000 rows (a synthetic file of
 * 74 columns: old generation 18 → 34 MB from 100,000 to 1,000,000 rows). Hence row groups of 5,000
 * (EXTRACT_PARQUET_ROW_GROUP_ROWS): twice as many rows would double the first, half as many double
 * the second (a million rows: 200 row groups). The old generation's 64 MB leave room for an extract
 * of about 1.5 million rows; a larger one ends the thread (out of memory) and the build fails. A
 * CSV needs almost none of it.
 */
const FILE_THREAD_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };

export interface FileThreadJob {
  /** The app role's connection string (the service's DATABASE_URL, or its embedded database's). */
  databaseUrl: string | undefined;
  /** pg_export_snapshot() of the build's reader transaction, open while the worker reads. */
  snapshot: string;
  /** The reader transaction's settings to repeat (app.institution_ids, the project key's). */
  settings: Record<string, string>;
  timeoutMs: number;
  sql: string;
  values: readonly unknown[];
  file: string;
  /** CSV by COPY (the query selects text as CSV writes it), or Parquet from a cursor of typed rows. */
  format: { csv: true } | ParquetFormat;
}

export interface ParquetFormat {
  columns: FileColumn[];
  rowGroupRows?: number;
}

export type FileThreadAnswer = { ok: true; written: WrittenFile } | { ok: false; message: string };

/** Writes the job's file in a worker thread; `signal` (the job's, aborted when the service stops) ends the thread and the read. */
export function writeFileInThread(job: FileThreadJob, signal?: AbortSignal): Promise<WrittenFile> {
  if (!job.databaseUrl) return Promise.reject(new Error('writeFileInThread: no database URL'));
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const options = { workerData: job, resourceLimits: FILE_THREAD_LIMITS, stdout: false, stderr: false };
    const worker: Worker = startWorker(__filename, 'file-build-worker', options);
    // terminating the thread ends its connection, and with it the worker's read
    const stop = () => {
      reject(abortReason(signal!));
      void worker.terminate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.once('message', (answer: FileThreadAnswer) => (answer.ok ? resolve(answer.written) : reject(new Error(answer.message))));
    worker.once('error', reject);
    // after an answer this changes nothing; without one (out of memory, a crash) it is the failure
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', stop);
      reject(new Error(`the file build thread stopped without an answer (exit code ${code})`));
    });
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the build was stopped');
}
