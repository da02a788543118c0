import type { Client } from 'pg';
import { createScratchDatabase, withClient } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { addDays, submissionEpisode, submit } from './indicator-data';

type TableStats = { relname: string; analyzed: boolean; n_mod_since_analyze: number };

// A new register's first large import: the planner has no statistics yet, and an indicator cube
// planned without them took seconds for a few thousand episodes (migration 0100).
describe('planner statistics for indicator cubes after a large import', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  const asOwner = <T>(work: (client: Client) => Promise<T>) => withClient(scratch.ownerUrl, work);
  const stats = () =>
    asOwner(async (client) => {
      const { rows } = await client.query<TableStats>(
        `SELECT relname, last_analyze IS NOT NULL AS analyzed, n_mod_since_analyze::int AS n_mod_since_analyze
           FROM pg_stat_user_tables WHERE relname IN ('episodes', 'responses') ORDER BY relname`,
      );
      return rows;
    });

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    // So that only the service can be the one to analyze.
    await asOwner((client) =>
      client.query(`ALTER TABLE episodes SET (autovacuum_enabled = false); ALTER TABLE responses SET (autovacuum_enabled = false)`),
    );
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
  });

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  it('analyzes episodes and responses before building a cube when an import has outrun the statistics, and not again after', async () => {
    const episodes = Array.from({ length: 1200 }, (_, i) =>
      submissionEpisode({
        admission: addDays('2026-01-05', i % 300),
        los: 14,
        destination: 'home',
        eq5d: ['33333', '22222'],
        vas: [40, 60],
        barthel: [40, 70],
      }),
    );
    await submit(t, a.apiKey.headers, episodes.slice(0, 1000));
    await submit(t, a.apiKey.headers, episodes.slice(1000));
    // Activity statistics reach the shared counters at most about ten seconds after a transaction (an idle backend flushes them).
    const deadline = Date.now() + 25_000;
    // Episodes count their inserts and the updates of their forms flags by the responses' trigger (migration 275).
    const imported = { episodes: 1200, responses: 4800 } as Record<string, number>;
    while ((await stats()).some((s) => s.n_mod_since_analyze < imported[s.relname]) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    for (const s of await stats())
      expect({ ...s, outrun: s.n_mod_since_analyze >= imported[s.relname] }).toMatchObject({ analyzed: false, outrun: true });

    const res = await t
      .http()
      .get('/api/v1/indicators')
      .query({ period: '2026', indicator: 'eq5d.index_change' })
      .set(admin.headers)
      .expect(200);
    expect(res.body.indicators[0]).toMatchObject({ n: 1200 });
    expect(await stats()).toEqual([
      { relname: 'episodes', analyzed: true, n_mod_since_analyze: 0 },
      { relname: 'responses', analyzed: true, n_mod_since_analyze: 0 },
    ]);
    const [analyzedAt] = await asOwner(
      async (client) => (await client.query(`SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'episodes'`)).rows,
    );
    await t.http().get('/api/v1/indicators').query({ period: '2026-Q1' }).set(admin.headers).expect(200);
    const [again] = await asOwner(
      async (client) => (await client.query(`SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'episodes'`)).rows,
    );
    expect(again).toEqual(analyzedAt);
  });
});
