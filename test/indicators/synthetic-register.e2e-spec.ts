import { Clock } from '../../src/clock/clock';
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

  it('publishes the same figure in a table and in its funnel, for every breakdown, and no adjusted figure under service level', async () => {
    const t: TestApp = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    try {
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-06-01T10:00:00Z'));
      const admin = await createAdmin(t);
      await t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send({ period: '2025' }).expect(201);
      type Shown = {
        value: number | null;
        suppressed: boolean;
        note?: string;
        part?: string;
        id?: string;
        parts?: Shown[];
        shares?: Record<string, { proportion: number | null }> | null;
      };
      type Point = { institutionId: string; value: number | null; suppressed: boolean };
      const published = await withClient(scratch.ownerUrl, async (c) => ({
        tables: (
          await c.query<{ scope: string; breakdown: string; report: { indicators: Shown[] } }>(
            `SELECT scope, breakdown, report FROM indicator_snapshot_results r JOIN indicator_snapshots s ON s.id = r.snapshot_id WHERE s.period = '2025'`,
          )
        ).rows,
        funnels: (
          await c.query<{ breakdown: string; indicator: string; part: string; funnel: { target: number; points: Point[] } }>(
            `SELECT breakdown, indicator, part, funnel FROM indicator_snapshot_funnels f JOIN indicator_snapshots s ON s.id = f.snapshot_id WHERE s.period = '2025'`,
          )
        ).rows,
      }));
      const table = new Map(published.tables.map((r) => [`${r.scope}|${r.breakdown}`, r.report.indicators]));
      const figureOf = (scope: string, breakdown: string, indicator: string, part: string): Shown | undefined => {
        const f = table.get(`${scope}|${breakdown}`)?.find((i) => i.id === indicator);
        if (!part || !f) return f;
        // A hidden figure hides its parts and shares too (they would give back its n or its events).
        if (f.suppressed) return { value: null, suppressed: true };
        // PCHC classes are shares of the figure, not parts.
        const share = f.shares?.[part];
        return share ? { value: share.proportion, suppressed: false } : f.parts?.find((p) => p.part === part);
      };
      let compared = 0;
      const breakdowns = new Set<string>();
      for (const { breakdown, indicator, part, funnel } of published.funnels) {
        const national = figureOf('national', breakdown, indicator, part)!;
        if (!national.suppressed) {
          expect({ breakdown, indicator, part, value: national.value }).toEqual({
            breakdown,
            indicator,
            part,
            value: expect.closeTo(funnel.target, 10),
          });
          compared += 1;
        }
        for (const point of funnel.points.filter((p) => !p.suppressed)) {
          const own = figureOf(`institution:${point.institutionId}`, breakdown, indicator, part)!;
          if (own.suppressed) continue;
          expect({ breakdown, indicator, part, value: own.value }).toEqual({
            breakdown,
            indicator,
            part,
            value: expect.closeTo(point.value!, 10),
          });
          compared += 1;
          breakdowns.add(breakdown);
        }
      }
      expect(compared).toBeGreaterThan(500); // not vacuous
      expect([...breakdowns].filter((b) => b.startsWith('serviceLevel:')).length).toBeGreaterThan(0);
      expect(
        published.funnels.filter((f) => f.indicator === 'eq5d.index_change_adjusted').map((f) => f.breakdown.split(':')[0]),
      ).not.toContain('serviceLevel');
      for (const [key, indicators] of table) {
        const adjusted = indicators.find((i) => i.id === 'eq5d.index_change_adjusted')!;
        if (key.includes('|serviceLevel:') && !adjusted.suppressed)
          expect(adjusted).toMatchObject({ value: null, note: expect.stringContaining('service level') });
      }
      // Live, the same: no adjusted value under a service level, and no funnel of it.
      const live = await t
        .http()
        .get('/api/v1/indicators')
        .query({ period: '2025', serviceLevel: 'specialist', indicator: 'eq5d.index_change_adjusted' })
        .set(admin.headers)
        .expect(200);
      expect(live.body.indicators[0]).toMatchObject({ value: null, note: expect.stringContaining('service level') });
      const funnel = await t
        .http()
        .get('/api/v1/indicators/funnel')
        .query({ period: '2025', serviceLevel: 'specialist', indicator: 'eq5d.index_change_adjusted' })
        .set(admin.headers)
        .expect(400);
      expect(funnel.body.errors).toEqual([expect.objectContaining({ pointer: '/serviceLevel' })]);
    } finally {
      await t.close();
    }
  });
});
