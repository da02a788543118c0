import fc from 'fast-check';
import { Client } from 'pg';
import { meanCiFromSums, meanWithCi, medianAndIqr } from '../../src/indicators/statistics/summary';

// The indicator SQL will aggregate in PostgreSQL and hand the aggregates to these functions;
// this checks on the real server that the JS definitions are the SQL ones.
describe('summary statistics agree with PostgreSQL', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
  });

  async function aggregate(values: number[]) {
    const { rows } = await client.query<{ n: number; sum: number; sum_squares: number; q1: number; median: number; q3: number }>(
      `select count(*)::int as n, sum(v) as sum, sum(v * v) as sum_squares,
              percentile_cont(0.25) within group (order by v) as q1,
              percentile_cont(0.5) within group (order by v) as median,
              percentile_cont(0.75) within group (order by v) as q3
         from unnest($1::float8[]) as t(v)`,
      [values],
    );
    return rows[0];
  }

  it('computes the median and quartiles exactly as percentile_cont does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 365 }), { minLength: 1, maxLength: 60 }), async (days) => {
        const sql = await aggregate(days);
        const js = medianAndIqr(days);
        expect(js.median).toBeCloseTo(sql.median, 9);
        expect(js.q1).toBeCloseTo(sql.q1, 9);
        expect(js.q3).toBeCloseTo(sql.q3, 9);
      }),
      { numRuns: 30 },
    );
  });

  it('gives the same mean interval from SQL sums as from the values', async () => {
    const changes = [0.12, -0.05, 0.31, 0.08, 0.22, 0.0, 0.17, -0.11, 0.4, 0.09, 0.15];
    const sql = await aggregate(changes);
    const fromSums = meanCiFromSums(sql.n, sql.sum, sql.sum_squares);
    const direct = meanWithCi(changes);
    expect(fromSums.mean).toBeCloseTo(direct.mean!, 12);
    expect(fromSums.ciLow).toBeCloseTo(direct.ciLow!, 12);
    expect(fromSums.ciHigh).toBeCloseTo(direct.ciHigh!, 12);
  });
});
