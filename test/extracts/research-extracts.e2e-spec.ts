/**
 * Research extracts end to end through HTTP, with the real job queue: a researcher applies, an
 * administrator approves, the build job writes the files, the researcher downloads them; and what
 * must never be in them. Episodes here are admitted in 2011, a year no other suite uses, so the
 * extracts hold this file's patients only.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExtractRequestDto } from '../../src/extracts/dto/extract-request.dto';
import { projectInstitutionCode, projectPseudonym } from '../../src/extracts/extract-builder';
import { ExtractExpiry } from '../../src/extracts/extract-expiry';
import { downloadFile, readParquet, waitForJob } from '../support/built-files';
import { asAppRole, asOwner, pseudonymOf } from '../support/database';
import {
  Actor,
  BARTHEL_FULL,
  EQ5D_WORST,
  InstitutionWorld,
  createAdmin,
  createEpisode,
  createInstitutionWorld,
  createUser,
  newNationalId,
} from '../support/fixtures';
import { TestApp, createTestApp } from '../support/test-app';

jest.setTimeout(120_000);

const PERIOD = { periodFrom: '2011-01-01', periodTo: '2011-12-31' };
/** The first episode's register content and mRS, as the extract with CONTENT_VARIABLES must show them. */
const REGISTER_CONTENT = {
  rehabLevel: '5.2',
  professions: ['occupational_therapist', 'physician', 'physiotherapist'],
  individualPlan: 'offered_declined',
  coordinator: 'assigned',
  municipalityNotifiedDate: '2011-03-28',
};
const MRS = { admission: { score: 4, completedDate: '2011-03-03' }, discharge: { score: 2, completedDate: '2011-04-01' } };
const CONTENT_VARIABLES = [
  'admission_month',
  'rehab_level',
  'profession_count',
  'profession_physician',
  'profession_nurse',
  'profession_physiotherapist',
  'profession_occupational_therapist',
  'profession_other',
  'individual_plan',
  'coordinator',
  'municipality_notified_days',
  'mrs_admission',
  'mrs_discharge',
  'response_mode_mrs_admission',
  'in_window_mrs_admission',
  'in_window_mrs_discharge',
];
const VARIABLES = [
  'patient',
  'episode',
  'age_band',
  'sex',
  'institution',
  'programme',
  'admission_month',
  'length_of_stay_days',
  'eq5d_admission_state',
  'eq5d_admission_index',
  'barthel_admission_total',
  'barthel_admission_toilet_use',
  'in_window_eq5d_admission',
];

let t: TestApp;
let admin: Actor;
let researcher: Actor;
let otherResearcher: Actor;
let world: InstitutionWorld;
const patients = { twice: newNationalId(1950), once: newNationalId(1961, 'male'), withdrawing: newNationalId(1944) };

function application(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Function after rehabilitation',
    purpose: 'Compare Barthel change between programmes',
    legalBasis: 'GDPR art. 6(1)(e) and 9(2)(j); health register act § 19 b',
    ethicsReference: 'REK 2026/4711',
    variables: VARIABLES,
    ...PERIOD,
    ...overrides,
  };
}

async function apply(body = application()): Promise<string> {
  const res = await t.http().post('/api/v1/extract-requests').set(researcher.headers).send(body);
  expect(res.status).toBe(201);
  return res.body.id;
}

async function approve(id: string): Promise<void> {
  const res = await t.http().post(`/api/v1/admin/extract-requests/${id}/approve`).set(admin.headers).send({ note: 'REK approval checked' });
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('approved');
}

function waitForReady(id: string): Promise<ExtractRequestDto> {
  return waitForJob(() => t.http().get(`/api/v1/extract-requests/${id}`).set(researcher.headers));
}

function download(id: string, name: string, as = researcher) {
  return downloadFile(t, `/api/v1/extract-requests/${id}/files/${name}`, as.headers);
}

function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(','));
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await createAdmin(t);
  researcher = await createUser(t, admin, 'researcher');
  otherResearcher = await createUser(t, admin, 'researcher');
  world = await createInstitutionWorld(t, admin);
  const first = await createEpisode(t, world.apiKey.headers, {
    patient: { nationalId: patients.twice },
    admissionDate: '2011-03-02',
    dischargeDate: '2011-04-01',
    dischargeDestination: 'home',
    consent: { status: 'given', date: '2011-03-02' },
    ...REGISTER_CONTENT,
  });
  await createEpisode(t, world.apiKey.headers, {
    patient: { nationalId: patients.twice },
    admissionDate: '2011-09-10',
    consent: { status: 'given', date: '2011-09-10' },
  });
  await createEpisode(t, world.apiKey.headers, {
    patient: { nationalId: patients.once },
    admissionDate: '2011-05-05',
    programme: 'cardiac',
    consent: { status: 'given', date: '2011-05-05' },
  });
  await createEpisode(t, world.apiKey.headers, {
    patient: { nationalId: patients.withdrawing },
    admissionDate: '2011-06-06',
    consent: { status: 'given', date: '2011-06-06' },
  });
  for (const [instrument, answers] of [
    ['eq5d-5l', EQ5D_WORST],
    ['barthel', BARTHEL_FULL],
  ] as const) {
    const res = await t
      .http()
      .post(`/api/v1/episodes/${first.id}/responses`)
      .set(world.apiKey.headers)
      .send({ timepoint: 'admission', instrument, completedDate: '2011-03-03', mode: 'clinician', answers });
    expect(res.status).toBe(201);
  }
  for (const [timepoint, { score, completedDate }] of Object.entries(MRS)) {
    const res = await t
      .http()
      .post(`/api/v1/episodes/${first.id}/responses`)
      .set(world.apiKey.headers)
      .send({ timepoint, instrument: 'mrs', completedDate, mode: 'clinician', answers: { score } });
    expect(res.status).toBe(201);
  }
});

afterAll(() => t.close());

describe('the variable catalogue', () => {
  it('is published with a type, description, unit and allowed values per variable', async () => {
    const res = await t.http().get('/api/v1/extract-variables');
    expect(res.status).toBe(200);
    const byName = new Map(res.body.variables.map((v: { name: string }) => [v.name, v]));
    for (const name of [...VARIABLES, 'region', 'institution_kind', 'main_diagnosis_chapter', 'eq5d_value_set', 'barthel_discharge_stairs'])
      expect(byName.has(name)).toBe(true);
    expect(byName.get('age_band')).toMatchObject({ type: 'string', unit: 'years' });
    expect(byName.get('barthel_admission_transfers')).toMatchObject({ type: 'integer', allowedValues: [0, 5, 10, 15] });
  });

  it('holds the register content and the modified Rankin Scale, professions as one 0/1 column each', async () => {
    const res = await t.http().get('/api/v1/extract-variables');
    const byName = new Map(res.body.variables.map((v: { name: string }) => [v.name, v]));
    for (const name of [...CONTENT_VARIABLES, 'profession_vision_teacher', 'response_mode_mrs_discharge'])
      expect(byName.has(name)).toBe(true);
    expect(byName.has('professions')).toBe(false);
    expect(byName.get('rehab_level')).toMatchObject({ type: 'string', allowedValues: ['1', '2', '3', '4', '5.1', '5.2', '5.3'] });
    expect(byName.get('individual_plan')).toMatchObject({
      type: 'string',
      allowedValues: ['established', 'offered_declined', 'not_needed', 'not_assessed'],
    });
    expect(byName.get('coordinator')).toMatchObject({ type: 'string', allowedValues: ['assigned', 'not_assigned', 'not_needed'] });
    expect(byName.get('profession_speech_therapist')).toMatchObject({ type: 'integer', allowedValues: [0, 1] });
    expect(byName.get('profession_count')).toMatchObject({ type: 'integer', allowedValues: null });
    expect(byName.get('municipality_notified_days')).toMatchObject({ type: 'integer', unit: 'days' });
    expect(byName.get('mrs_discharge')).toMatchObject({ type: 'integer', allowedValues: [0, 1, 2, 3, 4, 5, 6] });
    expect(byName.get('in_window_mrs_admission')).toMatchObject({ type: 'boolean' });
  });
});

describe('a research extract of the register content', () => {
  let csv: string[][];
  let parquet: { names: string[]; types: string[]; rows: unknown[][] };

  beforeAll(async () => {
    const id = await apply(application({ variables: CONTENT_VARIABLES }));
    await approve(id);
    const ready = await waitForReady(id);
    expect(ready.rowCount).toBe(4);
    csv = parseCsv((await download(id, 'extract.csv')).body.toString('utf8'));
    parquet = await readParquet((await download(id, 'extract.parquet')).body);
  });

  it('gives the episode its level, professions (0/1 each), plan, coordinator, notification day and mRS in the CSV', () => {
    const [header, ...rows] = csv;
    expect(header).toEqual(CONTENT_VARIABLES);
    const march = rows.find((r) => r[0] === '2011-03')!;
    expect(Object.fromEntries(header.map((name, i) => [name, march[i]]))).toEqual({
      admission_month: '2011-03',
      rehab_level: '5.2',
      profession_count: '3',
      profession_physician: '1',
      profession_nurse: '0',
      profession_physiotherapist: '1',
      profession_occupational_therapist: '1',
      profession_other: '0',
      individual_plan: 'offered_declined',
      coordinator: 'assigned',
      // notified 2011-03-28, discharged 2011-04-01
      municipality_notified_days: '-4',
      mrs_admission: '4',
      mrs_discharge: '2',
      response_mode_mrs_admission: 'clinician',
      in_window_mrs_admission: 'true',
      in_window_mrs_discharge: 'true',
    });
    // nothing recorded: every column but the month is missing, the profession columns included
    for (const row of rows.filter((r) => r !== march)) expect(row.slice(1).every((value) => value === '')).toBe(true);
  });

  it('has the same values in Parquet, professions and mRS as integers', () => {
    expect(parquet.names).toEqual(CONTENT_VARIABLES);
    expect(parquet.types).toEqual([
      'VARCHAR',
      'VARCHAR',
      ...Array<string>(6).fill('INTEGER'),
      'VARCHAR',
      'VARCHAR',
      'INTEGER',
      'INTEGER',
      'INTEGER',
      'VARCHAR',
      'BOOLEAN',
      'BOOLEAN',
    ]);
    const march = parquet.rows.find((r) => r[0] === '2011-03')!;
    expect(march).toEqual(['2011-03', '5.2', 3, 1, 0, 1, 1, 0, 'offered_declined', 'assigned', -4, 4, 2, 'clinician', true, true]);
    const asCsv = parquet.rows.map((row) => row.map((value) => (value === null ? '' : String(value))));
    expect(asCsv).toEqual(csv.slice(1));
  });
});

describe('a research extract', () => {
  let id: string;
  let ready: ExtractRequestDto;
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    id = await apply();
    const unapproved = await download(id, 'extract.csv');
    expect(unapproved.status).toBe(409);
    await approve(id);
    ready = await waitForReady(id);
    for (const file of ready.files) {
      const res = await download(id, file.name);
      expect(res.status).toBe(200);
      files.set(file.name, res.body);
    }
  });

  it('is built with its four files, each with size, rows, checksum and expiry', () => {
    expect(ready.files.map((f: { name: string }) => f.name).sort()).toEqual([
      'codebook.csv',
      'extract.csv',
      'extract.parquet',
      'manifest.json',
    ]);
    expect(ready.rowCount).toBe(4);
    expect(ready.patientCount).toBe(3);
    for (const file of ready.files) {
      expect(file.expiresAt).toBe(ready.expiresAt);
      expect(file.bytes).toBe(files.get(file.name)!.length);
      expect(file.sha256).toBe(createHash('sha256').update(files.get(file.name)!).digest('hex'));
    }
  });

  it('is downloaded with Content-Length and its SHA-256 as ETag, and every download is audited', async () => {
    const res = await download(id, 'extract.csv');
    const file = ready.files.find((f) => f.name === 'extract.csv')!;
    expect(res.headers['content-length']).toBe(String(file.bytes));
    expect(res.headers.etag).toBe(`"${file.sha256}"`);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const audit = await t.http().get(`/api/v1/admin/audit-events?action=extract.download&objectId=${id}`).set(admin.headers);
    expect(audit.body.items.length).toBeGreaterThanOrEqual(5);
    expect(audit.body.items[0]).toMatchObject({ actorType: 'user', actorId: researcher.id, objectType: 'extract_file' });
  });

  it('holds only the approved variables, with one project pseudonym per patient', () => {
    const [header, ...rows] = parseCsv(files.get('extract.csv')!.toString('utf8'));
    expect(header).toEqual(VARIABLES);
    expect(rows).toHaveLength(4);
    const pseudonyms = rows.map((r) => r[0]);
    expect(new Set(pseudonyms).size).toBe(3);
    expect(pseudonyms.filter((p) => p === pseudonyms.find((q) => pseudonyms.indexOf(q) !== pseudonyms.lastIndexOf(q)))).toHaveLength(2);
    const months = rows.map((r) => r[header.indexOf('admission_month')]).sort();
    expect(months).toEqual(['2011-03', '2011-05', '2011-06', '2011-09']);
    const withResponses = rows.find((r) => r[header.indexOf('barthel_admission_total')] !== '')!;
    expect(withResponses[header.indexOf('barthel_admission_total')]).toBe('100');
    expect(withResponses[header.indexOf('barthel_admission_toilet_use')]).toBe('10');
    expect(withResponses[header.indexOf('eq5d_admission_state')]).toBe('55555');
    expect(withResponses[header.indexOf('length_of_stay_days')]).toBe('30');
    expect(withResponses[header.indexOf('age_band')]).toBe('60-64');
    const codebook = parseCsv(files.get('codebook.csv')!.toString('utf8'));
    expect(codebook.slice(1).map((r) => r[0])).toEqual(VARIABLES);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest.variables.map((v: { name: string }) => v.name)).toEqual(VARIABLES);
  });

  it('has a manifest whose checksums verify the other files', () => {
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({
      rowCount: 4,
      patientCount: 3,
      withdrawnPatientsLeftOut: 0,
      request: { ethicsReference: 'REK 2026/4711' },
    });
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual(['codebook.csv', 'extract.csv', 'extract.parquet']);
    for (const file of manifest.files) {
      expect(file.sha256).toBe(createHash('sha256').update(files.get(file.name)!).digest('hex'));
      expect(file.bytes).toBe(files.get(file.name)!.length);
    }
  });

  it('holds no national identity number, register pseudonym or register institution id in any file', () => {
    const forbidden = [
      ...Object.values(patients),
      ...Object.values(patients).map((n) => pseudonymOf(t, n)),
      world.id,
      world.id.replace(/-/g, ''),
    ];
    for (const [name, bytes] of files) {
      const text = bytes.toString('latin1');
      for (const secret of forbidden) expect({ name, found: text.includes(secret) }).toEqual({ name, found: false });
    }
  });

  it('writes the project codes the manifest describes (HMAC-SHA256 of the project key) and numbers the episodes 1..n', async () => {
    const { rows } = await asOwner((c) => c.query<{ project_key: Buffer }>(`SELECT project_key FROM extract_requests WHERE id = $1`, [id]));
    const key = rows[0].project_key;
    const [header, ...csvRows] = parseCsv(files.get('extract.csv')!.toString('utf8'));
    const column = (name: string) => csvRows.map((r) => r[header.indexOf(name)]);
    expect(new Set(column('patient'))).toEqual(new Set(Object.values(patients).map((n) => projectPseudonym(key, pseudonymOf(t, n)))));
    expect(new Set(column('institution'))).toEqual(new Set([projectInstitutionCode(key, world.id)]));
    expect(column('episode')).toEqual(['1', '2', '3', '4']);
  });

  it('reads back from Parquet with DuckDB as the same rows as the CSV, with typed columns', async () => {
    const parquet = await readParquet(files.get('extract.parquet')!);
    const [header, ...csvRows] = parseCsv(files.get('extract.csv')!.toString('utf8'));
    expect(parquet.names).toEqual(header);
    expect(parquet.types).toEqual([
      'VARCHAR',
      'INTEGER',
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'INTEGER',
      'VARCHAR',
      'DOUBLE',
      'INTEGER',
      'INTEGER',
      'BOOLEAN',
    ]);
    const asCsv = parquet.rows.map((row) => row.map((value) => (value === null ? '' : String(value))));
    expect(asCsv).toEqual(csvRows);
  });

  it('does not exist for another researcher, on any route', async () => {
    expect((await t.http().get(`/api/v1/extract-requests/${id}`).set(otherResearcher.headers)).status).toBe(404);
    expect((await download(id, 'extract.csv', otherResearcher)).status).toBe(404);
    const list = await t.http().get('/api/v1/extract-requests').set(otherResearcher.headers);
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  it('answers unknown file names and path traversal with a problem, never a file', async () => {
    const unknown = await download(id, 'secrets.csv');
    expect(unknown.status).toBe(404);
    for (const name of ['..%2F..%2Fpackage.json', '.manifest.json', '%2E%2E', 'extract.csv%00']) {
      const res = await download(id, name);
      expect([400, 404]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('gets project pseudonyms unlinkable to another extract of the same patients', async () => {
    const second = await apply(application({ variables: ['patient', 'admission_month'] }));
    await approve(second);
    await waitForReady(second);
    const csv = (await download(second, 'extract.csv')).body.toString('utf8');
    const secondPseudonyms = new Set(
      parseCsv(csv)
        .slice(1)
        .map((r) => r[0]),
    );
    const firstPseudonyms = new Set(
      parseCsv(files.get('extract.csv')!.toString('utf8'))
        .slice(1)
        .map((r) => r[0]),
    );
    expect(secondPseudonyms.size).toBe(3);
    for (const p of secondPseudonyms) expect(firstPseudonyms.has(p)).toBe(false);
  });

  it('leaves out a patient who withdrew when rebuilt, and says how many without saying who', async () => {
    const before = parseCsv(files.get('extract.csv')!.toString('utf8'));
    const withdrawn = await t.http().post('/api/v1/withdrawals').set(world.staff.headers).send({ nationalId: patients.withdrawing });
    expect(withdrawn.status).toBe(200);
    const rebuilt = await t
      .http()
      .post(`/api/v1/admin/extract-requests/${id}/rebuild`)
      .set(admin.headers)
      .send({ note: 'A patient withdrew' });
    expect(rebuilt.status).toBe(200);
    const again = await waitForReady(id);
    expect(again).toMatchObject({ rowCount: 3, patientCount: 2, withdrawnPatientsLeftOut: 1 });
    const after = parseCsv((await download(id, 'extract.csv')).body.toString('utf8'));
    const month = before[0].indexOf('admission_month');
    const withdrawnPseudonym = before.find((r) => r[month] === '2011-06')![0];
    expect(after.map((r) => r[0])).not.toContain(withdrawnPseudonym);
    // the same project key: everyone else keeps their pseudonym
    expect(new Set(after.slice(1).map((r) => r[0]))).toEqual(
      new Set(
        before
          .slice(1)
          .map((r) => r[0])
          .filter((p) => p !== withdrawnPseudonym),
      ),
    );
    const manifest = JSON.parse((await download(id, 'manifest.json')).body.toString('utf8'));
    expect(manifest).toMatchObject({ build: 2, withdrawnPatientsLeftOut: 1 });
  });

  it('keeps every build with its counts, and who each build held: the withdrawn patient in the first, not the rebuild', async () => {
    const res = await t.http().get(`/api/v1/extract-requests/${id}`).set(researcher.headers);
    expect(res.body.build).toBe(2);
    expect(res.body.builds).toEqual([
      { build: 1, builtAt: ready.builtAt, rowCount: 4, patientCount: 3, withdrawnPatientsLeftOut: 0 },
      { build: 2, builtAt: res.body.builtAt, rowCount: 3, patientCount: 2, withdrawnPatientsLeftOut: 1 },
    ]);
    expect(res.body.history.map((e: { action: string; note: string | null }) => [e.action, e.note])).toEqual([
      ['submitted', null],
      ['approved', 'REK approval checked'],
      ['built', 'build 1'],
      ['rebuild', 'A patient withdrew'],
      ['built', 'build 2'],
    ]);
    // the patient's access report (their institution's part) answers "was I in it, and in which build?"
    // (this file's other extracts have the same title: this one's entries are told by their build times)
    const builtAt = new Set(res.body.builds.map((b: { builtAt: string }) => b.builtAt));
    const buildsHolding = async (nationalId: string) => {
      const report = await t.http().post('/api/v1/access-reports').set(world.staff.headers).send({ nationalId });
      expect(report.status).toBe(200);
      return report.body.extracts
        .filter((x: { builtAt: string }) => builtAt.has(x.builtAt))
        .map((x: { build: number; episodes: number }) => [x.build, x.episodes]);
    };
    expect(await buildsHolding(patients.withdrawing)).toEqual([[1, 1]]);
    expect(await buildsHolding(patients.twice)).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('keeps its inclusion lists under row-level security: the app role without institutions sees none of them', async () => {
    const asOwnerCount = await asOwner((c) => c.query(`SELECT count(*)::int AS n FROM extract_inclusions WHERE request_id = $1`, [id]));
    // three patients in the first build, two in the rebuild
    expect(asOwnerCount.rows[0].n).toBe(5);
    const asApp = await asAppRole((c) => c.query(`SELECT count(*)::int AS n FROM extract_inclusions WHERE request_id = $1`, [id]));
    expect(asApp.rows[0].n).toBe(0);
  });

  it('is gone after it expires: 410, and its files deleted from disk', async () => {
    await asOwner((c) => c.query(`UPDATE extract_requests SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]));
    expect((await download(id, 'extract.csv')).status).toBe(410);
    await t.app.get(ExtractExpiry).expireDue();
    expect((await download(id, 'extract.csv')).status).toBe(410);
    expect(fs.existsSync(path.join(t.config.extractDir, id))).toBe(false);
    const after = await t.http().get(`/api/v1/extract-requests/${id}`).set(researcher.headers);
    expect(after.body).toMatchObject({ status: 'expired', files: [] });
    const inclusions = await asOwner((c) => c.query(`SELECT count(*)::int AS n FROM extract_inclusions WHERE request_id = $1`, [id]));
    expect(inclusions.rows[0].n).toBe(0);
    // only the counts stay
    expect(after.body.builds.map((b: { build: number; patientCount: number }) => [b.build, b.patientCount])).toEqual([
      [1, 3],
      [2, 2],
    ]);
    const builtAt = new Set(after.body.builds.map((b: { builtAt: string }) => b.builtAt));
    const report = await t.http().post('/api/v1/access-reports').set(world.staff.headers).send({ nationalId: patients.twice });
    expect(report.body.extracts.filter((x: { builtAt: string }) => builtAt.has(x.builtAt))).toEqual([]);
  });
});

describe('a research extract of some institutions and programmes', () => {
  it('holds only their episodes, names the institutions in its manifest by project code, and keeps its legal basis', async () => {
    const other = await createInstitutionWorld(t, admin);
    await createEpisode(t, other.apiKey.headers, {
      patient: { nationalId: newNationalId(1970) },
      admissionDate: '2011-05-06',
      programme: 'cardiac',
      consent: { status: 'given', date: '2011-05-06' },
    });
    const id = await apply(
      application({ variables: ['patient', 'institution', 'programme'], institutionIds: [world.id], programmes: ['cardiac'] }),
    );
    const applied = await t.http().get(`/api/v1/extract-requests/${id}`).set(researcher.headers);
    expect(applied.body).toMatchObject({
      legalBasis: application().legalBasis,
      filters: { institutionIds: [world.id], programmes: ['cardiac'] },
    });
    await approve(id);
    const ready = await waitForReady(id);
    // the one cardiac episode of this file's institution; the other institution's is left out
    expect(ready.rowCount).toBe(1);
    const manifestText = (await download(id, 'manifest.json')).body.toString('utf8');
    const manifest = JSON.parse(manifestText);
    const { rows } = await asOwner((c) => c.query<{ project_key: Buffer }>(`SELECT project_key FROM extract_requests WHERE id = $1`, [id]));
    expect(manifest.request.legalBasis).toBe(application().legalBasis);
    expect(manifest.filters).toEqual({ institutions: [projectInstitutionCode(rows[0].project_key, world.id)], programmes: ['cardiac'] });
    expect(manifestText).not.toContain(world.id);
    const [, row] = parseCsv((await download(id, 'extract.csv')).body.toString('utf8'));
    expect(row.slice(1)).toEqual([projectInstitutionCode(rows[0].project_key, world.id), 'cardiac']);
  });
});

describe('requests that are not approved', () => {
  it('yield no files when rejected', async () => {
    const id = await apply();
    const res = await t
      .http()
      .post(`/api/v1/admin/extract-requests/${id}/reject`)
      .set(admin.headers)
      .send({ note: 'No REK approval on file' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', decisionNote: 'No REK approval on file', files: [] });
    expect((await download(id, 'extract.csv')).status).toBe(409);
    expect(fs.existsSync(path.join(t.config.extractDir, id))).toBe(false);
    const again = await t.http().post(`/api/v1/admin/extract-requests/${id}/approve`).set(admin.headers).send({ note: 'Changed my mind' });
    expect(again.status).toBe(409);
  });

  it('lose their files at once when revoked', async () => {
    const id = await apply(application({ variables: ['patient'] }));
    await approve(id);
    await waitForReady(id);
    const res = await t
      .http()
      .post(`/api/v1/admin/extract-requests/${id}/revoke`)
      .set(admin.headers)
      .send({ note: 'Project stopped by REK' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'revoked', files: [] });
    expect(res.body.history.map((e: { action: string }) => e.action)).toEqual(['submitted', 'approved', 'built', 'revoked']);
    expect(res.body.history[3].note).toBe('Project stopped by REK');
    expect(fs.existsSync(path.join(t.config.extractDir, id))).toBe(false);
    expect((await download(id, 'extract.csv')).status).toBe(410);
  });
});

describe('bad applications', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown variable', { variables: ['patient', 'national_id'] }, '/variables'],
    ['a reversed period', { periodFrom: '2011-12-31', periodTo: '2011-01-01' }, '/periodTo'],
    ['no ethics reference', { ethicsReference: undefined }, '/ethicsReference'],
    ['no legal basis', { legalBasis: undefined }, '/legalBasis'],
    ['an institution that does not exist', { institutionIds: ['00000000-0000-4000-8000-000000000000'] }, '/institutionIds/0'],
    ['an institution id that is not one', { institutionIds: ['../etc'] }, '/institutionIds'],
    ['a filter given twice', { programmes: ['stroke'], filters: { programmes: ['cardiac'] } }, '/programmes'],
    ['an impossible date', { periodFrom: '2011-02-30' }, '/periodFrom'],
    ['an unknown filter value', { filters: { programmes: ['astrology'] } }, '/filters/programmes'],
  ];

  it.each(cases)('with %s get 400 problem+json, and nothing is stored or queued', async (_, overrides, pointer) => {
    const jobsBefore = await asOwner((c) => c.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'extract-build'`));
    const before = await t.http().get('/api/v1/admin/extract-requests').set(admin.headers);
    const res = await t.http().post('/api/v1/extract-requests').set(researcher.headers).send(application(overrides));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    const after = await t.http().get('/api/v1/admin/extract-requests').set(admin.headers);
    expect(after.body.items.length).toBe(before.body.items.length);
    const jobsAfter = await asOwner((c) => c.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'extract-build'`));
    expect(jobsAfter.rows[0].n).toBe(jobsBefore.rows[0].n);
  });

  it('are refused to staff and API keys', async () => {
    expect((await t.http().post('/api/v1/extract-requests').set(world.staff.headers).send(application())).status).toBe(403);
    expect((await t.http().get('/api/v1/extract-requests').set(world.apiKey.headers)).status).toBe(403);
  });
});

describe('the job queue', () => {
  it('is usable by the app role, which may create nothing in its schema', async () => {
    await expect(asAppRole((c) => c.query(`CREATE TABLE pgboss.intruder (a integer)`))).rejects.toThrow(/permission denied/);
    const queues = await asAppRole((c) => c.query(`SELECT name FROM pgboss.queue WHERE name LIKE 'extract-%' ORDER BY name`));
    expect(queues.rows.map((r: { name: string }) => r.name)).toEqual(['extract-build', 'extract-expiry']);
  });
});
