/**
 * The register's access report across institutions (POST /api/v1/admin/access-reports): made by an
 * administrator with the patient's request reference, built by a job into access-report.json and
 * access-report.html, downloaded audited, expiring. It holds every episode of the patient at every
 * institution, who read them, and the research extracts that included the patient, by title and
 * date, never by project pseudonym. Episodes here are admitted in 2012, a year no other suite uses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AccessReportDto } from '../../src/access-reports/dto/access-report.dto';
import { RegisterAccessReportJobs } from '../../src/access-reports/register-access-report.jobs';
import { projectPseudonym } from '../../src/extracts/extract-builder';
import { ExtractExpiry } from '../../src/extracts/extract-expiry';
import { downloadFile, waitForJob } from '../support/built-files';
import { asOwner, pseudonymOf } from '../support/database';
import {
  Actor,
  BARTHEL_FULL,
  InstitutionWorld,
  createAdmin,
  createEpisode,
  createInstitutionWorld,
  createUser,
  newNationalId,
} from '../support/fixtures';
import { TestApp, createTestApp } from '../support/test-app';

jest.setTimeout(180_000);

let t: TestApp;
let admin: Actor;
let researcher: Actor;
let north: InstitutionWorld;
let west: InstitutionWorld;
const patient = newNationalId(1948);
const episodes: Record<'north' | 'west', string> = { north: '', west: '' };
let extractId: string;
const PROJECT = 'Walking again after stroke (access report test)';

type ReportState = { id: string; status: string; files: { name: string }[] };

async function makeReport(body: Record<string, unknown>): Promise<ReportState> {
  const res = await t.http().post('/api/v1/admin/access-reports').set(admin.headers).send(body).expect(201);
  expect(res.body).toMatchObject({ status: 'queued', requestedBy: admin.id, files: [] });
  return waitForJob(() => t.http().get(`/api/v1/admin/access-reports/${res.body.id}`).set(admin.headers));
}

function download(id: string, name: string, as = admin) {
  return downloadFile(t, `/api/v1/admin/access-reports/${id}/files/${name}`, as.headers);
}

async function reportFiles(id: string): Promise<{ json: AccessReportDto; html: string }> {
  const json = await download(id, 'access-report.json').expect(200);
  const html = await download(id, 'access-report.html').expect(200);
  expect(json.headers['content-disposition']).toBe('attachment; filename="access-report.json"');
  expect(html.headers['content-type']).toMatch(/^text\/html/);
  return { json: JSON.parse((json.body as Buffer).toString('utf8')), html: (html.body as Buffer).toString('utf8') };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await createAdmin(t);
  researcher = await createUser(t, admin, 'researcher');
  north = await createInstitutionWorld(t, admin, 'helse-nord');
  west = await createInstitutionWorld(t, admin, 'helse-vest');
  for (const [at, world, date] of [
    ['north', north, '2012-02-01'],
    ['west', west, '2012-05-01'],
  ] as const) {
    const episode = await createEpisode(t, world.apiKey.headers, {
      patient: { nationalId: patient },
      admissionDate: date,
      consent: { status: 'given', date },
    });
    episodes[at] = episode.id;
    await t
      .http()
      .post(`/api/v1/episodes/${episode.id}/responses`)
      .set(world.apiKey.headers)
      .send({ timepoint: 'admission', instrument: 'barthel', completedDate: date, mode: 'clinician', answers: BARTHEL_FULL })
      .expect(201);
    await t.http().get(`/api/v1/episodes/${episode.id}`).set(world.staff.headers).expect(200);
  }

  const applied = await t
    .http()
    .post('/api/v1/extract-requests')
    .set(researcher.headers)
    .send({
      title: PROJECT,
      purpose: 'Barthel change',
      legalBasis: 'GDPR art. 6(1)(e) and 9(2)(j)',
      ethicsReference: 'REK 2026/2012',
      variables: ['patient', 'barthel_admission_total'],
      periodFrom: '2012-01-01',
      periodTo: '2012-12-31',
    })
    .expect(201);
  extractId = applied.body.id;
  await t.http().post(`/api/v1/admin/extract-requests/${extractId}/approve`).set(admin.headers).send({ note: 'Approved' }).expect(200);
  await waitForJob(() => t.http().get(`/api/v1/extract-requests/${extractId}`).set(researcher.headers));
});

afterAll(() => t.close());

describe('the register’s access report', () => {
  let first: { id: string; files: { name: string }[] };
  let files: Awaited<ReturnType<typeof reportFiles>>;

  beforeAll(async () => {
    first = await makeReport({ nationalId: patient, reason: 'Access request 2026/118 by letter', lang: 'en' });
    files = await reportFiles(first.id);
  });

  it('is built into an HTML and a JSON file, with sizes and checksums', () => {
    expect(first.files.map((f) => f.name).sort()).toEqual(['access-report.html', 'access-report.json']);
  });

  it('holds every episode of the patient at both institutions, with their responses', () => {
    const { json } = files;
    expect(json).toMatchObject({ scope: 'register', institution: null, language: 'en' });
    expect(json.episodes.map((e) => [e.institution.id, e.episode.id])).toEqual([
      [north.id, episodes.north],
      [west.id, episodes.west],
    ]);
    expect(json.episodes.every((e) => e.responses.length === 1)).toBe(true);
  });

  it('lists the reads at each institution from the audit log, by person and day', () => {
    const reads = files.json.reads;
    expect(reads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          institution: expect.objectContaining({ id: north.id }),
          actor: north.staff.email,
          action: 'episode.read',
        }),
        expect.objectContaining({ institution: expect.objectContaining({ id: west.id }), actor: west.staff.email, action: 'episode.read' }),
      ]),
    );
  });

  it('names the research extract that included the patient by project title and date, never by project pseudonym', async () => {
    expect(files.json.extracts).toEqual([expect.objectContaining({ title: PROJECT, build: 1, episodes: 2, builtAt: expect.any(String) })]);
    const { rows } = await asOwner((c) => c.query(`SELECT project_key FROM extract_requests WHERE id = $1`, [extractId]));
    const pseudonymInProject = projectPseudonym(rows[0].project_key, pseudonymOf(t, patient));
    for (const text of [JSON.stringify(files.json), files.html]) {
      expect(text).toContain(PROJECT);
      expect(text).not.toContain(pseudonymInProject);
    }
  });

  it('is a printable page in the language asked for, with captioned tables', () => {
    expect(files.html).toContain('<html lang="en">');
    expect(files.html).toContain('<h2>Research extracts</h2>');
    expect(files.html).toMatch(/<table><caption>/);
  });

  it('holds no national identity number or register pseudonym in any file, row or job', async () => {
    const register = pseudonymOf(t, patient);
    const folder = path.join(path.resolve(t.config.extractDir), first.id);
    for (const name of fs.readdirSync(folder)) {
      const text = fs.readFileSync(path.join(folder, name), 'utf8');
      expect(text).not.toContain(patient);
      expect(text).not.toContain(register);
    }
    const { rows } = await asOwner((c) =>
      c.query(
        `SELECT (SELECT count(*)::int FROM access_reports WHERE pseudonym IS NOT NULL AND id = $3) AS kept,
                (SELECT count(*)::int FROM access_reports a WHERE row_to_json(a)::text LIKE $1) AS reports,
                (SELECT count(*)::int FROM access_report_files f WHERE row_to_json(f)::text LIKE $1) AS files,
                (SELECT count(*)::int FROM audit_events e WHERE row_to_json(e)::text LIKE $1 OR row_to_json(e)::text LIKE $2) AS audit,
                (SELECT count(*)::int FROM pgboss.job j WHERE row_to_json(j)::text LIKE $1 OR row_to_json(j)::text LIKE $2) AS jobs`,
        [`%${patient}%`, `%${register}%`, first.id],
      ),
    );
    expect(rows[0]).toEqual({ kept: 0, reports: 0, files: 0, audit: 0, jobs: 0 });
  });

  it('is audited: made (per institution, naming the episodes), built and downloaded', async () => {
    const events = async (query: Record<string, string>) =>
      (await t.http().get('/api/v1/admin/audit-events').query(query).set(admin.headers).expect(200)).body.items;
    expect(await events({ action: 'access_report.create', objectId: first.id })).toEqual([
      expect.objectContaining({ actorType: 'user', actorId: admin.id }),
    ]);
    expect(await events({ action: 'access_report.download', objectId: first.id })).toHaveLength(2);
    expect(await events({ action: 'access_report.build', objectId: first.id })).toHaveLength(1);
    for (const [world, episode] of [
      [north, episodes.north],
      [west, episodes.west],
    ] as const)
      expect(await events({ action: 'access_report.include', institutionId: world.id, objectId: episode })).toEqual([
        expect.objectContaining({ actorId: admin.id, objectIds: [episode] }),
      ]);
  });

  it('shows in the next report that it was made, and the extract no longer once the extract expired (its counts stay)', async () => {
    await asOwner((c) => c.query(`UPDATE extract_requests SET expires_at = now() - interval '1 minute' WHERE id = $1`, [extractId]));
    await t.app.get(ExtractExpiry).expireDue();
    const extract = await t.http().get(`/api/v1/extract-requests/${extractId}`).set(researcher.headers).expect(200);
    expect(extract.body).toMatchObject({ status: 'expired', files: [] });
    expect(extract.body.patientCount).toBeGreaterThanOrEqual(1);
    expect(extract.body.rowCount).toBeGreaterThanOrEqual(2);
    const { rows } = await asOwner((c) => c.query(`SELECT count(*)::int AS n FROM extract_inclusions WHERE request_id = $1`, [extractId]));
    expect(rows[0].n).toBe(0);

    const second = await makeReport({ nationalId: patient, reason: 'Access request 2026/119, second copy', lang: 'nn' });
    const { json, html } = await reportFiles(second.id);
    expect(json.extracts).toEqual([]);
    expect(json.reads).toEqual(expect.arrayContaining([expect.objectContaining({ actor: admin.email, action: 'access_report.include' })]));
    expect(json.language).toBe('nn');
    expect(html).toContain('<html lang="nn">');
    expect(html).toContain('Ingen forskingsuttrekk har opplysningar om deg.');
  });

  it('still names a revoked extract, whose files may have been downloaded, until the extract’s time is up', async () => {
    const title = 'Revoked project (access report test)';
    const applied = await t
      .http()
      .post('/api/v1/extract-requests')
      .set(researcher.headers)
      .send({
        title,
        purpose: 'Revoked',
        legalBasis: 'GDPR art. 6(1)(e) and 9(2)(j)',
        ethicsReference: 'REK 2026/2013',
        variables: ['patient'],
        periodFrom: '2012-01-01',
        periodTo: '2012-12-31',
      })
      .expect(201);
    const revokedId: string = applied.body.id;
    await t.http().post(`/api/v1/admin/extract-requests/${revokedId}/approve`).set(admin.headers).send({ note: 'Approved' }).expect(200);
    await waitForJob(() => t.http().get(`/api/v1/extract-requests/${revokedId}`).set(researcher.headers));
    await t
      .http()
      .post(`/api/v1/admin/extract-requests/${revokedId}/revoke`)
      .set(admin.headers)
      .send({ note: 'Stopped by REK' })
      .expect(200);

    const whileKept = await reportFiles((await makeReport({ nationalId: patient, reason: 'Access request 2026/120' })).id);
    expect(whileKept.json.extracts).toEqual([expect.objectContaining({ title, episodes: 2 })]);

    await asOwner((c) => c.query(`UPDATE extract_requests SET expires_at = now() - interval '1 minute' WHERE id = $1`, [revokedId]));
    await t.app.get(ExtractExpiry).expireDue();
    const { rows } = await asOwner((c) => c.query(`SELECT count(*)::int AS n FROM extract_inclusions WHERE request_id = $1`, [revokedId]));
    expect(rows[0].n).toBe(0);
    const afterwards = await reportFiles((await makeReport({ nationalId: patient, reason: 'Access request 2026/121' })).id);
    expect(afterwards.json.extracts).toEqual([]);
    const revoked = await t.http().get(`/api/v1/extract-requests/${revokedId}`).set(researcher.headers).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', files: [] });
  });

  it('is gone after it expires: 410, and its files deleted from disk', async () => {
    await asOwner((c) => c.query(`UPDATE access_reports SET expires_at = now() - interval '1 minute' WHERE id = $1`, [first.id]));
    expect(await t.app.get(RegisterAccessReportJobs).expireDue()).toBeGreaterThanOrEqual(1);
    const res = await download(first.id, 'access-report.html').expect(410);
    expect(res.body.type).toBe('urn:rehabreg:problem:access-report-gone');
    expect(fs.existsSync(path.join(path.resolve(t.config.extractDir), first.id))).toBe(false);
    const after = await t.http().get(`/api/v1/admin/access-reports/${first.id}`).set(admin.headers).expect(200);
    expect(after.body).toMatchObject({ status: 'expired', files: [] });
  });

  it('answers an unknown file name, path traversal and an unknown report with a problem, never a file', async () => {
    const second = (await t.http().get('/api/v1/admin/access-reports').set(admin.headers).expect(200)).body.items.find(
      (r: { status: string }) => r.status === 'ready',
    );
    await download(second.id, 'extract.csv').expect(404);
    await download(second.id, '..%2F..%2Fetc%2Fpasswd').expect((res) => expect([400, 404]).toContain(res.status));
    await download('00000000-0000-4000-8000-000000000000', 'access-report.json').expect(404);
  });
});

describe('making a register’s access report', () => {
  const count = async () => (await asOwner((c) => c.query(`SELECT count(*)::int AS n FROM access_reports`))).rows[0].n as number;

  it.each([
    ['a malformed national identity number', { nationalId: '123', reason: 'Access request 2026/1' }, '/nationalId'],
    [
      'a wrong control digit',
      { nationalId: patient.slice(0, 10) + String((Number(patient[10]) + 1) % 10), reason: 'Access request 2026/1' },
      '/nationalId',
    ],
    ['no reason', { nationalId: patient }, '/reason'],
    ['a reason with an identity number', { nationalId: patient, reason: `Request from ${patient}` }, '/reason'],
    ['an unknown language', { nationalId: patient, reason: 'Access request 2026/1', lang: 'de' }, '/lang'],
  ])('refuses %s with a problem, and queues nothing', async (_, body, pointer) => {
    const before = await count();
    const res = await t.http().post('/api/v1/admin/access-reports').set(admin.headers).send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    expect(await count()).toBe(before);
  });

  it('is refused to staff and researchers, on every route', async () => {
    for (const as of [north.staff, researcher]) {
      await t
        .http()
        .post('/api/v1/admin/access-reports')
        .set(as.headers)
        .send({ nationalId: patient, reason: 'Access request' })
        .expect(403);
      await t.http().get('/api/v1/admin/access-reports').set(as.headers).expect(403);
      await download('00000000-0000-4000-8000-000000000000', 'access-report.json', as).expect(403);
    }
  });
});
