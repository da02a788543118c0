/**
 * Institutions' own-data exports end to end through HTTP, with the real job queue: an administrator
 * makes a staff member a data manager, who exports the institution's episodes and responses; the
 * files hold exactly that institution's rows (two institutions share a patient here), never a
 * withdrawn patient's; others are refused; the files read back (CSV, Parquet with DuckDB) and their
 * checksums verify; downloads and requests are audited; expired exports answer 410.
 */
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstitutionExportDto } from '../../src/exports/dto/institution-export.dto';
import { InstitutionExportExpiry } from '../../src/exports/institution-export-expiry';
import { downloadFile, readParquet, waitForJob } from '../support/built-files';
import { asAppRole, asOwner, pseudonymOf } from '../support/database';
import {
  Actor,
  BARTHEL_FULL,
  EQ5D_WORST,
  InstitutionWorld,
  createAdmin,
  createDataManager,
  createEpisode,
  createInstitutionWorld,
  createUser,
  newNationalId,
} from '../support/fixtures';
import { TestApp, createTestApp } from '../support/test-app';

jest.setTimeout(120_000);

const PERIOD = { periodFrom: '2012-01-01', periodTo: '2012-12-31' };
const REGISTER_CONTENT = {
  rehabLevel: '5.2',
  professions: ['physician', 'physiotherapist'],
  individualPlan: 'established',
  coordinator: 'assigned',
  municipalityNotifiedDate: '2012-03-28',
};

let t: TestApp;
let admin: Actor;
let a: InstitutionWorld;
let b: InstitutionWorld;
let managerA: Actor;
let managerB: Actor;
const patients = {
  shared: newNationalId(1950),
  onlyA: newNationalId(1961, 'male'),
  withdrawing: newNationalId(1944),
  onlyB: newNationalId(1970),
};
const episodes = { a: [] as string[], aOutsidePeriod: '', aWithdrawn: '', b: [] as string[] };
let correctedResponse: { first: string; second: string };

async function respond(world: InstitutionWorld, episodeId: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.http().post(`/api/v1/episodes/${episodeId}/responses`).set(world.apiKey.headers).send(body);
  expect(res.status).toBe(201);
  return res.body.id;
}

async function requestExport(format: 'csv' | 'parquet', as = managerA): Promise<string> {
  const res = await t
    .http()
    .post('/api/v1/exports')
    .set(as.headers)
    .send({ ...PERIOD, format });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'queued', format, institutionId: as === managerA ? a.id : b.id, files: [] });
  return res.body.id;
}

function waitForReady(id: string, as = managerA): Promise<InstitutionExportDto> {
  return waitForJob(() => t.http().get(`/api/v1/exports/${id}`).set(as.headers));
}

function download(id: string, name: string, as = managerA) {
  return downloadFile(t, `/api/v1/exports/${id}/files/${name}`, as.headers);
}

/** RFC 4180 CSV as records keyed by the header row. */
function records(bytes: Buffer): Record<string, string>[] {
  return parse(bytes.toString('utf8'), { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

/** Build jobs ever queued for institution A. */
async function queuedJobs(): Promise<number> {
  const { rows } = await asOwner((c) =>
    c.query(`SELECT count(*)::int AS n FROM pgboss.job_common WHERE name = 'institution-export-build' AND data ->> 'institutionId' = $1`, [
      a.id,
    ]),
  );
  return rows[0].n;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await createAdmin(t);
  a = await createInstitutionWorld(t, admin, 'helse-nord');
  b = await createInstitutionWorld(t, admin, 'helse-vest');
  managerA = await createDataManager(t, admin, a);
  managerB = await createDataManager(t, admin, b);

  const first = await createEpisode(t, a.apiKey.headers, {
    patient: { nationalId: patients.shared },
    admissionDate: '2012-03-02',
    dischargeDate: '2012-04-01',
    dischargeDestination: 'home',
    consent: { status: 'given', date: '2012-03-02' },
    ...REGISTER_CONTENT,
  });
  const second = await createEpisode(t, a.apiKey.headers, {
    patient: { nationalId: patients.onlyA },
    admissionDate: '2012-05-05',
    programme: 'cardiac',
    mainDiagnosis: 'I21.0',
    consent: { status: 'given', date: '2012-05-05' },
  });
  episodes.a = [first.id, second.id];
  episodes.aOutsidePeriod = (
    await createEpisode(t, a.apiKey.headers, {
      patient: { nationalId: patients.onlyA },
      admissionDate: '2013-02-02',
      consent: { status: 'given', date: '2013-02-02' },
    })
  ).id;
  episodes.aWithdrawn = (
    await createEpisode(t, a.apiKey.headers, {
      patient: { nationalId: patients.withdrawing },
      admissionDate: '2012-06-06',
      consent: { status: 'given', date: '2012-06-06' },
    })
  ).id;
  const withdrawn = await t.http().post('/api/v1/withdrawals').set(a.staff.headers).send({ nationalId: patients.withdrawing });
  expect(withdrawn.status).toBe(200);
  // the shared patient also at B, and one of B's own
  episodes.b = [
    (
      await createEpisode(t, b.apiKey.headers, {
        patient: { nationalId: patients.shared },
        admissionDate: '2012-07-07',
        consent: { status: 'given', date: '2012-07-07' },
      })
    ).id,
    (
      await createEpisode(t, b.apiKey.headers, {
        patient: { nationalId: patients.onlyB },
        admissionDate: '2012-08-08',
        consent: { status: 'given', date: '2012-08-08' },
      })
    ).id,
  ];
  await respond(b, episodes.b[0], {
    timepoint: 'admission',
    instrument: 'eq5d-5l',
    completedDate: '2012-07-08',
    mode: 'clinician',
    answers: EQ5D_WORST,
  });

  await respond(a, first.id, {
    timepoint: 'admission',
    instrument: 'eq5d-5l',
    completedDate: '2012-03-03',
    mode: 'patient_paper',
    answers: EQ5D_WORST,
  });
  await respond(a, first.id, {
    timepoint: 'admission',
    instrument: 'barthel',
    completedDate: '2012-03-03',
    mode: 'clinician',
    answers: BARTHEL_FULL,
  });
  const mrs = { timepoint: 'admission', instrument: 'mrs', completedDate: '2012-03-03', mode: 'clinician' };
  const mrsFirst = await respond(a, first.id, { ...mrs, answers: { score: 4 } });
  // a correction: a second version of the same response
  const corrected = await t
    .http()
    .put(`/api/v1/episodes/${first.id}/responses/${mrsFirst}`)
    .set(a.staff.headers)
    .send({ ...mrs, answers: { score: 3 } });
  expect(corrected.status).toBe(200);
  const mrsSecond: string = corrected.body.id;
  correctedResponse = { first: mrsFirst, second: mrsSecond };
});

afterAll(() => t.close());

describe('data managers', () => {
  it('are granted and removed by an administrator, and see it in /auth/me', async () => {
    const me = await t.http().get('/api/v1/auth/me').set(managerA.headers);
    expect(me.body).toMatchObject({ institutionIds: [a.id], dataManagerInstitutionIds: [a.id] });
    const plain = await t.http().get('/api/v1/auth/me').set(a.staff.headers);
    expect(plain.body.dataManagerInstitutionIds).toEqual([]);

    const extra = await createUser(t, admin, 'staff', [a.id]);
    const granted = await t.http().put(`/api/v1/admin/users/${extra.id}/institutions/${a.id}/data-manager`).set(admin.headers);
    expect(granted.status).toBe(200);
    expect((await t.http().get('/api/v1/exports').set(extra.headers)).status).toBe(200);
    const removed = await t.http().delete(`/api/v1/admin/users/${extra.id}/institutions/${a.id}/data-manager`).set(admin.headers);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ institutionIds: [a.id], dataManagerInstitutionIds: [] });
    expect((await t.http().get('/api/v1/exports').set(extra.headers)).status).toBe(403);

    const audit = await asOwner((c) =>
      c.query(`SELECT action FROM audit_events WHERE $1 = ANY (object_ids) AND action LIKE 'membership.%' ORDER BY id`, [extra.id]),
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['membership.grant_data_manager', 'membership.remove_data_manager']);
  });

  it('can only be made of an institution the user is a member of: 404 otherwise', async () => {
    const res = await t.http().put(`/api/v1/admin/users/${managerA.id}/institutions/${b.id}/data-manager`).set(admin.headers);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('keep the role when an administrator changes their other institutions', async () => {
    const staff = await createUser(t, admin, 'staff', [a.id]);
    await t.http().put(`/api/v1/admin/users/${staff.id}/institutions/${a.id}/data-manager`).set(admin.headers).expect(200);
    const both = await t
      .http()
      .patch(`/api/v1/admin/users/${staff.id}`)
      .set(admin.headers)
      .send({ institutionIds: [a.id, b.id] });
    expect(both.body).toMatchObject({ dataManagerInstitutionIds: [a.id] });
    const onlyB = await t
      .http()
      .patch(`/api/v1/admin/users/${staff.id}`)
      .set(admin.headers)
      .send({ institutionIds: [b.id] });
    expect(onlyB.body).toMatchObject({ institutionIds: [b.id], dataManagerInstitutionIds: [] });
  });
});

describe('an export in CSV', () => {
  let id: string;
  let exported: InstitutionExportDto;
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    id = await requestExport('csv');
    exported = await waitForReady(id);
    for (const file of exported.files) {
      const res = await download(id, file.name);
      expect(res.status).toBe(200);
      files.set(file.name, res.body as Buffer);
    }
  });

  it('is ready with its four files and counts', () => {
    expect(exported).toMatchObject({ status: 'ready', episodeCount: 2, responseCount: 4, patientCount: 2, failure: null });
    expect(exported.files.map((f) => f.name)).toEqual(['codebook.csv', 'episodes.csv', 'manifest.json', 'responses.csv']);
  });

  it("holds exactly the institution's episodes of the period, with register pseudonyms and full dates, never a withdrawn patient's", () => {
    const rows = records(files.get('episodes.csv')!);
    expect(rows.map((r) => r.episode_id).sort()).toEqual([...episodes.a].sort());
    const first = rows.find((r) => r.episode_id === episodes.a[0])!;
    expect(first).toMatchObject({
      pseudonym: pseudonymOf(t, patients.shared),
      admission_date: '2012-03-02',
      discharge_date: '2012-04-01',
      length_of_stay_days: '30',
      rehab_level: '5.2',
      professions: 'physician|physiotherapist',
      profession_count: '2',
      individual_plan: 'established',
      coordinator: 'assigned',
      municipality_notified_date: '2012-03-28',
      consent_status: 'given',
      local_only: 'false',
    });
    const text = files.get('episodes.csv')!.toString('utf8') + files.get('responses.csv')!.toString('utf8');
    for (const foreign of [...episodes.b, episodes.aOutsidePeriod, episodes.aWithdrawn, b.id]) expect(text).not.toContain(foreign);
    for (const pseudonym of [pseudonymOf(t, patients.onlyB), pseudonymOf(t, patients.withdrawing)]) expect(text).not.toContain(pseudonym);
    for (const nationalId of Object.values(patients)) expect(text).not.toContain(nationalId);
  });

  it('holds one row per response version, the corrected one marked not current', () => {
    const rows = records(files.get('responses.csv')!);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.episode_id))).toEqual(new Set([episodes.a[0]]));
    const byId = new Map(rows.map((r) => [r.response_id, r]));
    expect(byId.get(correctedResponse.first)).toMatchObject({ instrument: 'mrs', version: '1', current: 'false', mrs_score: '4' });
    expect(byId.get(correctedResponse.second)).toMatchObject({
      instrument: 'mrs',
      version: '2',
      current: 'true',
      mrs_score: '3',
      supersedes_id: correctedResponse.first,
    });
    const eq5d = rows.find((r) => r.instrument === 'eq5d-5l')!;
    expect(eq5d).toMatchObject({ eq5d_state: '55555', eq5d_vas: '10', completed_date: '2012-03-03', mode: 'patient_paper' });
    expect(JSON.parse(eq5d.answers)).toMatchObject({ mobility: 5, vas: 10 });
  });

  it('has a codebook of every column of both files', () => {
    const codebook = records(files.get('codebook.csv')!);
    const episodeColumns = Object.keys(records(files.get('episodes.csv')!)[0]);
    const responseColumns = Object.keys(records(files.get('responses.csv')!)[0]);
    expect(codebook.filter((r) => r.file === 'episodes').map((r) => r.variable)).toEqual(episodeColumns);
    expect(codebook.filter((r) => r.file === 'responses').map((r) => r.variable)).toEqual(responseColumns);
    expect(codebook.find((r) => r.variable === 'rehab_level')).toMatchObject({ type: 'string', allowed_values: '1|2|3|4|5.1|5.2|5.3' });
  });

  it("has a manifest whose checksums and sizes verify, and each download's ETag and Content-Length are the file's", async () => {
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({
      export: { id, institutionId: a.id, requestedBy: managerA.id },
      period: { from: PERIOD.periodFrom, to: PERIOD.periodTo },
      format: 'csv',
      episodeCount: 2,
      responseCount: 4,
    });
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(['episodes.csv', 'responses.csv', 'codebook.csv']);
    for (const file of manifest.files as { name: string; sha256: string; bytes: number }[]) {
      const bytes = files.get(file.name)!;
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
      expect(bytes.length).toBe(file.bytes);
    }
    for (const file of exported.files) {
      const res = await download(id, file.name);
      expect(res.headers.etag).toBe(`"${file.sha256}"`);
      expect(Number(res.headers['content-length'])).toBe(file.bytes);
      expect(
        createHash('sha256')
          .update(res.body as Buffer)
          .digest('hex'),
      ).toBe(file.sha256);
    }
  });

  it('audits the request and every download, with the institution', async () => {
    const audit = await asOwner((c) =>
      c.query(
        `SELECT action, institution_id, object_ids FROM audit_events WHERE $1 = ANY (object_ids) AND action LIKE 'export.%' ORDER BY id`,
        [id],
      ),
    );
    const actions = audit.rows.map((r) => r.action);
    expect(actions.slice(0, 2)).toEqual(['export.request', 'export.build']);
    expect(actions.filter((x) => x === 'export.download')).toHaveLength(8);
    expect(new Set(audit.rows.map((r) => r.institution_id))).toEqual(new Set([a.id]));
  });

  it('is listed for its data manager only, and is not found by the data manager of another institution', async () => {
    const mine = await t.http().get('/api/v1/exports').set(managerA.headers);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(id);
    const theirs = await t.http().get('/api/v1/exports').set(managerB.headers);
    expect(theirs.body.items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await t.http().get(`/api/v1/exports/${id}`).set(managerB.headers)).status).toBe(404);
    expect((await download(id, 'episodes.csv', managerB)).status).toBe(404);
  });

  it('is under row-level security: the app role without institutions sees none of it', async () => {
    const owner = await asOwner((c) => c.query(`SELECT count(*)::int AS n FROM institution_export_files WHERE export_id = $1`, [id]));
    expect(owner.rows[0].n).toBe(4);
    const app = await asAppRole((c) =>
      c.query(
        `SELECT (SELECT count(*)::int FROM institution_exports WHERE id = $1) AS exports,
                (SELECT count(*)::int FROM institution_export_files WHERE export_id = $1) AS files`,
        [id],
      ),
    );
    expect(app.rows[0]).toEqual({ exports: 0, files: 0 });
  });

  it('answers an unknown file name 404 and a path in the name 400, as problems', async () => {
    const unknown = await download(id, 'extract.csv');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    for (const name of ['..%2F..%2Fmanifest.json', '%2E%2E', '..', 'episodes.csv%2F..%2F..%2Fetc%2Fpasswd', '.manifest.json']) {
      const res = await download(id, name);
      expect([400, 404]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.status).toBe(res.status);
    }
    expect((await download(id, '..%2F..%2Fmanifest.json')).status).toBe(400);
  });

  it('answers 410, not a broken download, when a file is missing from the store (a restore without files)', async () => {
    fs.rmSync(path.join(t.config.extractDir, id, 'codebook.csv'));
    const res = await download(id, 'codebook.csv');
    expect(res.status).toBe(410);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await download(id, 'manifest.json')).status).toBe(200);
  });

  it('is gone after it expires: 410, and its files deleted from disk', async () => {
    await asOwner((c) => c.query(`UPDATE institution_exports SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]));
    expect((await download(id, 'episodes.csv')).status).toBe(410);
    expect(await t.app.get(InstitutionExportExpiry).expireDue()).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(path.join(t.config.extractDir, id))).toBe(false);
    const gone = await download(id, 'episodes.csv');
    expect(gone.status).toBe(410);
    expect(gone.headers['content-type']).toMatch(/application\/problem\+json/);
    const after = await t.http().get(`/api/v1/exports/${id}`).set(managerA.headers);
    expect(after.body).toMatchObject({ status: 'expired', files: [] });
    const expired = await asOwner((c) =>
      c.query(`SELECT count(*)::int AS n FROM audit_events WHERE $1 = ANY (object_ids) AND action = 'export.expire'`, [id]),
    );
    expect(expired.rows[0].n).toBe(1);
  });
});

describe('an export in Parquet', () => {
  it('reads back with DuckDB with typed columns and the same rows as the CSV export', async () => {
    const csvId = await requestExport('csv');
    const parquetId = await requestExport('parquet');
    const parquetExport = await waitForReady(parquetId);
    await waitForReady(csvId);
    expect(parquetExport.files.map((f) => f.name)).toEqual(['codebook.csv', 'episodes.parquet', 'manifest.json', 'responses.parquet']);
    for (const name of ['episodes', 'responses']) {
      const csv = records((await download(csvId, `${name}.csv`)).body as Buffer);
      const parquet = await readParquet((await download(parquetId, `${name}.parquet`)).body as Buffer);
      expect(parquet.names).toEqual(Object.keys(csv[0]));
      expect(parquet.records).toHaveLength(csv.length);
      // dates and timestamps as the CSV writes them: YYYY-MM-DD, ISO 8601 in UTC
      const typeOf = (column: string) => parquet.types[parquet.names.indexOf(column)];
      const text = (column: string, v: unknown) =>
        v === null ? '' : v instanceof Date ? (typeOf(column) === 'DATE' ? v.toISOString().slice(0, 10) : v.toISOString()) : String(v);
      const asText = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, text(k, v)]));
      expect(parquet.records.map(asText)).toEqual(csv);
    }
    const episodes = await readParquet((await download(parquetId, 'episodes.parquet')).body as Buffer);
    const type = (column: string) => episodes.types[episodes.names.indexOf(column)];
    expect([type('birth_year'), type('length_of_stay_days'), type('local_only'), type('admission_date'), type('created_at')]).toEqual([
      'INTEGER',
      'INTEGER',
      'BOOLEAN',
      'DATE',
      'TIMESTAMP',
    ]);
    const manifest = JSON.parse(((await download(parquetId, 'manifest.json')).body as Buffer).toString('utf8'));
    for (const file of manifest.files as { name: string; sha256: string }[]) {
      const bytes = (await download(parquetId, file.name)).body as Buffer;
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    }
  });
});

describe('refusals', () => {
  it('refuses everyone but data managers: staff, researchers, administrators and API keys get 403', async () => {
    const researcher = await createUser(t, admin, 'researcher');
    const id = await requestExport('csv');
    for (const headers of [a.staff.headers, researcher.headers, admin.headers, a.apiKey.headers]) {
      for (const req of [
        t
          .http()
          .post('/api/v1/exports')
          .set(headers)
          .send({ ...PERIOD, format: 'csv' }),
        t.http().get('/api/v1/exports').set(headers),
        t.http().get(`/api/v1/exports/${id}`).set(headers),
        t.http().get(`/api/v1/exports/${id}/files/episodes.csv`).set(headers),
      ]) {
        const res = await req;
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
    expect((await t.http().get('/api/v1/exports')).status).toBe(401);
  });

  it('answers bad input with 400 problem+json and queues nothing', async () => {
    const before = { jobs: await queuedJobs(), exports: (await t.http().get('/api/v1/exports').set(managerA.headers)).body.items.length };
    const cases: [Record<string, unknown>, string][] = [
      [{ periodFrom: '2012-12-31', periodTo: '2012-01-01', format: 'csv' }, '/periodTo'],
      [{ ...PERIOD, format: 'xlsx' }, '/format'],
      [{ ...PERIOD }, '/format'],
      [{ periodFrom: '2012-02-30', periodTo: '2012-12-31', format: 'csv' }, '/periodFrom'],
      [{ ...PERIOD, format: 'csv', institutionId: 'not-a-uuid' }, '/institutionId'],
    ];
    for (const [body, pointer] of cases) {
      const res = await t.http().post('/api/v1/exports').set(managerA.headers).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    const foreign = await t
      .http()
      .post('/api/v1/exports')
      .set(managerA.headers)
      .send({ ...PERIOD, format: 'csv', institutionId: b.id });
    expect(foreign.status).toBe(404);
    expect(await queuedJobs()).toBe(before.jobs);
    expect((await t.http().get('/api/v1/exports').set(managerA.headers)).body.items).toHaveLength(before.exports);
  });
});
