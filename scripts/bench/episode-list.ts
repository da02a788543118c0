/**
 * Episode list benchmark (issue 21: "a list page stays < 50 ms p95 at 1,000,000 episodes"):
 *
 *   npm run bench:episode-list   (BENCH_EPISODES [100000], BENCH_INSTITUTIONS [20], BENCH_SEED [20], BENCH_REQUESTS [200])
 *   flock /work/bench-templates/.bench.lock env BENCH_TEMPLATE_DIR=/work/bench-templates BENCH_EPISODES=1000000 \
 *     BENCH_INSTITUTIONS=80 BENCH_SEED=20 npm run bench:episode-list   (the 1M register, a copy of its template)
 *
 * A private embedded PostgreSQL with a synthetic register (demo:generate's generator, or a copy of a
 * kept template with BENCH_TEMPLATE_DIR / BENCH_TEMPLATE: startBenchRegister), VACUUM ANALYZEd;
 * the real app in-process on loopback; a staff member of the largest institution signed in with a
 * browser session. Measured, BENCH_REQUESTS sequential requests each after one warm-up, against
 * GET /health/live in the same run: the list page (/app/episodes, 25 a page) first page, a page 40
 * pages deep (its cursor), each "missing" filter, a programme + closed filter, the sort by episode ID,
 * and the API's GET /api/v1/episodes?limit=50. For contrast, the SQL the list ran before issue 21
 * (count(*) of the institution plus OFFSET to the same deep page) is timed in the database.
 * Times are client-side on loopback (server time plus a loopback round trip).
 */
import 'reflect-metadata';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { UserService } from '../../src/users/user.service';
import {
  bearerFor,
  browserSessionFor,
  disposeOnInterrupt,
  listenOnLoopback,
  percentile,
  positiveSetting,
  readBenchConfig,
  requireServiceNodeFlag,
  roundMs as round,
  startBenchRegister,
  timedMs as timed,
} from './bench-support';
import { writeBenchmarkSection } from './benchmarks-doc';

const COMMAND = 'npm run bench:episode-list';
const PASSWORD = 'bench-password-2026';
const DEEP_PAGE = 40;

async function main(): Promise<void> {
  requireServiceNodeFlag(COMMAND);
  const episodes = positiveSetting('BENCH_EPISODES', 100_000);
  const institutions = positiveSetting('BENCH_INSTITUTIONS', 20);
  const seed = positiveSetting('BENCH_SEED', 20);
  const requests = positiveSetting('BENCH_REQUESTS', 200);
  // the settings the register is generated with (as bench:extracts and bench:results), so a kept template fits
  const started = Date.now();
  const { db, generated, template } = await startBenchRegister({ episodes, institutions, seed }, (urls) => readBenchConfig(urls));
  const preparedMs = Date.now() - started;
  disposeOnInterrupt(db);
  try {
    const config = readBenchConfig(db);
    if (template) console.log(`Register ${template.reused ? 'copied from' : 'generated, kept in'} ${template.dir}`);
    const owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    const [largest] = (
      await owner.query(`SELECT institution_id AS id, count(*)::int AS n FROM episodes GROUP BY 1 ORDER BY 2 DESC LIMIT 1`)
    ).rows as { id: string; n: number }[];
    const registered = (await owner.query(`SELECT count(*)::int AS n FROM episodes`)).rows[0].n as number;

    const app = await createApp(config);
    const base = await listenOnLoopback(app);
    try {
      await app
        .get(UserService)
        .create({ email: 'staff@bench.rehabreg.no', password: PASSWORD, role: 'staff', institutionIds: [largest.id] });
      const bearer = await bearerFor(base, 'staff@bench.rehabreg.no', PASSWORD);
      const session = await browserSessionFor(base, 'staff@bench.rehabreg.no', PASSWORD);

      const get = async (path: string, headers: Record<string, string> = {}) => {
        const res = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'gzip', ...headers } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}`);
        return body;
      };
      const page = (path: string) => get(path, { cookie: session });
      const api = (path: string) => get(path, bearer);

      // the cursor of the page DEEP_PAGE pages (of 25) in, walked as a user would
      let deep = '/app/episodes';
      for (let i = 1; i < DEEP_PAGE; i += 1) {
        const next = /href="(\/app\/episodes\?cursor=[\w-]+)" rel="next"/.exec(await page(deep));
        if (!next) throw new Error(`the institution has fewer than ${DEEP_PAGE} pages`);
        deep = next[1];
      }

      const cases: [string, () => Promise<unknown>][] = [
        ['/health/live (baseline)', () => get('/health/live')],
        ['page: /app/episodes, first page', () => page('/app/episodes')],
        [`page: /app/episodes, page ${DEEP_PAGE} (its cursor)`, () => page(deep)],
        ['page: ?missing=admission-eq5d', () => page('/app/episodes?missing=admission-eq5d')],
        ['page: ?missing=discharge-eq5d', () => page('/app/episodes?missing=discharge-eq5d')],
        ['page: ?missing=barthel', () => page('/app/episodes?missing=barthel')],
        ['page: ?missing=out-of-window', () => page('/app/episodes?missing=out-of-window')],
        ['page: ?programme=stroke&open=false', () => page('/app/episodes?programme=stroke&open=false')],
        ['page: ?sort=externalId', () => page('/app/episodes?sort=externalId')],
        ['API: GET /api/v1/episodes?limit=50', () => api('/api/v1/episodes?limit=50')],
      ];
      const loadBefore = os.loadavg()[0];
      const results = new Map<string, number[]>();
      for (const [name, call] of cases) {
        await call();
        results.set(name, []);
      }
      // interleaved, so load on the shared machine falls on every case alike
      for (let i = 0; i < requests; i += 1) for (const [name, call] of cases) results.get(name)!.push(await timed(call));

      const loadAfter = os.loadavg()[0];

      // the slowest filter's SQL as the list runs it now (capped count, then the page), in the database alone
      const filterSql: number[] = [];
      const filtered = `e.institution_id = $1 AND (e.withdrawn_at IS NULL OR e.local_only) AND e.programme = 'stroke' AND e.discharge_date IS NOT NULL`;
      for (let i = 0; i < 20; i += 1)
        filterSql.push(
          await timed(async () => {
            await owner.query(`SELECT count(*) FROM (SELECT 1 FROM episodes e WHERE ${filtered} LIMIT 1001) matching`, [largest.id]);
            await owner.query(`SELECT * FROM episodes e WHERE ${filtered} ORDER BY e.admission_date DESC, e.id DESC LIMIT 26`, [
              largest.id,
            ]);
          }),
        );

      // the list's SQL before issue 21, for contrast: a full count and OFFSET to the same deep page
      const oldSql: number[] = [];
      for (let i = 0; i < 20; i += 1)
        oldSql.push(
          await timed(async () => {
            await owner.query(`SELECT count(*) FROM episodes e WHERE e.institution_id = $1 AND (e.withdrawn_at IS NULL OR e.local_only)`, [
              largest.id,
            ]);
            await owner.query(
              `SELECT * FROM episodes e WHERE e.institution_id = $1 AND (e.withdrawn_at IS NULL OR e.local_only) ORDER BY e.admission_date DESC, e.id LIMIT 25 OFFSET ${(DEEP_PAGE - 1) * 25}`,
              [largest.id],
            );
          }),
        );

      const baseline = results.get(cases[0][0])!;
      const rows = cases.map(([name]) => {
        const times = results.get(name)!;
        return `| ${name} | ${round(percentile(times, 50))} | ${round(percentile(times, 95))} | ${(percentile(times, 95) / percentile(baseline, 95)).toFixed(1)}x |`;
      });
      const prepared = template?.reused
        ? `a copy of the kept template ${path.basename(template.dir)}, made in ${round(preparedMs / 1000)} s`
        : `generated in ${round(generated.seconds)} s`;
      const heading = '## Episode list (issue 21)';
      const text = [
        heading,
        '',
        `Measured ${new Date().toISOString().slice(0, 10)} with \`${COMMAND}\` (BENCH_EPISODES=${episodes}, BENCH_INSTITUTIONS=${institutions}, BENCH_SEED=${seed}, BENCH_REQUESTS=${requests}) on this machine (2 cores shared with other work): ${registered} episodes (${prepared}), the signed-in staff member's institution has ${largest.n}. Each case ${requests} times after a warm-up, interleaved; client-side times on loopback, gzip. Load average (1 min) ${loadBefore.toFixed(1)} when the measurement began, ${loadAfter.toFixed(1)} when it ended.`,
        '',
        '| request | p50 ms | p95 ms | p95 / baseline p95 |',
        '|---|---|---|---|',
        ...rows,
        '',
        `Goal: a list page < 50 ms p95 (at 1,000,000 episodes). For contrast, the list's SQL before issue 21 (count(*) of the institution, then OFFSET ${(DEEP_PAGE - 1) * 25} for page ${DEEP_PAGE}) took ${round(percentile(oldSql, 50))} ms median in the database alone (20 runs); the capped count and page of \`?programme=stroke&open=false\` as the list runs them now took ${round(percentile(filterSql, 50))} ms.`,
      ].join('\n');
      console.log(text);
      writeBenchmarkSection(heading, text);
    } finally {
      await app.close();
      await owner.end();
    }
  } finally {
    await db.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
