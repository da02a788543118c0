/** Issue 18 in batches: the new episode fields and mRS responses, valid and invalid, all or nothing. */
import { randomUUID } from 'node:crypto';
import { asOwner } from '../support/database';
import { Actor, BARTHEL_FULL, createAdmin, createInstitutionWorld, episodeBody, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

const mrs = (timepoint: string, completedDate: string, score: unknown) => ({
  timepoint,
  instrument: 'mrs',
  completedDate,
  mode: 'clinician',
  answers: { score },
});

function strokeEpisode(overrides: Record<string, unknown> = {}) {
  return episodeBody({
    dischargeDate: '2026-03-28',
    dischargeDestination: 'home',
    rehabLevel: '5.1',
    professions: ['physician', 'nurse', 'physiotherapist', 'occupational_therapist', 'speech_therapist'],
    individualPlan: 'established',
    coordinator: 'assigned',
    municipalityNotifiedDate: '2026-03-20',
    responses: [
      mrs('admission', '2026-03-02', 4),
      mrs('discharge', '2026-03-28', 2),
      {
        timepoint: 'admission',
        instrument: 'barthel',
        completedDate: '2026-03-02',
        mode: 'clinician',
        answers: { ...BARTHEL_FULL, stairs: 0 },
      },
    ],
    ...overrides,
  });
}

async function storedEpisodes(externalIds: string[]): Promise<number> {
  return asOwner(
    async (c) => (await c.query(`SELECT count(*)::int AS n FROM episodes WHERE external_id = ANY ($1)`, [externalIds])).rows[0].n,
  );
}

describe('batch submissions with episode content and mRS', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin); // a health trust
  });
  afterAll(() => t.close());

  const submit = (body: object) =>
    t.http().post('/api/v1/submissions').set(a.apiKey.headers).set('Idempotency-Key', randomUUID()).send(body);

  it('stores the new fields and mRS responses of every episode', async () => {
    const episodes = [strokeEpisode(), strokeEpisode({ rehabLevel: '5.3', professions: ['other', 'physician'] })];
    const res = await submit({ episodes }).expect(201);
    expect(res.body.responses).toEqual({ created: 6, corrected: 0, unchanged: 0 });
    const read = await t.http().get(`/api/v1/episodes/${res.body.episodes[1].id}`).set(a.staff.headers).expect(200);
    expect(read.body).toMatchObject({
      rehabLevel: '5.3',
      professions: ['physician', 'other'],
      professionCount: 2,
      individualPlan: 'established',
      coordinator: 'assigned',
      municipalityNotifiedDate: '2026-03-20',
    });
    const grades = read.body.responses
      .filter((r: { instrument: string }) => r.instrument === 'mrs')
      .map((r: { timepoint: string; scores: { score: number }; inWindow: boolean }) => [r.timepoint, r.scores.score, r.inWindow]);
    expect(grades).toEqual([
      ['admission', 4, true],
      ['discharge', 2, true],
    ]);
  });

  it('corrects a re-sent mRS grade as a new version and leaves identical responses unchanged', async () => {
    const episode = strokeEpisode();
    await submit({ episodes: [episode] }).expect(201);
    const responses = (episode.responses as object[]).map((r, i) => (i === 1 ? mrs('discharge', '2026-03-28', 1) : r));
    const again = await submit({ episodes: [{ ...episode, responses }] }).expect(201);
    expect(again.body.responses).toEqual({ created: 0, corrected: 1, unchanged: 2 });
    const read = await t.http().get(`/api/v1/episodes/${again.body.episodes[0].id}`).set(a.staff.headers).expect(200);
    const discharge = read.body.responses.filter(
      (r: { instrument: string; timepoint: string }) => r.instrument === 'mrs' && r.timepoint === 'discharge',
    );
    expect(discharge).toHaveLength(1);
    expect(discharge[0]).toMatchObject({ version: 2, scores: { score: 1 } });
  });

  it('refuses a batch with any bad new field or grade, pointing at each, and stores none of it', async () => {
    const episodes = [
      strokeEpisode({ professions: ['nurse', 'nurse'] }),
      strokeEpisode({ rehabLevel: '5.4' }),
      strokeEpisode({ responses: [mrs('admission', '2026-03-02', 7)] }),
      strokeEpisode({ individualPlan: 'unknown', coordinator: 'yes', municipalityNotifiedDate: '2026-13-01' }),
      strokeEpisode({ responses: [mrs('discharge', '2026-03-28', 2.5)] }),
      strokeEpisode(), // valid, but the batch is all or nothing
    ];
    const res = await submit({ episodes }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual([
      '/episodes/0/professions',
      '/episodes/1/rehabLevel',
      '/episodes/2/responses/0/answers/score',
      '/episodes/3/coordinator',
      '/episodes/3/individualPlan',
      '/episodes/3/municipalityNotifiedDate',
      '/episodes/4/responses/0/answers/score',
    ]);
    expect(await storedEpisodes(episodes.map((e) => e.externalId as string))).toBe(0);
  });

  it('refuses a batch with a level of the other service level or one the institution does not register, pointing at each', async () => {
    const episodes = [
      strokeEpisode(),
      strokeEpisode({ serviceLevel: 'municipal', rehabLevel: '4' }), // a health trust registers 5.x only
      strokeEpisode({ rehabLevel: '2' }), // with service level specialist
    ];
    const res = await submit({ episodes }).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/episodes/1/rehabLevel', detail: expect.stringContaining('health trust') },
        { pointer: '/episodes/2/rehabLevel', detail: expect.stringContaining('serviceLevel is "specialist"') },
      ]),
    );
    expect(await storedEpisodes(episodes.map((e) => e.externalId as string))).toBe(0);
  });
});
