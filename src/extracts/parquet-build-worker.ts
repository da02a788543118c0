/**
 * The worker thread of parquet-build-thread.ts: reads the rows of a build's query through a cursor
 * on a connection of its own, in the snapshot and with the settings of the build's reader
 * transaction, and writes them to the Parquet file a row group at a time. Answers what it wrote.
 * Imports only what can be loaded by Node's type stripping (see extract-files.ts).
 */
import { Client } from 'pg';
import { parentPort, workerData } from 'node:worker_threads';
import { ParquetFileWriter, writeRowFiles, type ExtractRow, type WrittenFile } from './extract-files';
import { longQueries } from './extract-query';
import type { ParquetThreadAnswer, ParquetThreadJob } from './parquet-build-thread';
import { cursorBatches } from './row-stream';

async function writeParquet(job: ParquetThreadJob): Promise<WrittenFile> {
  const client = new Client({ connectionString: job.databaseUrl!, application_name: 'rehabreg-parquet' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await client.query(`SET TRANSACTION SNAPSHOT ${client.escapeLiteral(job.snapshot)}`);
    const settings = Object.entries(job.settings);
    if (settings.length > 0)
      await client.query(`SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`, settings.flat());
    const long = await longQueries(client, job.timeoutMs);
    const rows = cursorBatches<ExtractRow>(long, job.sql, [...job.values], { arrays: true });
    const [written] = await writeRowFiles(rows, [new ParquetFileWriter(job.file, job.columns, { rowGroupRows: job.rowGroupRows })]);
    await client.query('COMMIT');
    return written;
  } finally {
    await client.end();
  }
}

writeParquet(workerData as ParquetThreadJob).then(
  (written) => parentPort!.postMessage({ ok: true, written } satisfies ParquetThreadAnswer),
  (error: unknown) =>
    parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies ParquetThreadAnswer),
);
