/** The synthetic register's episode content and mRS (issue 18): plausible, and consistent with the register's rules. */
import { loadConfig } from '../../src/config/config';
import { generateSyntheticRegister } from '../../src/demo/synthetic-register';
import { createScratchDatabase, withClient } from '../support/database';

describe('synthetic register: level, professions, plan, coordinator and mRS', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await generateSyntheticRegister(scratch.ownerUrl, loadConfig({ ...process.env, NODE_ENV: 'test' }), {
      episodes: 2000,
      institutions: 10,
      seed: 18,
      year: 2025,
    });
  });
  afterAll(() => scratch.drop());

  const rows = <Row>(sql: string) => withClient(scratch.ownerUrl, async (c) => (await c.query(sql)).rows as Row[]);

  it('gives municipalities levels 1-4, health trusts 5.x, and private institutions both', async () => {
    const levels = await rows<{ kind: string; municipal: number; specialist: number; missing: number }>(
      `SELECT i.kind, count(*) FILTER (WHERE e.rehab_level IN ('1', '2', '3', '4'))::int AS municipal,
              count(*) FILTER (WHERE e.rehab_level LIKE '5.%')::int AS specialist, count(*) FILTER (WHERE e.rehab_level IS NULL)::int AS missing
         FROM episodes e JOIN institutions i ON i.id = e.institution_id GROUP BY i.kind ORDER BY i.kind`,
    );
    const of = (kind: string) => levels.find((l) => l.kind === kind)!;
    expect(of('municipality')).toMatchObject({ specialist: 0 });
    expect(of('municipality').municipal).toBeGreaterThan(0);
    expect(of('municipality').missing).toBeGreaterThan(0); // optional before the municipal rollout
    expect(of('health_trust')).toMatchObject({ municipal: 0 });
    expect(of('private').municipal).toBeGreaterThan(0);
    expect(of('private').specialist).toBeGreaterThan(of('private').municipal);
  });

  it('has more professions at higher levels, and at least 5 at levels 5.2 and 5.3', async () => {
    const teams = await rows<{ rehab_level: string; fewest: number; mean: number }>(
      `SELECT rehab_level, min(jsonb_array_length(professions))::int AS fewest, avg(jsonb_array_length(professions))::float8 AS mean
         FROM episodes WHERE professions IS NOT NULL AND rehab_level IS NOT NULL GROUP BY rehab_level ORDER BY rehab_level`,
    );
    const mean = (level: string) => teams.find((t) => t.rehab_level === level)!.mean;
    expect(mean('1')).toBeLessThan(mean('3'));
    expect(mean('5.1')).toBeLessThan(mean('5.2'));
    expect(mean('5.2')).toBeLessThan(mean('5.3'));
    for (const team of teams.filter((t) => t.rehab_level === '5.2' || t.rehab_level === '5.3'))
      expect(team.fewest).toBeGreaterThanOrEqual(5);
  });

  it('fills plan and coordinator for most specialist episodes', async () => {
    const [filled] = await rows<{ share: number }>(
      `SELECT avg((individual_plan IS NOT NULL AND coordinator IS NOT NULL)::int)::float8 AS share FROM episodes WHERE rehab_level LIKE '5.%'`,
    );
    expect(filled.share).toBeGreaterThan(0.8);
  });

  it('rates most stroke patients with mRS at admission and discharge, in range, mostly improving', async () => {
    const [stroke] = await rows<{ admission: number; discharge: number; episodes: number; improved: number; paired: number }>(
      `SELECT count(*)::int AS episodes,
              count(a.mrs_score)::int AS admission, count(d.mrs_score)::int AS discharge,
              count(*) FILTER (WHERE d.mrs_score < a.mrs_score)::int AS improved,
              count(*) FILTER (WHERE d.mrs_score IS NOT NULL AND a.mrs_score IS NOT NULL)::int AS paired
         FROM episodes e
         LEFT JOIN responses a ON a.episode_id = e.id AND a.instrument = 'mrs' AND a.timepoint = 'admission' AND a.superseded_at IS NULL
         LEFT JOIN responses d ON d.episode_id = e.id AND d.instrument = 'mrs' AND d.timepoint = 'discharge' AND d.superseded_at IS NULL
        WHERE e.programme = 'stroke'`,
    );
    expect(stroke.admission / stroke.episodes).toBeGreaterThan(0.8);
    expect(stroke.discharge / stroke.episodes).toBeGreaterThan(0.6);
    expect(stroke.improved / stroke.paired).toBeGreaterThan(0.4);
    const [elsewhere] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM responses r JOIN episodes e ON e.id = r.episode_id
        WHERE r.instrument = 'mrs' AND e.programme NOT IN ('stroke', 'acquired_brain_injury', 'neurological_other')`,
    );
    expect(elsewhere.n).toBe(0);
  });
});
