import fc from 'fast-check';
import { Client } from 'pg';
import { ageBand } from '../../src/indicators/statistics/case-mix';
import { classifyHealthChange } from '../../src/indicators/statistics/pchc';

// The cube query classifies and bands in SQL (set-based, over every episode); these properties
// check on the real server that the SQL definitions are the tested TypeScript ones.
describe('the indicator SQL agrees with the statistics code', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  const profile = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 5, maxLength: 5 }).map((levels) => levels.join(''));

  it('classifies health change (PCHC) as classifyHealthChange does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(profile, profile), { minLength: 1, maxLength: 200 }), async (pairs) => {
        const { rows } = await client.query<{ pchc: string }>(
          `SELECT eq5d_pchc(b, a) AS pchc FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(b, a, i) ORDER BY i`,
          [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
        );
        expect(rows.map((r) => r.pchc)).toEqual(pairs.map(([before, after]) => classifyHealthChange(before, after)));
      }),
      { numRuns: 20 },
    );
    const { rows } = await client.query(`SELECT eq5d_pchc(NULL, '11111') AS pchc`);
    expect(rows[0].pchc).toBeNull();
  });

  it('puts ages into the same bands as ageBand', async () => {
    const ages = Array.from({ length: 111 }, (_, i) => i);
    const { rows } = await client.query<{ band: string }>(
      `SELECT indicator_age_band(a) AS band FROM unnest($1::int[]) WITH ORDINALITY AS t(a, i) ORDER BY i`,
      [ages],
    );
    expect(rows.map((r) => r.band)).toEqual(ages.map(ageBand));
  });

  it('lets the app role read cubes but build them only through the definer functions', async () => {
    await expect(
      client.query(`INSERT INTO indicator_changes (period_year, institution_id) VALUES (2026, gen_random_uuid())`),
    ).rejects.toThrow(/permission denied/);
    await expect(client.query(`DELETE FROM indicator_cube_cells`)).rejects.toThrow(/permission denied/);
    await expect(client.query(`SELECT indicator_fill_cube(gen_random_uuid(), NULL)`)).rejects.toThrow(/permission denied/);
    await expect(client.query(`UPDATE indicator_snapshot_results SET report = '{}'`)).rejects.toThrow(/permission denied/);
  });
});
