/**
 * Concurrent batches that upsert the same episodes in different orders queue on their row locks
 * instead of deadlocking: every write takes its locks in one global order (episodes by externalId,
 * responses by id).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { submissionEpisode } from '../indicators/indicator-data';
import { createAdmin, createInstitutionWorld, InstitutionWorld } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const BATCHES = 20;
const SHARED_EPISODES = 40;

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const deadlocksLogged = () => {
  const log = process.env.TEST_POSTGRES_LOG;
  return log && fs.existsSync(log) ? (fs.readFileSync(log, 'utf8').match(/deadlock detected/g) ?? []).length : 0;
};

describe('overlapping batches', () => {
  let t: TestApp;
  let a: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: String(BATCHES) });
    a = await createInstitutionWorld(t, await createAdmin(t));
  });
  afterAll(() => t.close());

  it(`${BATCHES} concurrent batches over the same ${SHARED_EPISODES} episodes, in shuffled orders, all succeed without a deadlock`, async () => {
    const episodes = Array.from({ length: SHARED_EPISODES }, (_, i) =>
      submissionEpisode({ admission: '2026-04-01', los: 10 + (i % 5), eq5d: ['33333', '22222'], vas: [40, 60], barthel: [50, 80] }),
    );
    const deadlocksBefore = deadlocksLogged();
    const answers = await Promise.all(
      Array.from({ length: BATCHES }, (_, b) =>
        t
          .http()
          .post('/api/v1/submissions')
          .set(a.apiKey.headers)
          .set('Idempotency-Key', randomUUID())
          // each batch changes the discharge answers a little, so later batches correct responses too
          .send({ episodes: shuffled(episodes, b + 1).map((e) => ({ ...e, dischargeDestination: b % 2 ? 'home' : 'nursing_home' })) }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(BATCHES).fill(201));
    expect(deadlocksLogged()).toBe(deadlocksBefore);
    const list = await t.http().get('/api/v1/episodes').query({ limit: 100 }).set(a.staff.headers).expect(200);
    expect(list.body.count).toBe(SHARED_EPISODES);
  });
});
