import { asOwner } from '../support/database';
import {
  Actor,
  createAdmin,
  createEpisode,
  createInstitutionWorld,
  createUser,
  episodeBody,
  InstitutionWorld,
  newNationalId,
} from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('episodes', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    b = await createInstitutionWorld(t, admin, 'helse-vest');
  });
  afterAll(() => t.close());

  it('registers an episode from an institution system, returning neither the number nor a pseudonym', async () => {
    const nationalId = newNationalId(1948, 'male');
    const body = episodeBody({ patient: { nationalId }, mainDiagnosis: 'i639' });
    const res = await t.http().post('/api/v1/episodes').set(a.apiKey.headers).send(body).expect(201);
    expect(res.body).toMatchObject({
      institutionId: a.id,
      externalId: body.externalId,
      birthYear: 1948,
      sex: 'male',
      mainDiagnosis: 'I63.9',
      dischargeDate: null,
    });
    expect(JSON.stringify(res.body)).not.toContain(nationalId);
    expect(JSON.stringify(res.body)).not.toMatch(/pseudonym|v1:/);
  });

  it('updates (200) rather than duplicates when the same externalId is sent again', async () => {
    const body = episodeBody();
    const first = await t.http().post('/api/v1/episodes').set(a.apiKey.headers).send(body).expect(201);
    const again = await t
      .http()
      .post('/api/v1/episodes')
      .set(a.apiKey.headers)
      .send({ ...body, dischargeDate: '2026-03-20', dischargeDestination: 'home' })
      .expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body).toMatchObject({ dischargeDate: '2026-03-20', dischargeDestination: 'home' });
  });

  it('lets the same externalId exist at two institutions without touching each other', async () => {
    const body = episodeBody();
    const atA = await t.http().post('/api/v1/episodes').set(a.apiKey.headers).send(body).expect(201);
    const atB = await t.http().post('/api/v1/episodes').set(b.apiKey.headers).send(body).expect(201);
    expect(atA.body.id).not.toBe(atB.body.id);
  });

  it('discharges an episode with PATCH and refuses a discharge before admission', async () => {
    const episode = await createEpisode(t, a.staff.headers);
    const res = await t
      .http()
      .patch(`/api/v1/episodes/${episode.id}`)
      .set(a.staff.headers)
      .send({ dischargeDate: '2026-03-25', dischargeDestination: 'home_with_services' })
      .expect(200);
    expect(res.body).toMatchObject({ dischargeDate: '2026-03-25', dischargeDestination: 'home_with_services' });
    const bad = await t
      .http()
      .patch(`/api/v1/episodes/${episode.id}`)
      .set(a.staff.headers)
      .send({ dischargeDate: '2026-02-01' })
      .expect(400);
    expect(bad.body.errors).toEqual([{ pointer: '/dischargeDate', detail: 'dischargeDate must be on or after admissionDate' }]);
  });

  it("hides one institution's episodes from another: 404 on read and write, absent from lists", async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    await t.http().get(`/api/v1/episodes/${episode.id}`).set(b.staff.headers).expect(404);
    await t.http().get(`/api/v1/episodes/${episode.id}`).set(b.apiKey.headers).expect(404);
    await t.http().patch(`/api/v1/episodes/${episode.id}`).set(b.staff.headers).send({ dischargeDate: '2026-03-25' }).expect(404);
    await t
      .http()
      .post(`/api/v1/episodes/${episode.id}/responses`)
      .set(b.apiKey.headers)
      .send({ timepoint: 'admission', instrument: 'barthel', completedDate: '2026-03-02', mode: 'clinician', answers: {} })
      .expect(404);
    const list = await t.http().get('/api/v1/episodes').query({ limit: 500 }).set(b.staff.headers).expect(200);
    expect(list.body.items.every((e: { institutionId: string }) => e.institutionId === b.id)).toBe(true);
    expect(JSON.stringify(list.body)).not.toContain(episode.id);
  });

  it('lists with filters and pagination', async () => {
    const world = await createInstitutionWorld(t, admin);
    for (const programme of ['stroke', 'stroke', 'cardiac']) await createEpisode(t, world.apiKey.headers, { programme });
    const strokes = await t.http().get('/api/v1/episodes').query({ programme: 'stroke', limit: 1 }).set(world.staff.headers).expect(200);
    expect(strokes.body).toMatchObject({ count: 2, countIsExact: true, nextCursor: expect.any(String) });
    expect(strokes.body.items).toHaveLength(1);
    const second = await t
      .http()
      .get('/api/v1/episodes')
      .query({ programme: 'stroke', limit: 1, cursor: strokes.body.nextCursor })
      .set(world.staff.headers)
      .expect(200);
    expect(second.body).toMatchObject({ count: 2, nextCursor: null });
    expect(second.body.items[0].id).not.toBe(strokes.body.items[0].id);
    const open = await t.http().get('/api/v1/episodes').query({ open: 'true' }).set(world.staff.headers).expect(200);
    expect(open.body.count).toBe(3);
    const bad = await t.http().get('/api/v1/episodes').query({ programme: 'yoga', limit: 9999 }).set(world.staff.headers).expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/limit', '/programme']);
  });

  it('asks staff of several institutions which one an episode belongs to', async () => {
    const both = await createUser(t, admin, 'staff', [a.id, b.id]);
    const unclear = await t.http().post('/api/v1/episodes').set(both.headers).send(episodeBody()).expect(400);
    expect(unclear.body.errors[0].pointer).toBe('/institutionId');
    const clear = await t
      .http()
      .post('/api/v1/episodes')
      .set(both.headers)
      .send(episodeBody({ institutionId: b.id }))
      .expect(201);
    expect(clear.body.institutionId).toBe(b.id);
    await t
      .http()
      .post('/api/v1/episodes')
      .set(a.staff.headers)
      .send(episodeBody({ institutionId: b.id }))
      .expect(404);
  });

  it('explains every invalid field by JSON pointer, without echoing the identity number', async () => {
    const badNumber = '01010112345';
    const res = await t
      .http()
      .post('/api/v1/episodes')
      .set(a.apiKey.headers)
      .send(
        episodeBody({
          patient: { nationalId: badNumber },
          setting: 'spa',
          mainDiagnosis: 'stroke',
          admissionDate: '2026-02-30',
          referralDate: '2099-01-01',
          colour: 'red',
        }),
      )
      .expect(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(new Set(pointers)).toEqual(new Set(['/setting', '/mainDiagnosis', '/admissionDate', '/referralDate', '/colour']));
    expect(JSON.stringify(res.body)).not.toContain(badNumber);

    const numberOnly = await t
      .http()
      .post('/api/v1/episodes')
      .set(a.apiKey.headers)
      .send(episodeBody({ patient: { nationalId: badNumber } }))
      .expect(400);
    expect(numberOnly.body.errors).toEqual([{ pointer: '/patient/nationalId', detail: expect.any(String) }]);
    expect(JSON.stringify(numberOnly.body)).not.toContain(badNumber);
  });

  it('refuses an admission before the patient was born', async () => {
    const res = await t
      .http()
      .post('/api/v1/episodes')
      .set(a.apiKey.headers)
      .send(episodeBody({ patient: { nationalId: newNationalId(2025) }, admissionDate: '2024-05-01' }))
      .expect(400);
    expect(res.body.errors).toEqual([{ pointer: '/admissionDate', detail: 'admissionDate is before the patient was born' }]);
  });

  it('refuses with 422 an episode without recorded consent in the consent model', async () => {
    const res = await t
      .http()
      .post('/api/v1/episodes')
      .set(a.apiKey.headers)
      .send(episodeBody({ consent: undefined }))
      .expect(422);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/consent' });
    expect(res.body.errors[0].detail).toContain('consent-based');
  });

  it('never stores the identity number anywhere in the database', async () => {
    const nationalId = newNationalId(1961);
    await createEpisode(t, a.apiKey.headers, { patient: { nationalId } });
    const tables: string[] = (await asOwner((c) => c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`))).rows.map(
      (r: { tablename: string }) => r.tablename,
    );
    for (const table of tables) {
      const found = (
        await asOwner((c) => c.query(`SELECT count(*)::int AS n FROM "${table}" x WHERE x::text LIKE $1`, [`%${nationalId}%`]))
      ).rows[0].n;
      expect({ table, found }).toEqual({ table, found: 0 });
    }
  });

  it('audits reads and writes of episodes with the ids touched', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    await t.http().get(`/api/v1/episodes/${episode.id}`).set(a.staff.headers).expect(200);
    const events = await t.http().get('/api/v1/admin/audit-events').query({ objectId: episode.id }).set(admin.headers).expect(200);
    const actions = events.body.items.map((e: { action: string }) => e.action).sort();
    expect(actions).toEqual(['episode.read', 'episode.write']);
    expect(events.body.items.find((e: { action: string }) => e.action === 'episode.read')).toMatchObject({
      actorId: a.staff.id,
      institutionId: a.id,
    });
  });
});
