import { loadConfig } from '../../src/config/config';
import { generateSyntheticRegister } from '../../src/demo/synthetic-register';
import { createScratchDatabase, withClient } from '../support/database';
import { createTestApp, TestApp } from '../support/test-app';
import { createAdmin } from '../support/fixtures';

describe('demo:generate (synthetic register data at scale)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(() => scratch.drop());

  it('writes plausible episodes and scored responses through the domain code, which the indicators then read', async () => {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
    const summary = await generateSyntheticRegister(scratch.ownerUrl, config, {
      episodes: 1500,
      institutions: 6,
      seed: 42,
      year: 2025,
      chunkSize: 400,
    });
    expect(summary).toMatchObject({ episodes: 1500, year: 2025, institutions: { requested: 6, created: 6 } });
    expect(summary.responses).toBeGreaterThan(2500);

    const stored = await withClient(scratch.ownerUrl, async (c) => {
      const one = async (sql: string) => (await c.query(sql)).rows[0];
      return {
        episodes:
          await one(`SELECT count(*)::int AS n, count(DISTINCT institution_id)::int AS institutions, count(*) FILTER (WHERE discharge_date IS NULL)::int AS open,
                                    bool_and(pseudonym ~ '^v1:[A-Za-z0-9_-]{43}$') AS pseudonymized, bool_and(admission_date <= coalesce(discharge_date, admission_date)) AS ordered
                               FROM episodes`),
        responses:
          await one(`SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT in_window)::int AS out_of_window, count(*) FILTER (WHERE superseded_at IS NOT NULL)::int AS superseded,
                                     count(*) FILTER (WHERE instrument = 'eq5d-5l' AND eq5d_index IS NULL)::int AS no_index, count(DISTINCT eq5d_value_set)::int AS value_sets
                                FROM responses`),
        states: await one(`SELECT count(*)::int AS n FROM responses WHERE eq5d_state IS NOT NULL AND eq5d_state !~ '^[1-5]{5}$'`),
        changes: await one(`SELECT count(*)::int AS n FROM indicator_changes WHERE period_year = 2025`),
      };
    });
    expect(stored.episodes).toMatchObject({ n: 1500, institutions: 6, pseudonymized: true, ordered: true });
    expect(stored.episodes.open).toBeGreaterThan(0);
    expect(stored.responses.n).toBe(summary.responses);
    expect(stored.responses.out_of_window).toBeGreaterThan(0);
    expect(stored.responses.superseded).toBeGreaterThan(0);
    expect(stored.responses.no_index).toBeGreaterThan(0);
    expect(stored.responses.value_sets).toBe(1);
    expect(stored.states.n).toBe(0);
    expect(stored.changes.n).toBeGreaterThan(0); // the change triggers saw the bulk writes

    const t: TestApp = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    try {
      const admin = await createAdmin(t);
      const res = await t.http().get('/api/v1/indicators').query({ period: '2025' }).set(admin.headers).expect(200);
      const index = res.body.indicators.find((i: { id: string }) => i.id === 'eq5d.index_change');
      expect(index.n).toBeGreaterThan(500);
      expect(index.value).toBeGreaterThan(0); // most patients improve
      await expect(
        generateSyntheticRegister(scratch.ownerUrl, config, { episodes: 10, institutions: 6, seed: 42, year: 2025 }),
      ).rejects.toThrow(/already/);
    } finally {
      await t.close();
    }
  });
});
