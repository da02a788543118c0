/**
 * The worker thread of file-build-thread.ts: reads the rows of a build's query on a connection of
 * its own, in the snapshot and with the settings of the build's reader transaction, and writes
 * them to its file: CSV as PostgreSQL writes it (COPY … TO STDOUT), Parquet from a cursor a row
 * group at a time. Answers what it wrote.
 * Imports only what can be loaded by Node's type stripping (see extract-files.ts).
 */
import { Client } from 'pg';
import { parentPort, workerData } from 'node:worker_threads';
import { ParquetFileWriter, writeRowFiles, type ExtractRow, type WrittenFile } from './extract-files';
import { longQueries, type LongQuery } from './extract-query';
import type { FileThreadAnswer, FileThreadJob, FileToWrite, ParquetFormat } from './file-build-thread';
import { copyCsvFile, cursorBatches } from './row-stream';

async function writeFile(job: FileThreadJob): Promise<WrittenFile> {
  const client = new Client({ connectionString: job.databaseUrl!, application_name: 'rehabreg-file-build' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await client.query(`SET TRANSACTION SNAPSHOT ${client.escapeLiteral(job.snapshot)}`);
    const settings = Object.entries(job.settings);
    if (settings.length > 0)
      await client.query(`SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`, settings.flat());
    const long = await longQueries(client, job.timeoutMs);
    const { file } = job;
    const written =
      'csv' in file.format ? await copyCsvFile(client, file.sql, file.values, file.file) : await writeParquet(long, file, file.format);
    await client.query('COMMIT');
    return written;
  } finally {
    await client.end();
  }
}

async function writeParquet(long: LongQuery, file: FileToWrite, format: ParquetFormat): Promise<WrittenFile> {
  const rows = cursorBatches<ExtractRow>(long, file.sql, [...file.values], { arrays: true });
  const [written] = await writeRowFiles(rows, [new ParquetFileWriter(file.file, format.columns, { rowGroupRows: format.rowGroupRows })]);
  return written;
}

writeFile(workerData as FileThreadJob).then(
  (written) => parentPort!.postMessage({ ok: true, written } satisfies FileThreadAnswer),
  (error: unknown) =>
    parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies FileThreadAnswer),
);
