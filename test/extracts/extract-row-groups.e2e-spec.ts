/**
 * A build of more rows than a Parquet row group holds (EXTRACT_PARQUET_ROW_GROUP_ROWS set small):
 * the file has several row groups, each of the configured size but the last, and their rows read
 * back (DuckDB) as the CSV's, in the same order. Episodes admitted in 2007, a year no other suite uses.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExtractRequestDto } from '../../src/extracts/dto/extract-request.dto';
import { createScratchDatabase } from '../support/database';
import { Actor, createAdmin, createEpisode, createInstitutionWorld, createUser, newNationalId } from '../support/fixtures';
import { TestApp, createTestApp } from '../support/test-app';

jest.setTimeout(240_000);

const ROW_GROUP_ROWS = 4;
const EPISODES = 11;
const VARIABLES = [
  'patient',
  'episode',
  'age_band',
  'sex',
  'programme',
  'admission_month',
  'length_of_stay_days',
  'in_window_eq5d_admission',
];

let t: TestApp;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let admin: Actor;
let researcher: Actor;

beforeAll(async () => {
  // A register of its own: on the shared one, another suite's app (row groups of 5,000) could take this build's job.
  scratch = await createScratchDatabase();
  t = await createTestApp({
    DATABASE_URL: scratch.appUrl,
    DATABASE_OWNER_URL: scratch.ownerUrl,
    EXTRACT_PARQUET_ROW_GROUP_ROWS: String(ROW_GROUP_ROWS),
  });
  admin = await createAdmin(t);
  researcher = await createUser(t, admin, 'researcher');
  const world = await createInstitutionWorld(t, admin);
  for (let i = 0; i < EPISODES; i += 1) {
    const admitted = `2007-${String(1 + i).padStart(2, '0')}-0${1 + (i % 9)}`;
    await createEpisode(t, world.apiKey.headers, {
      patient: { nationalId: newNationalId(1930 + i * 5, i % 2 ? 'male' : 'female') },
      admissionDate: admitted,
      // every third episode still in rehabilitation: a null length of stay
      ...(i % 3 === 2 ? {} : { dischargeDate: `2007-${String(1 + i).padStart(2, '0')}-2${i % 9}`, dischargeDestination: 'home' }),
      programme: i % 2 ? 'cardiac' : 'stroke',
      consent: { status: 'given', date: admitted },
    });
  }
});

afterAll(async () => {
  await t?.close();
  await scratch?.drop();
});

async function download(id: string, name: string): Promise<Buffer> {
  const res = await t
    .http()
    .get(`/api/v1/extract-requests/${id}/files/${name}`)
    .set(researcher.headers)
    .buffer(true)
    .parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  return res.body as Buffer;
}

it('writes a build of more rows than a row group in several row groups, with the rows of the CSV', async () => {
  const applied = await t.http().post('/api/v1/extract-requests').set(researcher.headers).send({
    title: 'Row groups',
    purpose: 'A Parquet file of several row groups',
    legalBasis: 'GDPR art. 6(1)(e) and 9(2)(j)',
    ethicsReference: 'REK 2026/2007',
    variables: VARIABLES,
    periodFrom: '2007-01-01',
    periodTo: '2007-12-31',
  });
  expect(applied.status).toBe(201);
  const id = applied.body.id as string;
  const approved = await t.http().post(`/api/v1/admin/extract-requests/${id}/approve`).set(admin.headers).send({ note: 'Approved' });
  expect(approved.status).toBe(200);
  // the job polls every second; on a loaded machine a build of a few rows may still take a while
  let ready: ExtractRequestDto | undefined;
  let status = '';
  for (let i = 0; i < 480 && !ready; i += 1) {
    const res = await t.http().get(`/api/v1/extract-requests/${id}`).set(researcher.headers);
    status = res.body.status;
    if (status === 'ready') ready = res.body as ExtractRequestDto;
    else await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(status).toBe('ready');
  expect(ready?.files.find((f) => f.name === 'extract.parquet')?.rows).toBe(EPISODES);

  const csvRows = (await download(id, 'extract.csv'))
    .toString('utf8')
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(','));
  expect(csvRows[0]).toEqual(VARIABLES);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'extract-row-groups-')), 'extract.parquet');
  fs.writeFileSync(file, await download(id, 'extract.parquet'));
  const duck = await DuckDBInstance.create(':memory:');
  const connection = await duck.connect();
  try {
    const groups = (
      await connection.runAndReadAll(
        `SELECT DISTINCT row_group_id::integer, row_group_num_rows::integer FROM parquet_metadata('${file}') ORDER BY 1`,
      )
    ).getRowsJS();
    expect(groups).toEqual([
      [0, 4],
      [1, 4],
      [2, 3],
    ]);
    const parquetRows = (await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowsJS();
    expect(parquetRows.map((row) => row.map((value) => (value === null ? '' : String(value))))).toEqual(csvRows.slice(1));
    // the episodes numbered 1..n in file order, the nulls where an episode has no discharge
    expect(parquetRows.map((row) => row[1])).toEqual(Array.from({ length: EPISODES }, (_, i) => i + 1));
    expect(parquetRows.filter((row) => row[6] === null)).toHaveLength(Math.floor(EPISODES / 3));
  } finally {
    connection.closeSync();
    duck.closeSync();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});
