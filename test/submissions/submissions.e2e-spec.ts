import { randomUUID } from 'node:crypto';
import { IdempotencyJanitor } from '../../src/submissions/idempotency-janitor';
import { asOwner } from '../support/database';
import { Actor, BARTHEL_FULL, createAdmin, createInstitutionWorld, episodeBody, EQ5D_WORST, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

function batchEpisode(overrides: Record<string, unknown> = {}) {
  return episodeBody({
    dischargeDate: '2026-03-28',
    dischargeDestination: 'home',
    responses: [
      { timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-03', mode: 'patient_paper', answers: EQ5D_WORST },
      {
        timepoint: 'discharge',
        instrument: 'eq5d-5l',
        completedDate: '2026-03-27',
        mode: 'patient_web',
        answers: { ...EQ5D_WORST, mobility: 2, vas: 60 },
      },
      {
        timepoint: 'admission',
        instrument: 'barthel',
        completedDate: '2026-03-02',
        mode: 'clinician',
        answers: { ...BARTHEL_FULL, stairs: 0 },
      },
      { timepoint: 'discharge', instrument: 'barthel', completedDate: '2026-03-28', mode: 'clinician', answers: BARTHEL_FULL },
    ],
    ...overrides,
  });
}

async function storedCounts(externalIds: string[]): Promise<{ episodes: number; responses: number }> {
  return asOwner(async (c) => {
    const episodes = (await c.query(`SELECT count(*)::int AS n FROM episodes WHERE external_id = ANY ($1)`, [externalIds])).rows[0].n;
    const responses = (
      await c.query(`SELECT count(*)::int AS n FROM responses r JOIN episodes e ON e.id = r.episode_id WHERE e.external_id = ANY ($1)`, [
        externalIds,
      ])
    ).rows[0].n;
    return { episodes, responses };
  });
}

describe('batch submissions', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
    b = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  const submit = (headers: Record<string, string>, key: string | undefined, body: unknown) => {
    const req = t.http().post('/api/v1/submissions').set(headers);
    return key ? req.set('Idempotency-Key', key).send(body as object) : req.send(body as object);
  };

  it('stores a batch of episodes with their responses, scored', async () => {
    const episodes = [batchEpisode(), batchEpisode(), batchEpisode()];
    const res = await submit(a.apiKey.headers, randomUUID(), { episodes }).expect(201);
    expect(res.body.episodes).toHaveLength(3);
    expect(res.body.episodes.every((e: { status: string }) => e.status === 'created')).toBe(true);
    expect(res.body.responses).toEqual({ created: 12, corrected: 0, unchanged: 0 });
    const read = await t.http().get(`/api/v1/episodes/${res.body.episodes[0].id}`).set(a.staff.headers).expect(200);
    expect(
      read.body.responses.find((r: { instrument: string; timepoint: string }) => r.instrument === 'barthel' && r.timepoint === 'admission')
        .scores.total100,
    ).toBe(90);
  });

  it("flags each response in or out of its timepoint's window from the batch's own episode dates", async () => {
    // Admitted 2026-03-02, discharged 2026-03-28; windows of 7 days.
    const [admissionEq5d, dischargeEq5d] = batchEpisode().responses as Record<string, unknown>[]; // completed 03-03 and 03-27
    const earlyBarthel = {
      timepoint: 'discharge',
      instrument: 'barthel',
      completedDate: '2026-03-10',
      mode: 'clinician',
      answers: BARTHEL_FULL,
    };
    const episode = batchEpisode({ responses: [admissionEq5d, dischargeEq5d, earlyBarthel] });
    const res = await submit(a.apiKey.headers, randomUUID(), { episodes: [episode] }).expect(201);
    const flags = async () => {
      const read = await t.http().get(`/api/v1/episodes/${res.body.episodes[0].id}`).set(a.staff.headers).expect(200);
      return Object.fromEntries(
        read.body.responses.map((r: { timepoint: string; instrument: string; inWindow: boolean }) => [
          `${r.timepoint}/${r.instrument}`,
          r.inWindow,
        ]),
      );
    };
    expect(await flags()).toEqual({ 'admission/eq5d-5l': true, 'discharge/eq5d-5l': true, 'discharge/barthel': false });
    // Re-sent with an earlier discharge date, the stored answers are flagged again.
    await submit(a.apiKey.headers, randomUUID(), { episodes: [{ ...episode, dischargeDate: '2026-03-12' }] }).expect(201);
    expect(await flags()).toEqual({ 'admission/eq5d-5l': true, 'discharge/eq5d-5l': false, 'discharge/barthel': true });
  });

  it('applies a retried request with the same Idempotency-Key once and returns the first result again', async () => {
    const key = randomUUID();
    const body = { episodes: [batchEpisode()] };
    const first = await submit(a.apiKey.headers, key, body).expect(201);
    const again = await submit(a.apiKey.headers, key, body).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await storedCounts([body.episodes[0].externalId as string])).toEqual({ episodes: 1, responses: 4 });
  });

  it('applies concurrent retries with the same key once', async () => {
    const key = randomUUID();
    const body = { episodes: Array.from({ length: 20 }, () => batchEpisode()) };
    const results = await Promise.all([
      submit(a.apiKey.headers, key, body),
      submit(a.apiKey.headers, key, body),
      submit(a.apiKey.headers, key, body),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(results[1].body).toEqual(results[0].body);
    expect(results[2].body).toEqual(results[0].body);
    expect(await storedCounts(body.episodes.map((e) => e.externalId as string))).toEqual({ episodes: 20, responses: 80 });
  });

  it('refuses the same key with a different body with 422', async () => {
    const key = randomUUID();
    await submit(a.apiKey.headers, key, { episodes: [batchEpisode()] }).expect(201);
    const res = await submit(a.apiKey.headers, key, { episodes: [batchEpisode()] }).expect(422);
    expect(res.body.detail).toContain('different request body');
  });

  it('keeps keys per institution', async () => {
    const key = randomUUID();
    await submit(a.apiKey.headers, key, { episodes: [batchEpisode()] }).expect(201);
    await submit(b.apiKey.headers, key, { episodes: [batchEpisode()] }).expect(201);
  });

  it('requires an Idempotency-Key', async () => {
    const res = await submit(a.apiKey.headers, undefined, { episodes: [batchEpisode()] }).expect(400);
    expect(res.body.detail).toContain('Idempotency-Key');
  });

  it('rejects the whole batch when one item is bad, listing every error by JSON pointer', async () => {
    const episodes = Array.from({ length: 20 }, () => batchEpisode());
    (episodes[17].responses as { answers: Record<string, unknown> }[])[0].answers = { ...EQ5D_WORST, vas: 101 };
    (episodes[3] as Record<string, unknown>).programme = 'yoga';
    const key = randomUUID();
    const res = await submit(a.apiKey.headers, key, { episodes }).expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/episodes/17/responses/0/answers/vas',
      '/episodes/3/programme',
    ]);
    expect(await storedCounts(episodes.map((e) => e.externalId as string))).toEqual({ episodes: 0, responses: 0 });
    // The key was not used up by the failed attempt: the corrected batch goes through with it.
    episodes[17] = batchEpisode();
    episodes[3] = batchEpisode();
    await submit(a.apiKey.headers, key, { episodes }).expect(201);
  });

  it('reports identity numbers, dates and duplicate externalIds across the batch', async () => {
    const twin = batchEpisode();
    const episodes = [batchEpisode({ patient: { nationalId: '12345678901' } }), twin, { ...batchEpisode(), externalId: twin.externalId }];
    const res = await submit(a.apiKey.headers, randomUUID(), { episodes }).expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/episodes/0/patient/nationalId',
      '/episodes/2/externalId',
    ]);
    expect(JSON.stringify(res.body)).not.toContain('12345678901');
  });

  it('refuses with 422 a batch holding an episode the register may not hold, and stores none of it', async () => {
    const episodes = [batchEpisode(), batchEpisode({ consent: { status: 'refused', date: '2026-03-02' } })];
    const res = await submit(a.apiKey.headers, randomUUID(), { episodes }).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/episodes/1/consent' })]);
    expect(await storedCounts(episodes.map((e) => e.externalId as string))).toEqual({ episodes: 0, responses: 0 });
  });

  it('updates episodes and leaves identical responses alone when a batch is re-sent with a new key', async () => {
    const episodes = [batchEpisode()];
    await submit(a.apiKey.headers, randomUUID(), { episodes }).expect(201);
    (episodes[0].responses as { answers: Record<string, unknown> }[])[3].answers = { ...BARTHEL_FULL, stairs: 5 };
    const again = await submit(a.apiKey.headers, randomUUID(), { episodes }).expect(201);
    expect(again.body.episodes[0].status).toBe('updated');
    expect(again.body.responses).toEqual({ created: 0, corrected: 1, unchanged: 3 });
  });

  it('refuses more than 1,000 episodes and an empty batch', async () => {
    const episode = batchEpisode({ responses: [] });
    const tooMany = await submit(a.apiKey.headers, randomUUID(), { episodes: Array.from({ length: 1001 }, () => episode) }).expect(400);
    expect(tooMany.body.errors[0]).toMatchObject({ pointer: '/episodes' });
    await submit(a.apiKey.headers, randomUUID(), { episodes: [] }).expect(400);
  });
});

describe('idempotency records', () => {
  it('are kept for at least 24 hours and purged after 48', async () => {
    const t = await createTestApp();
    try {
      const admin = await createAdmin(t);
      const world = await createInstitutionWorld(t, admin);
      const [fresh, day, old] = [randomUUID(), randomUUID(), randomUUID()];
      for (const key of [fresh, day, old])
        await t
          .http()
          .post('/api/v1/submissions')
          .set(world.apiKey.headers)
          .set('Idempotency-Key', key)
          .send({ episodes: [batchEpisode()] })
          .expect(201);
      await asOwner(async (c) => {
        await c.query(`UPDATE idempotency_keys SET created_at = now() - interval '30 hours' WHERE key = $1`, [day]);
        await c.query(`UPDATE idempotency_keys SET created_at = now() - interval '49 hours' WHERE key = $1`, [old]);
      });
      expect(await t.app.get(IdempotencyJanitor).purge()).toBeGreaterThanOrEqual(1);
      const left = (await asOwner((c) => c.query(`SELECT key FROM idempotency_keys WHERE key = ANY ($1)`, [[fresh, day, old]]))).rows.map(
        (r: { key: string }) => r.key,
      );
      expect(left.sort()).toEqual([fresh, day].sort());
    } finally {
      await t.close();
    }
  });
});
