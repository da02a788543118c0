/** One episode, one patient: a re-send with another patient is refused; a correction is explicit and audited. */
import { randomUUID } from 'node:crypto';
import { asOwner, pseudonymOf } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, episodeBody, EQ5D_WORST, InstitutionWorld, newNationalId } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

const withResponse = (overrides: Record<string, unknown>) =>
  episodeBody({
    responses: [{ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-03', mode: 'patient_paper', answers: EQ5D_WORST }],
    ...overrides,
  });

describe('the patient of an episode', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  /** Registers one episode with an EQ-5D response (through a batch, the route that takes both); returns its id and externalId. */
  const registerWithResponse = async (body: Record<string, unknown>) => {
    const res = await t
      .http()
      .post('/api/v1/submissions')
      .set(a.apiKey.headers)
      .set('Idempotency-Key', randomUUID())
      .send({ episodes: [body] })
      .expect(201);
    return { id: res.body.episodes[0].id as string, externalId: res.body.episodes[0].externalId as string };
  };

  /** What is stored of an episode and its responses, as the owner sees it. */
  const stored = (episodeId: string) =>
    asOwner(async (db) => ({
      episode: (await db.query(`SELECT pseudonym, birth_year, sex, updated_at FROM episodes WHERE id = $1`, [episodeId])).rows[0],
      responses: (await db.query(`SELECT id, episode_id, answers FROM responses WHERE episode_id = $1 ORDER BY id`, [episodeId])).rows,
    }));

  it('is not changed by a re-send with another national ID: 409 naming the externalId, nothing changed', async () => {
    const first = withResponse({ patient: { nationalId: newNationalId(1950, 'female') } });
    const created = { body: await registerWithResponse(first) };
    const before = await stored(created.body.id);

    const otherId = newNationalId(1988, 'male');
    const res = await t
      .http()
      .post('/api/v1/episodes')
      .set(a.apiKey.headers)
      .send({ ...first, responses: undefined, patient: { nationalId: otherId } })
      .expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: 'urn:rehabreg:problem:episode-patient-mismatch', status: 409 });
    expect(res.body.errors).toEqual([{ pointer: '/patient/nationalId', detail: expect.stringContaining(String(first.externalId)) }]);
    expect(JSON.stringify(res.body)).not.toContain(otherId);
    expect(JSON.stringify(res.body)).not.toContain((first.patient as { nationalId: string }).nationalId);
    expect(await stored(created.body.id)).toEqual(before);
  });

  it('is not changed by a batch either: the whole batch is refused with 409 and a pointer to the episode', async () => {
    const kept = withResponse({ patient: { nationalId: newNationalId(1951) } });
    const created = { body: await registerWithResponse(kept) };
    const before = await stored(created.body.id);
    const fresh = episodeBody();

    const res = await t
      .http()
      .post('/api/v1/submissions')
      .set(a.apiKey.headers)
      .set('Idempotency-Key', randomUUID())
      .send({ episodes: [fresh, { ...kept, patient: { nationalId: newNationalId(1990) } }] })
      .expect(409);
    expect(res.body.type).toBe('urn:rehabreg:problem:episode-patient-mismatch');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/episodes/1/patient/nationalId']);
    expect(await stored(created.body.id)).toEqual(before);
    const freshRows = await asOwner((db) => db.query(`SELECT 1 FROM episodes WHERE external_id = $1`, [fresh.externalId]));
    expect(freshRows.rowCount).toBe(0);
  });

  it('is corrected only by the correction route: staff of the institution, with a reason, audited, kept in the history', async () => {
    const wrongId = newNationalId(1940, 'male');
    const rightId = newNationalId(1960, 'female');
    const created = { body: await registerWithResponse(withResponse({ patient: { nationalId: wrongId } })) };
    const before = await stored(created.body.id);
    const route = `/api/v1/episodes/${created.body.id}/patient-correction`;
    const reason = 'Registered for the wrong patient in the EHR';

    await t.http().post(route).set(a.apiKey.headers).send({ nationalId: rightId, reason }).expect(403);
    const other = await createInstitutionWorld(t, admin);
    await t.http().post(route).set(other.staff.headers).send({ nationalId: rightId, reason }).expect(404);
    const leaky = await t
      .http()
      .post(route)
      .set(a.staff.headers)
      .send({ nationalId: rightId, reason: `was ${wrongId}` })
      .expect(400);
    expect(leaky.body.errors[0].pointer).toBe('/reason');
    expect(JSON.stringify(leaky.body)).not.toContain(wrongId);
    await t.http().post(route).set(a.staff.headers).send({ nationalId: wrongId, reason }).expect(400);

    const res = await t.http().post(route).set(a.staff.headers).send({ nationalId: rightId, reason }).expect(200);
    expect(res.body).toMatchObject({ id: created.body.id, birthYear: 1960, sex: 'female' });
    const after = await stored(created.body.id);
    expect(after.episode.pseudonym).toBe(pseudonymOf(t, rightId));
    expect(after.responses).toEqual(before.responses);

    const read = await t.http().get(`/api/v1/episodes/${created.body.id}`).set(a.staff.headers).expect(200);
    expect(read.body.patientCorrections).toEqual([{ correctedAt: expect.any(String), reason }]);
    const events = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ action: 'episode.patient_correct', institutionId: a.id })
      .set(admin.headers)
      .expect(200);
    expect(events.body.items[0]).toMatchObject({ actorId: a.staff.id, objectIds: [created.body.id] });
    const history = JSON.stringify(read.body) + JSON.stringify(events.body);
    expect(history).not.toContain(rightId);
    expect(history).not.toContain(wrongId);

    // the corrected patient is the episode's patient from now on
    await t
      .http()
      .post('/api/v1/episodes')
      .set(a.apiKey.headers)
      .send(episodeBody({ externalId: created.body.externalId, patient: { nationalId: rightId } }))
      .expect(200);
  });
});
