/** The modified Rankin Scale as an instrument like Barthel: scores, validation, versions and window flags. */
import { Actor, createAdmin, createEpisode, createInstitutionWorld, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

const mrs = (score: unknown, overrides: Record<string, unknown> = {}) => ({
  timepoint: 'admission',
  instrument: 'mrs',
  completedDate: '2026-03-03',
  mode: 'clinician',
  answers: { score },
  ...overrides,
});

describe('modified Rankin Scale responses', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  const post = (episodeId: string, body: object) =>
    t.http().post(`/api/v1/episodes/${episodeId}/responses`).set(a.apiKey.headers).send(body);

  it('stores a grade at admission and discharge, shown as scores.score with its scoring version', async () => {
    const episode = await createEpisode(t, a.apiKey.headers, { dischargeDate: '2026-03-28' });
    const admission = await post(episode.id, mrs(4)).expect(201);
    expect(admission.body).toMatchObject({
      instrument: 'mrs',
      answers: { score: 4 },
      scores: { score: 4, scoringVersion: 'mrs/1' },
      inWindow: true,
      version: 1,
    });
    await post(episode.id, mrs(2, { timepoint: 'discharge', completedDate: '2026-03-27' })).expect(201);
    const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(a.staff.headers).expect(200);
    const grades = read.body.responses.filter((r: { instrument: string }) => r.instrument === 'mrs');
    expect(grades.map((r: { timepoint: string; scores: { score: number } }) => [r.timepoint, r.scores.score])).toEqual([
      ['admission', 4],
      ['discharge', 2],
    ]);
  });

  it('accepts every grade from 0 (no symptoms) to 6 (dead), and is allowed outside the stroke programme', async () => {
    for (const grade of [0, 1, 2, 3, 4, 5, 6]) {
      const episode = await createEpisode(t, a.apiKey.headers, {
        programme: grade % 2 ? 'stroke' : 'musculoskeletal',
        mainDiagnosis: 'M16.1',
      });
      await post(episode.id, mrs(grade)).expect(201);
    }
  });

  it('leaves the score empty when the grade is not given', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const res = await post(episode.id, { ...mrs(null), answers: {} }).expect(201);
    expect(res.body.scores).toMatchObject({ score: null });
  });

  it.each([7, -1, 2.5, '3', true])('refuses grade %p with 400 pointing at /answers/score', async (grade) => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const res = await post(episode.id, mrs(grade)).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ pointer: '/answers/score', detail: expect.stringContaining('0 to 6') }]);
  });

  it('refuses items of other instruments in mRS answers', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const res = await post(episode.id, { ...mrs(3), answers: { score: 3, feeding: 10 } }).expect(400);
    expect(res.body.errors).toEqual([{ pointer: '/answers/feeding', detail: expect.stringContaining('Unknown field') }]);
  });

  it('counts a corrected grade once: the episode shows the new version, the history both', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const first = await post(episode.id, mrs(5)).expect(201);
    const corrected = await t
      .http()
      .put(`/api/v1/episodes/${episode.id}/responses/${first.body.id}`)
      .set(a.staff.headers)
      .send(mrs(4))
      .expect(200);
    expect(corrected.body).toMatchObject({ version: 2, supersedesId: first.body.id, scores: { score: 4 } });
    const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(a.staff.headers).expect(200);
    const grades = read.body.responses.filter((r: { instrument: string }) => r.instrument === 'mrs');
    expect(grades).toHaveLength(1);
    expect(grades[0]).toMatchObject({ id: corrected.body.id, version: 2, scores: { score: 4 } });
    const history = await t
      .http()
      .get(`/api/v1/episodes/${episode.id}/responses/${corrected.body.id}/history`)
      .set(a.staff.headers)
      .expect(200);
    expect(history.body.map((r: { scores: { score: number } }) => r.scores.score)).toEqual([5, 4]);
  });

  it('refuses a second mRS at the same timepoint with 409', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    await post(episode.id, mrs(3)).expect(201);
    await post(episode.id, mrs(2)).expect(409);
  });

  it('flags an mRS outside its window as it flags Barthel, and re-evaluates it when the discharge date comes', async () => {
    const episode = await createEpisode(t, a.apiKey.headers, { admissionDate: '2026-03-02' });
    const late = await post(episode.id, mrs(3, { completedDate: '2026-03-20' })).expect(201);
    expect(late.body.inWindow).toBe(false);
    const barthelLate = await post(episode.id, {
      timepoint: 'admission',
      instrument: 'barthel',
      completedDate: '2026-03-20',
      mode: 'clinician',
      answers: { feeding: 10 },
    }).expect(201);
    expect(barthelLate.body.inWindow).toBe(false);

    const discharge = await post(episode.id, mrs(1, { timepoint: 'discharge', completedDate: '2026-04-01' })).expect(201);
    expect(discharge.body.inWindow).toBe(false); // no discharge date yet
    await t.http().patch(`/api/v1/episodes/${episode.id}`).set(a.apiKey.headers).send({ dischargeDate: '2026-04-03' }).expect(200);
    const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(a.apiKey.headers).expect(200);
    const byTimepoint = (timepoint: string) =>
      read.body.responses.find((r: { instrument: string; timepoint: string }) => r.instrument === 'mrs' && r.timepoint === timepoint);
    expect(byTimepoint('discharge')).toMatchObject({ id: discharge.body.id, inWindow: true });
    expect(byTimepoint('admission')).toMatchObject({ id: late.body.id, inWindow: false });
  });
});
