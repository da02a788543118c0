import { Actor, BARTHEL_FULL, createAdmin, createEpisode, createInstitutionWorld, EQ5D_WORST, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

const eq5d = (answers: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  timepoint: 'admission',
  instrument: 'eq5d-5l',
  completedDate: '2026-03-03',
  mode: 'patient_paper',
  answers,
  ...overrides,
});
const barthel = (answers: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  timepoint: 'admission',
  instrument: 'barthel',
  completedDate: '2026-03-03',
  mode: 'clinician',
  answers,
  ...overrides,
});

describe('responses', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  it('scores an EQ-5D-5L response with the Norwegian value set: 55555 is -0.453', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const res = await t.http().post(`/api/v1/episodes/${episode.id}/responses`).set(a.apiKey.headers).send(eq5d(EQ5D_WORST)).expect(201);
    expect(res.body).toMatchObject({
      episodeId: episode.id,
      version: 1,
      inWindow: true,
      scores: { state: '55555', levelSum: 25, index: -0.453, valueSet: 'norway', vas: 10 },
    });
  });

  it('keeps the VAS when a dimension is missing, with no index', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const res = await t
      .http()
      .post(`/api/v1/episodes/${episode.id}/responses`)
      .set(a.apiKey.headers)
      .send(eq5d({ mobility: 1, selfCare: 1, vas: 70 }))
      .expect(201);
    expect(res.body.scores).toMatchObject({ state: null, levelSum: null, index: null, vas: 70 });
  });

  it('scores a Barthel response on the 100- and the 20-point scale alike', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const full = await t
      .http()
      .post(`/api/v1/episodes/${episode.id}/responses`)
      .set(a.staff.headers)
      .send(barthel(BARTHEL_FULL))
      .expect(201);
    expect(full.body.scores).toMatchObject({ total100: 100, total20: 20, band: 'independent' });
    const twenty = Object.fromEntries(Object.entries(BARTHEL_FULL).map(([item, value]) => [item, value / 5]));
    const discharge = await t
      .http()
      .post(`/api/v1/episodes/${episode.id}/responses`)
      .set(a.staff.headers)
      .send(barthel({ ...twenty, stairs: 0, scale: 20 }, { timepoint: 'discharge', completedDate: '2026-03-04' }))
      .expect(201);
    expect(discharge.body.scores).toMatchObject({ total100: 90, total20: 18, band: 'moderate' });
  });

  it('flags a response outside its window and keeps it', async () => {
    const episode = await createEpisode(t, a.apiKey.headers, { admissionDate: '2026-03-02' });
    const late = await t
      .http()
      .post(`/api/v1/episodes/${episode.id}/responses`)
      .set(a.apiKey.headers)
      .send(eq5d(EQ5D_WORST, { completedDate: '2026-03-20' }))
      .expect(201);
    expect(late.body.inWindow).toBe(false);
  });

  it('re-evaluates the discharge window when the episode is discharged later', async () => {
    const episode = await createEpisode(t, a.apiKey.headers, { admissionDate: '2026-03-02' });
    const res = await t
      .http()
      .post(`/api/v1/episodes/${episode.id}/responses`)
      .set(a.apiKey.headers)
      .send(eq5d(EQ5D_WORST, { timepoint: 'discharge', completedDate: '2026-04-01' }))
      .expect(201);
    expect(res.body.inWindow).toBe(false); // no discharge date yet
    await t.http().patch(`/api/v1/episodes/${episode.id}`).set(a.apiKey.headers).send({ dischargeDate: '2026-04-03' }).expect(200);
    const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(a.apiKey.headers).expect(200);
    expect(read.body.responses[0]).toMatchObject({ id: res.body.id, inWindow: true });
  });

  it('refuses a second response at the same timepoint with 409 pointing to the correction route', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const first = await t.http().post(`/api/v1/episodes/${episode.id}/responses`).set(a.apiKey.headers).send(eq5d(EQ5D_WORST)).expect(201);
    const again = await t.http().post(`/api/v1/episodes/${episode.id}/responses`).set(a.apiKey.headers).send(eq5d(EQ5D_WORST)).expect(409);
    expect(again.body.detail).toContain(`/responses/${first.body.id}`);
  });

  it('corrects a response as a new version and keeps the history', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const first = await t.http().post(`/api/v1/episodes/${episode.id}/responses`).set(a.apiKey.headers).send(eq5d(EQ5D_WORST)).expect(201);
    const corrected = await t
      .http()
      .put(`/api/v1/episodes/${episode.id}/responses/${first.body.id}`)
      .set(a.apiKey.headers)
      .send(eq5d({ mobility: 1, selfCare: 1, usualActivities: 1, painDiscomfort: 1, anxietyDepression: 1, vas: 90 }))
      .expect(200);
    expect(corrected.body).toMatchObject({ version: 2, supersedesId: first.body.id, scores: { state: '11111', index: 1 } });
    await t
      .http()
      .put(`/api/v1/episodes/${episode.id}/responses/${first.body.id}`)
      .set(a.apiKey.headers)
      .send(eq5d(EQ5D_WORST))
      .expect(409);
    const history = await t
      .http()
      .get(`/api/v1/episodes/${episode.id}/responses/${corrected.body.id}/history`)
      .set(a.apiKey.headers)
      .expect(200);
    expect(history.body.map((r: { version: number; supersededAt: string | null }) => [r.version, r.supersededAt === null])).toEqual([
      [1, false],
      [2, true],
    ]);
    const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(a.apiKey.headers).expect(200);
    expect(read.body.responses.map((r: { id: string }) => r.id)).toEqual([corrected.body.id]);
  });

  it.each([
    [eq5d({ ...EQ5D_WORST, vas: 101 }), ['/answers/vas']],
    [eq5d({ ...EQ5D_WORST, mobility: 6, selfCare: 0 }), ['/answers/mobility', '/answers/selfCare']],
    [eq5d({ ...EQ5D_WORST, mobility: 2.5 }), ['/answers/mobility']],
    [eq5d({ ...EQ5D_WORST, sleep: 3 }), ['/answers/sleep']],
    [barthel({ ...BARTHEL_FULL, feeding: 7, transfers: 20 }), ['/answers/feeding', '/answers/transfers']],
    [barthel({ ...BARTHEL_FULL, scale: 50 }), ['/answers/scale']],
    [
      barthel({ ...BARTHEL_FULL, scale: 20 }),
      [
        '/answers/bathing',
        '/answers/bladder',
        '/answers/bowels',
        '/answers/dressing',
        '/answers/feeding',
        '/answers/grooming',
        '/answers/mobility',
        '/answers/stairs',
        '/answers/toiletUse',
        '/answers/transfers',
      ],
    ],
    [eq5d(EQ5D_WORST, { completedDate: '2999-01-01', timepoint: 'later', mode: 'telepathy' }), ['/completedDate', '/mode', '/timepoint']],
    [{ timepoint: 'admission', instrument: 'sf-36', completedDate: '2026-03-03', mode: 'clinician', answers: {} }, ['/instrument']],
    [{ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-03', mode: 'clinician' }, ['/answers']],
  ])('refuses bad answers with a pointer to each bad field (%#)', async (body, pointers) => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const res = await t.http().post(`/api/v1/episodes/${episode.id}/responses`).set(a.apiKey.headers).send(body).expect(400);
    expect([...new Set(res.body.errors.map((e: { pointer: string }) => e.pointer))].sort()).toEqual([...pointers].sort());
    const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(a.apiKey.headers).expect(200);
    expect(read.body.responses).toEqual([]);
  });

  it('tells which values an item allows', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const res = await t
      .http()
      .post(`/api/v1/episodes/${episode.id}/responses`)
      .set(a.apiKey.headers)
      .send(barthel({ transfers: 20 }))
      .expect(400);
    expect(res.body.errors[0].detail).toBe('transfers must be one of 0, 5, 10, 15 on the 100-point scale');
  });
});
