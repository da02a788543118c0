/**
 * A build's row files (CSV or Parquet), each written in a worker thread with a heap of its own
 * (resourceLimits), one thread after the other, the next started only once the last has ended.
 * Both formats raised the service's RSS when written on its own thread: the CSV's bytes (COPY's
 * chunks from the socket, their copies) are ArrayBuffers outside the heap that the service's
 * isolate, with its large young generation, let pile up to 60-90 MB before a collection freed
 * them; the Parquet encoding (hyparquet-writer: levels, dictionaries, pages, Snappy, in JavaScript)
 * allocates much short-lived memory, which there raised the RSS by 200 MB and more. A worker's
 * isolate collects them within its small heap, and its heap is the system's again when the thread
 * ends; only what the thread's allocator kept (the COPY's buffers: 10-20 MB) stays with the process.
 *
 * The worker reads on a connection of its own, in the snapshot of the build's reader transaction
 * (SET TRANSACTION SNAPSHOT) and with its settings (institutions for row-level security, project
 * key), so every file of a build holds exactly the rows of that snapshot.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../common/worker-thread';
import type { FileColumn, WrittenFile } from './extract-files';
import type { SnapshotReader } from './snapshot-reader';

/**
 * The worker's heap. A Parquet row group of 5,000 rows of the whole catalogue (74 columns) takes
 * about 20 MB while it is gathered and encoded; the file's footer (each row group's column chunks
 * with their statistics), held until the end, about 10 MB at a million rows (extract-files.ts,
 * SharedFooterParts); and at the end hyparquet-writer makes a second description of the whole
 * footer to write it. Hence row groups of 5,000 (EXTRACT_PARQUET_ROW_GROUP_ROWS): at 10,000 the
 * service's RSS grew by 12-14 MB more at a million rows. The old generation needs its 64 MB (a
 * synthetic file of a million rows ran out of memory at the end with 48 MB); a young generation of
 * 8 MB rather than 16 lowered the service's peak RSS at a million rows by 12 MB (229-230 against
 * 241-245 MB). 64 MB hold about 1.5 million rows (the synthetic file: 1.5 million written, at a
 * heap of 67 MB; 2 million out of memory), so a file expected to be larger than a million rows
 * gets 32 MB more per million (2 million written with 96 MB, at 94 MB; 3 million with 128 MB and a
 * young generation of 16 MB, at 111 MB). A CSV needs almost none of it; an export's files (one
 * institution) are far smaller.
 */
function fileThreadLimits(format: FileToWrite['format']) {
  const rows = 'expectedRows' in format ? (format.expectedRows ?? 0) : 0;
  // the footer's share: 32 MB more per million rows beyond the first million
  const extraMillions = Math.max(0, Math.ceil((rows - 1_000_000) / 1_000_000));
  return { maxOldGenerationSizeMb: 64 + 32 * extraMillions, maxYoungGenerationSizeMb: 8 };
}

export interface FileThreadJob {
  /** The app role's connection string (the service's DATABASE_URL, or its embedded database's). */
  databaseUrl: string | undefined;
  /** pg_export_snapshot() of the build's reader transaction, open while the worker reads. */
  snapshot: string;
  /** The reader transaction's settings to repeat (app.institution_ids, the project key's). */
  settings: Record<string, string>;
  timeoutMs: number;
  file: FileToWrite;
}

export interface FileToWrite {
  sql: string;
  values: readonly unknown[];
  file: string;
  /** CSV by COPY (the query selects text as CSV writes it), or Parquet from a cursor of typed rows. */
  format: { csv: true } | ParquetFormat;
}

export interface ParquetFormat {
  columns: FileColumn[];
  rowGroupRows?: number;
  /** About how many rows the file will have, if known: a larger file's thread gets a larger heap. */
  expectedRows?: number;
}

export type FileThreadAnswer = { ok: true; written: WrittenFile } | { ok: false; message: string };

/**
 * Writes the files one after the other from `reader`'s snapshot, as its transaction reads them
 * (its settings), each in a worker thread of its own, and says what each holds, in the same order;
 * `signal` (the job's, aborted when the service stops) ends the thread and the read.
 */
export async function writeFilesInThreads(
  reader: SnapshotReader,
  databaseUrl: string | undefined,
  files: readonly FileToWrite[],
  signal?: AbortSignal,
): Promise<WrittenFile[]> {
  if (!databaseUrl) throw new Error('writeFilesInThreads: no database URL');
  const shared = { databaseUrl, ...(await reader.share()), timeoutMs: reader.timeoutMs };
  const written: WrittenFile[] = [];
  for (const file of files) written.push(await writeInThread({ ...shared, file }, signal));
  return written;
}

function writeInThread(job: FileThreadJob, signal?: AbortSignal): Promise<WrittenFile> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const options = { workerData: job, resourceLimits: fileThreadLimits(job.file.format), stdout: false, stderr: false };
    const worker: Worker = startWorker(__filename, 'file-build-worker', options);
    // terminating the thread ends its connection, and with it the worker's read
    const stop = () => {
      reject(abortReason(signal!));
      void worker.terminate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    // The answer counts once the thread has ended and its heap is the system's again: the next
    // thread, started at once, would otherwise add its heap to this one's for a moment.
    let answer: FileThreadAnswer | undefined;
    worker.once('message', (message: FileThreadAnswer) => {
      answer = message;
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', stop);
      if (answer?.ok) resolve(answer.written);
      else reject(new Error(answer?.message ?? `the file build thread stopped without an answer (exit code ${code})`));
    });
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the build was stopped');
}
