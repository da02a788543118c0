/**
 * The row file writers on their own: any rows, in any batches, come back from the Parquet file
 * unchanged when DuckDB (another author's reader) reads them, in row groups of the size asked for;
 * PostgreSQL's CSV, in any chunks, becomes an RFC 4180 file (CRLF) with the same fields; and the
 * rows, size and SHA-256 a writer reports are those of the file on disk.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExtractRow, FileColumn, ParquetFileWriter, csvField, writeCsvChunks, writeRowFiles } from '../../src/extracts/extract-files';

jest.setTimeout(120_000);

const COLUMNS: FileColumn[] = [
  { name: 'label', type: 'string' },
  { name: 'count', type: 'integer' },
  { name: 'score', type: 'number' },
  { name: 'flag', type: 'boolean' },
];

const rowArbitrary = fc.tuple(
  fc.option(fc.string({ unit: 'grapheme', maxLength: 12 }), { nil: null }),
  fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { nil: null }),
  fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
  fc.option(fc.boolean(), { nil: null }),
);

async function* inBatches(rows: ExtractRow[], size: number): AsyncGenerator<ExtractRow[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

let duck: DuckDBInstance;
let dir: string;

beforeAll(async () => {
  duck = await DuckDBInstance.create(':memory:');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-files-'));
});

afterAll(() => {
  duck.closeSync();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function query(sql: string): Promise<unknown[][]> {
  const connection = await duck.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowsJS();
  } finally {
    connection.closeSync();
  }
}

function fileFacts(file: string): { bytes: number; sha256: string } {
  const bytes = fs.readFileSync(file);
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

it('writes any rows, in any batches, to Parquet that reads back the same, in row groups of the given size', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(rowArbitrary, { maxLength: 60 }),
      fc.integer({ min: 1, max: 25 }),
      fc.integer({ min: 1, max: 20 }),
      async (tuples, batchSize, rowGroupRows) => {
        const rows: ExtractRow[] = tuples.map((t) => [...t]);
        run += 1;
        const parquetFile = path.join(dir, `${run}.parquet`);
        const [parquet] = await writeRowFiles(inBatches(rows, batchSize), [new ParquetFileWriter(parquetFile, COLUMNS, { rowGroupRows })]);
        expect(parquet).toEqual({ rows: rows.length, ...fileFacts(parquetFile) });

        const fromParquet = await query(`SELECT label, count, score, flag FROM read_parquet('${parquetFile}')`);
        expect(fromParquet).toEqual(rows);
        const groups = await query(
          `SELECT DISTINCT row_group_id, row_group_num_rows::integer FROM parquet_metadata('${parquetFile}') ORDER BY row_group_id`,
        );
        const expected = Array.from({ length: Math.ceil(rows.length / rowGroupRows) }, (_, i) => [
          BigInt(i),
          Math.min(rowGroupRows, rows.length - i * rowGroupRows),
        ]);
        expect(groups).toEqual(expected);
        fs.rmSync(parquetFile);
      },
    ),
    { numRuns: 40 },
  );
});

/** Chunks of `bytes` cut at the given points, as a COPY's stream may deliver them. */
async function* cutAt(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let start = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

it("turns PostgreSQL's CSV (LF line ends), in any chunks, into RFC 4180 (CRLF) with the same fields and rows", async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(rowArbitrary, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 12 }), async (tuples, cuts) => {
      const rows: ExtractRow[] = tuples.map((t) => [...t]);
      // quoted where a field holds a comma, a quote or a line break, as COPY … FORMAT csv does
      const lines = (end: string) => [COLUMNS.map((c) => c.name), ...rows].map((row) => `${row.map(csvField).join(',')}${end}`).join('');
      run += 1;
      const csvFile = path.join(dir, `${run}.csv`);
      const written = await writeCsvChunks(cutAt(Buffer.from(lines('\n')), cuts), csvFile);
      expect(fs.readFileSync(csvFile, 'utf8')).toBe(lines('\r\n'));
      expect(written).toEqual({ rows: rows.length, ...fileFacts(csvFile) });
      const fromCsv = await query(
        `SELECT * FROM read_csv('${csvFile}', header = true, all_varchar = true, quote = '"', escape = '"', delim = ',', strict_mode = true,
           columns = {'label': 'VARCHAR', 'count': 'VARCHAR', 'score': 'VARCHAR', 'flag': 'VARCHAR'})`,
      );
      const asText = (value: ExtractRow[number]) => (value === null || value === '' ? null : String(value));
      expect(fromCsv).toEqual(rows.map((row) => row.map(asText)));
      fs.rmSync(csvFile);
    }),
    { numRuns: 60 },
  );
});

it('writes an empty Parquet file for no rows', async () => {
  const parquetFile = path.join(dir, 'empty.parquet');
  const [parquet] = await writeRowFiles(inBatches([], 1), [new ParquetFileWriter(parquetFile, COLUMNS)]);
  expect(parquet.rows).toBe(0);
  expect(await query(`SELECT count(*)::integer FROM read_parquet('${parquetFile}')`)).toEqual([[0]]);
});

it('stops the file when the row stream fails, and says why', async () => {
  async function* failing(): AsyncGenerator<ExtractRow[]> {
    yield [['a', 1, 1.5, true]];
    throw new Error('the cursor broke');
  }
  await expect(writeRowFiles(failing(), [new ParquetFileWriter(path.join(dir, 'f.parquet'), COLUMNS)])).rejects.toThrow('the cursor broke');
});
