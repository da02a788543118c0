/** Issue 18: rehabilitation level, professions, individual plan, coordinator and municipality notified, through the API. */
import { asOwner } from '../support/database';
import { Actor, createAdmin, createApiKey, createEpisode, episodeBody, randomOrgNumber } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

type Kind = 'health_trust' | 'municipality' | 'private';

const SPECIALIST_CONTENT = {
  rehabLevel: '5.2',
  professions: ['psychologist', 'physician', 'nurse', 'physiotherapist', 'occupational_therapist', 'speech_therapist'],
  individualPlan: 'established',
  coordinator: 'assigned',
  municipalityNotifiedDate: '2026-03-20',
};

describe('episode content: level, professions, plan and coordinator', () => {
  let t: TestApp;
  let admin: Actor;
  const headersOf: Partial<Record<Kind, Record<string, string>>> = {};
  const headers = (kind: Kind) => headersOf[kind]!;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    for (const kind of ['health_trust', 'municipality', 'private'] as const) {
      const res = await t
        .http()
        .post('/api/v1/admin/institutions')
        .set(admin.headers)
        .send({ name: `Test ${kind} ${randomOrgNumber()}`, orgNumber: randomOrgNumber(), kind, region: 'helse-nord' })
        .expect(201);
      headersOf[kind] = (await createApiKey(t, admin, res.body.id)).headers;
    }
  });
  afterAll(() => t.close());

  it('stores the new fields, professions as a set in the list order with their count, and reads them back', async () => {
    const created = await t.http().post('/api/v1/episodes').set(headers('health_trust')).send(episodeBody(SPECIALIST_CONTENT)).expect(201);
    const expected = {
      rehabLevel: '5.2',
      professions: ['physician', 'nurse', 'physiotherapist', 'occupational_therapist', 'speech_therapist', 'psychologist'],
      professionCount: 6,
      individualPlan: 'established',
      coordinator: 'assigned',
      municipalityNotifiedDate: '2026-03-20',
    };
    expect(created.body).toMatchObject(expected);
    const read = await t.http().get(`/api/v1/episodes/${created.body.id}`).set(headers('health_trust')).expect(200);
    expect(read.body).toMatchObject(expected);
    const listed = await t
      .http()
      .get('/api/v1/episodes')
      .query({ externalId: created.body.externalId })
      .set(headers('health_trust'))
      .expect(200);
    expect(listed.body.items[0]).toMatchObject(expected);
  });

  it('keeps episodes without the new fields valid, with the fields null', async () => {
    const episode = await createEpisode(t, headers('health_trust'));
    const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(headers('health_trust')).expect(200);
    expect(read.body).toMatchObject({
      rehabLevel: null,
      professions: null,
      professionCount: null,
      individualPlan: null,
      coordinator: null,
      municipalityNotifiedDate: null,
    });
  });

  it('reads an episode stored before the migration (no values in the new columns) with the fields null', async () => {
    const episode = await createEpisode(t, headers('health_trust'), SPECIALIST_CONTENT);
    await asOwner((c) =>
      c.query(
        `UPDATE episodes SET rehab_level = NULL, professions = NULL, individual_plan = NULL, coordinator = NULL,
                municipality_notified_date = NULL WHERE id = $1`,
        [episode.id],
      ),
    );
    const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(headers('health_trust')).expect(200);
    expect(read.body).toMatchObject({ rehabLevel: null, professions: null, professionCount: null, coordinator: null });
  });

  it.each([
    ['rehabLevel', '6'],
    ['rehabLevel', 5.1],
    ['rehabLevel', '5'],
    ['professions', []],
    ['professions', ['nurse', 'nurse']],
    ['professions', ['nurse', 'dentist']],
    ['professions', 'nurse'],
    ['individualPlan', 'yes'],
    ['coordinator', 'offered_declined'],
    ['municipalityNotifiedDate', '2026-02-30'],
    ['municipalityNotifiedDate', '2999-01-01'],
  ])('refuses %s %p with 400 problem+json pointing at the field', async (field, value) => {
    const res = await t
      .http()
      .post('/api/v1/episodes')
      .set(headers('health_trust'))
      .send(episodeBody({ ...SPECIALIST_CONTENT, [field]: value }))
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ pointer: `/${field}`, detail: expect.any(String) }]);
  });

  it('accepts every listed value of each field', async () => {
    for (const individualPlan of ['established', 'offered_declined', 'not_needed', 'not_assessed'])
      await createEpisode(t, headers('health_trust'), { individualPlan });
    for (const coordinator of ['assigned', 'not_assigned', 'not_needed']) await createEpisode(t, headers('health_trust'), { coordinator });
    const all = ['physician', 'nurse', 'physiotherapist', 'occupational_therapist', 'speech_therapist', 'social_worker'];
    const rest = ['clinical_nutritionist', 'psychologist', 'vision_teacher', 'other'];
    const episode = await createEpisode(t, headers('health_trust'), { professions: [...all, ...rest] });
    const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(headers('health_trust')).expect(200);
    expect(read.body.professionCount).toBe(10);
  });

  it('refuses a level that does not go with the service level', async () => {
    const res = await t
      .http()
      .post('/api/v1/episodes')
      .set(headers('private'))
      .send(episodeBody({ serviceLevel: 'municipal', rehabLevel: '5.1' }))
      .expect(400);
    expect(res.body.errors).toEqual([{ pointer: '/rehabLevel', detail: expect.stringContaining('municipal') }]);
  });

  it('lets a municipality register levels 1-4 only, a health trust 5.x only, and a private institution either', async () => {
    for (const level of ['1', '2', '3', '4'])
      await createEpisode(t, headers('municipality'), { serviceLevel: 'municipal', setting: 'home', rehabLevel: level });
    const specialistAtMunicipality = await t
      .http()
      .post('/api/v1/episodes')
      .set(headers('municipality'))
      .send(episodeBody({ rehabLevel: '5.1' }))
      .expect(400);
    expect(specialistAtMunicipality.body.errors).toEqual([{ pointer: '/rehabLevel', detail: expect.stringContaining('a municipality') }]);

    for (const level of ['5.1', '5.2', '5.3']) await createEpisode(t, headers('health_trust'), { rehabLevel: level });
    const municipalAtTrust = await t
      .http()
      .post('/api/v1/episodes')
      .set(headers('health_trust'))
      .send(episodeBody({ serviceLevel: 'municipal', rehabLevel: '4' }))
      .expect(400);
    expect(municipalAtTrust.body.errors).toEqual([{ pointer: '/rehabLevel', detail: expect.stringContaining('a health trust') }]);

    await createEpisode(t, headers('private'), { serviceLevel: 'municipal', rehabLevel: '4' });
    await createEpisode(t, headers('private'), { rehabLevel: '5.3' });
  });

  it('leaves the level optional for municipal episodes', async () => {
    await createEpisode(t, headers('municipality'), { serviceLevel: 'municipal' });
  });

  it('changes the fields by PATCH, clears them with null, and by re-sending the episode', async () => {
    const episode = await createEpisode(t, headers('health_trust'));
    const patched = await t
      .http()
      .patch(`/api/v1/episodes/${episode.id}`)
      .set(headers('health_trust'))
      .send({ rehabLevel: '5.1', professions: ['nurse', 'physician'], coordinator: 'not_needed', municipalityNotifiedDate: '2026-03-10' })
      .expect(200);
    expect(patched.body).toMatchObject({
      rehabLevel: '5.1',
      professions: ['physician', 'nurse'],
      professionCount: 2,
      coordinator: 'not_needed',
      individualPlan: null,
      municipalityNotifiedDate: '2026-03-10',
    });
    const cleared = await t
      .http()
      .patch(`/api/v1/episodes/${episode.id}`)
      .set(headers('health_trust'))
      .send({ professions: null, rehabLevel: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ rehabLevel: null, professions: null, professionCount: null, coordinator: 'not_needed' });

    const resent = await t
      .http()
      .post('/api/v1/episodes')
      .set(headers('health_trust'))
      .send({ ...episode.body, ...SPECIALIST_CONTENT })
      .expect(200);
    expect(resent.body).toMatchObject({ id: episode.id, rehabLevel: '5.2', professionCount: 6, individualPlan: 'established' });
  });

  it('refuses by PATCH a level the institution does not register, or a service level the stored level does not go with', async () => {
    const episode = await createEpisode(t, headers('health_trust'), { rehabLevel: '5.1' });
    const level = await t.http().patch(`/api/v1/episodes/${episode.id}`).set(headers('health_trust')).send({ rehabLevel: '3' }).expect(400);
    expect(level.body.errors).toEqual([{ pointer: '/rehabLevel', detail: expect.any(String) }]);
    const service = await t
      .http()
      .patch(`/api/v1/episodes/${episode.id}`)
      .set(headers('health_trust'))
      .send({ serviceLevel: 'municipal' })
      .expect(400);
    expect(service.body.errors).toEqual([{ pointer: '/serviceLevel', detail: expect.any(String) }]);
    const bad = await t
      .http()
      .patch(`/api/v1/episodes/${episode.id}`)
      .set(headers('health_trust'))
      .send({ professions: ['nurse', 'nurse'], individualPlan: 'maybe' })
      .expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/individualPlan', '/professions']);
    const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(headers('health_trust')).expect(200);
    expect(read.body).toMatchObject({ rehabLevel: '5.1', serviceLevel: 'specialist', professions: null, individualPlan: null });
  });
});
