/**
 * An institution's part of a patient's access report, made by its staff on the patient's behalf
 * (POST /api/v1/access-reports): only the institution's own episodes, responses, withdrawal and
 * reads; nothing that tells it what other institutions hold; JSON or a printable page in nb, nn, en.
 */
import { asOwner } from '../support/database';
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

jest.setTimeout(60_000);

let t: TestApp;
let admin: Actor;
let north: InstitutionWorld;
let west: InstitutionWorld;
const patient = newNationalId(1951);
const onlyWest = newNationalId(1952);
const neverSeen = newNationalId(1953);
let northEpisode: string;
let westEpisode: string;
let responseVersions: string[];

const report = (as: Actor, nationalId: string, query: Record<string, string> = {}) =>
  t.http().post('/api/v1/access-reports').query(query).set(as.headers).send({ nationalId });

/** Two reports compared without what differs by the clock. */
function comparable(body: Record<string, unknown>): unknown {
  return { ...body, generatedAt: '<varies>' };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await createAdmin(t);
  north = await createInstitutionWorld(t, admin, 'helse-nord');
  west = await createInstitutionWorld(t, admin, 'helse-vest');
  northEpisode = (await createEpisode(t, north.apiKey.headers, { patient: { nationalId: patient }, programme: 'cardiac' })).id;
  westEpisode = (await createEpisode(t, west.apiKey.headers, { patient: { nationalId: patient }, programme: 'stroke' })).id;
  await createEpisode(t, west.apiKey.headers, { patient: { nationalId: onlyWest } });

  const first = await t
    .http()
    .post(`/api/v1/episodes/${northEpisode}/responses`)
    .set(north.apiKey.headers)
    .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-03', mode: 'patient_paper', answers: EQ5D_WORST })
    .expect(201);
  const corrected = await t
    .http()
    .put(`/api/v1/episodes/${northEpisode}/responses/${first.body.id}`)
    .set(north.apiKey.headers)
    .send({
      timepoint: 'admission',
      instrument: 'eq5d-5l',
      completedDate: '2026-03-03',
      mode: 'patient_paper',
      answers: { ...EQ5D_WORST, vas: 40 },
    })
    .expect(200);
  responseVersions = [first.body.id, corrected.body.id];
  await t
    .http()
    .post(`/api/v1/episodes/${westEpisode}/responses`)
    .set(west.apiKey.headers)
    .send({ timepoint: 'admission', instrument: 'barthel', completedDate: '2026-03-03', mode: 'clinician', answers: BARTHEL_FULL })
    .expect(201);

  // reads of the patient's data at each institution
  await t.http().get(`/api/v1/episodes/${northEpisode}`).set(north.staff.headers).expect(200);
  await t.http().get(`/api/v1/episodes/${northEpisode}/responses/${first.body.id}/history`).set(north.staff.headers).expect(200);
  await t.http().get(`/api/v1/episodes/${westEpisode}`).set(west.staff.headers).expect(200);
});

afterAll(() => t.close());

describe('an institution’s part of the access report', () => {
  it('holds the institution’s own episodes, every response version with scores, and who there read them', async () => {
    const res = await report(north.staff, patient).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body).toMatchObject({ scope: 'institution', language: 'nb', institution: { id: north.id, name: north.name } });
    expect(res.body.episodes.map((e: { episode: { id: string } }) => e.episode.id)).toEqual([northEpisode]);
    const [episode] = res.body.episodes;
    expect(episode).toMatchObject({
      institution: { id: north.id },
      episode: { programme: 'cardiac' },
      withdrawnAt: null,
      keptForInstitutionOnly: null,
    });
    expect(episode.responses.map((r: { id: string; version: number }) => [r.id, r.version])).toEqual([
      [responseVersions[0], 1],
      [responseVersions[1], 2],
    ]);
    expect(episode.responses[1].scores).toMatchObject({ vas: 40 });
    expect(episode.responses[0].supersededAt).not.toBeNull();

    const reads = res.body.reads as { institution: { id: string }; actor: string; action: string; count: number }[];
    expect(reads.map((r) => [r.actor, r.action])).toEqual(
      expect.arrayContaining([
        [north.staff.email, 'episode.read'],
        [north.staff.email, 'response.history'],
      ]),
    );
    expect(reads.every((r) => r.institution.id === north.id)).toBe(true);
    expect(reads.some((r) => r.actor === west.staff.email)).toBe(false);
    expect(res.body.labels['programme.cardiac']).toBe('Hjerte');
    expect(res.body.withdrawals).toEqual([]);
  });

  it('answers the same for a person only another institution knows as for one the register never saw', async () => {
    const known = await report(north.staff, onlyWest).expect(200);
    const unknown = await report(north.staff, neverSeen).expect(200);
    expect(known.body.episodes).toEqual([]);
    expect(comparable(known.body)).toEqual(comparable(unknown.body));
  });

  it('shows the other institution only its own part of the same patient', async () => {
    const res = await report(west.staff, patient).expect(200);
    expect(res.body.episodes.map((e: { episode: { id: string } }) => e.episode.id)).toEqual([westEpisode]);
    expect(res.body.reads.some((r: { actor: string }) => r.actor === north.staff.email)).toBe(false);
  });

  it('is audited, naming the episodes it showed, and appears in the patient’s next report', async () => {
    await report(north.staff, patient).expect(200);
    const events = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ action: 'access_report.institution', institutionId: north.id, objectId: northEpisode })
      .set(admin.headers)
      .expect(200);
    expect(events.body.items[0]).toMatchObject({ actorType: 'user', objectType: 'episode', objectIds: [northEpisode] });
    const next = await report(north.staff, patient).expect(200);
    expect(next.body.reads.map((r: { action: string }) => r.action)).toContain('access_report.institution');
  });

  it('shows a withdrawal that covers the institution’s episodes, but not one made elsewhere before its own episode', async () => {
    const withdrawing = newNationalId(1940);
    const episode = await createEpisode(t, north.apiKey.headers, { patient: { nationalId: withdrawing } });
    await t.http().post('/api/v1/withdrawals').set(north.staff.headers).send({ nationalId: withdrawing }).expect(200);
    // registered at west after the withdrawal, without a new consent: kept for west only, and west must not learn why
    const local = await createEpisode(t, west.apiKey.headers, {
      patient: { nationalId: withdrawing },
      consent: { status: 'given', date: '2026-01-01' },
    });

    const atNorth = await report(north.staff, withdrawing).expect(200);
    expect(atNorth.body.withdrawals).toHaveLength(1);
    expect(atNorth.body.episodes[0]).toMatchObject({ episode: { id: episode.id } });
    expect(atNorth.body.episodes[0].withdrawnAt).not.toBeNull();

    const atWest = await report(west.staff, withdrawing).expect(200);
    expect(atWest.body.withdrawals).toEqual([]);
    expect(atWest.body.episodes).toHaveLength(1);
    expect(atWest.body.episodes[0]).toMatchObject({ episode: { id: local.id }, withdrawnAt: null, keptForInstitutionOnly: null });
  });

  it.each([
    ['nb', 'Opphold', 'Hvem har sett opplysningene dine'],
    ['nn', 'Opphald', 'Kven har sett opplysningane dine'],
    ['en', 'Episodes of care', 'Who has seen your information'],
  ])('is a printable page in %s, with headings, captioned tables and scoped header cells', async (lang, episodes, reads) => {
    const res = await report(north.staff, patient, { format: 'html', lang }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const page = res.text;
    expect(page).toContain(`<html lang="${lang}">`);
    expect(page).toContain(`<h2>${episodes}</h2>`);
    expect(page).toContain(`<h2>${reads}</h2>`);
    expect(page).toMatch(/<table>\s*<caption>/);
    expect(page).toContain('<th scope="col">');
    expect(page).toContain('<th scope="row">');
    expect(page).toContain(north.staff.email);
    expect(page).not.toContain(patient);
    expect(page).not.toContain('<script');
  });

  it.each([
    ['nb', 'Innsyn: hva Rehabiliteringsregisteret har om deg', 'Hjerte'],
    ['nn', 'Innsyn: kva Rehabiliteringsregisteret har om deg', 'Hjarte'],
    ['en', 'Access report: what the Rehabilitation Register holds about you', 'Cardiac'],
  ])('is JSON in %s, its title, text and labels in the language', async (lang, title, cardiac) => {
    const res = await report(north.staff, patient, { lang }).expect(200);
    expect(res.body).toMatchObject({ language: lang, title });
    expect(res.body.about).toContain(north.name);
    expect(res.body.labels['programme.cardiac']).toBe(cardiac);
  });

  it('is a page when the browser asks for HTML, in the language it prefers', async () => {
    const res = await t
      .http()
      .post('/api/v1/access-reports')
      .set(north.staff.headers)
      .set('Accept', 'text/html,application/xhtml+xml')
      .set('Accept-Language', 'nn-NO,nn;q=0.9')
      .send({ nationalId: patient })
      .expect(200);
    expect(res.text).toContain('<html lang="nn">');
  });

  it.each([
    ['not 11 digits', { nationalId: '1234' }],
    ['a wrong control digit', { nationalId: patient.slice(0, 10) + String((Number(patient[10]) + 1) % 10) }],
    ['no number', {}],
  ])('refuses %s with a problem that points at nationalId', async (_, body) => {
    const res = await t.http().post('/api/v1/access-reports').set(north.staff.headers).send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/nationalId');
  });

  it('refuses an unknown language or format', async () => {
    const res = await report(north.staff, patient, { lang: 'de', format: 'pdf' }).expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/format', '/lang']);
  });

  it('is refused to administrators, researchers and API keys', async () => {
    const researcher = await createUser(t, admin, 'researcher');
    for (const headers of [admin.headers, researcher.headers, north.apiKey.headers])
      await t.http().post('/api/v1/access-reports').set(headers).send({ nationalId: patient }).expect(403);
    await t.http().post('/api/v1/access-reports').send({ nationalId: patient }).expect(401);
  });

  it('keeps the national identity number out of every audit row', async () => {
    const { rows } = await asOwner((c) =>
      c.query(`SELECT count(*)::int AS n FROM audit_events WHERE row_to_json(audit_events)::text LIKE $1`, [`%${patient}%`]),
    );
    expect(rows[0].n).toBe(0);
  });
});
