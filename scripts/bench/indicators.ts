/**
 * Indicator benchmark (issue 6): the API's computation of the national indicators of one year
 * against one hand-written SQL query for one of them (eq5d.index_change): the API asked for that
 * indicator alone and for all of them, with nothing cached; and an institution's live view.
 *
 *   npm run bench:indicators
 *
 *   (the Node flag is the one `npm start` runs the service with.)
 * Starts its own throwaway embedded PostgreSQL, migrates it, fills it with `demo:generate`'s
 * generator (BENCH_EPISODES episodes at BENCH_INSTITUTIONS institutions, admissions in last year),
 * VACUUM ANALYZEs, starts the real application on it and measures over HTTP, interleaved over
 * BENCH_ROUNDS rounds (medians reported). Before each cold measurement the cube tables are emptied
 * and vacuumed (untimed), so no measurement runs beside cleanup of the one before:
 *   hand            one SQL query (as the owner, so no row-level security) for the national mean
 *                   change in EQ-5D index with n and SD, the same exclusions as the indicator;
 *   api one         GET /api/v1/indicators?period=Y&indicator=eq5d.index_change as an
 *                   administrator with no cube cached: builds a cube of the EQ-5D index part (every
 *                   institution × programme × setting × service level × age band × sex);
 *   api full        GET /api/v1/indicators?period=Y, likewise: a cube of all parts, all 16 indicators;
 *   api incremental the same after late data at one institution: only its cells are rebuilt;
 *   api cached      the same again with nothing changed;
 *   institution     GET ...&scope=institution:<largest> as its staff, after late data at that
 *                   institution (its own cube rebuilt) and again cached;
 *   publishing      once, after the rounds: POST /api/v1/admin/indicator-snapshots as a dry run and
 *                   then for real (issue 19: disclosure control and its LP audit included).
 * Writes the figures to docs/benchmarks.md (only the section "## Indicators (issue 6)").
 *
 * Tunable (defaults in brackets): BENCH_EPISODES [1000000], BENCH_INSTITUTIONS [80], BENCH_ROUNDS [3], BENCH_SEED [6].
 *   BENCH_TEMPLATE_DIR or BENCH_TEMPLATE: reuse a generated register (bench-support.ts, startBenchRegister; BENCH_SEED=20 for the 1,000,000 template).
 */
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { type SyntheticRegisterSummary } from '../../src/demo/synthetic-register';
import { DEFAULT_VALUE_SET_ID } from '../../src/instruments/eq5d.scoring';
import { UserService } from '../../src/users/user.service';
import { disposeOnInterrupt, median, requireServiceNodeFlag, startBenchRegister } from './bench-support';
import { writeBenchmarkSection } from './benchmarks-doc';

const REPO_ROOT = path.join(__dirname, '..', '..', '..'); // dist/scripts/bench -> repository root
const DOC_FILE = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
const SECTION_HEADING = '## Indicators (issue 6)';
const COMMAND = 'npm run bench:indicators';
const PASSWORD = 'bench-password-not-secret';

interface PublishAudit {
  passed: boolean;
  hiddenCounts: number;
  secondaryCounts: number;
  groups: number;
  linearPrograms: number;
  repairRounds: number;
}

interface Settings {
  episodes: number;
  institutions: number;
  rounds: number;
  seed: number;
}

/**
 * sha256 of the figures with every number to 12 significant digits: float sums taken in a different
 * order from run to run (parallel query) differ in the last bits on the same data (two runs of the same
 * code gave SDs 0.12290634675335824 and …821), so a hash of the raw JSON could not show that two versions agree.
 */
function checksum(value: unknown): string {
  const rounded = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v,
  );
  return createHash('sha256').update(rounded).digest('hex');
}

function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const whole = (name: string, fallback: number): number => {
    const value = env[name] === undefined ? fallback : Number(env[name]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a whole number ≥ 1`);
    return value;
  };
  return {
    episodes: whole('BENCH_EPISODES', 1_000_000),
    institutions: whole('BENCH_INSTITUTIONS', 80),
    rounds: whole('BENCH_ROUNDS', 3),
    seed: whole('BENCH_SEED', 6),
  };
}

/** The hand-written query: national mean change in EQ-5D index (with n and SD) of the closed episodes of one year. */
export function handQuery(year: number, valueSet: string): { text: string; values: unknown[] } {
  return {
    text: `SELECT count(*) AS n, avg(d.eq5d_index - a.eq5d_index) AS mean, stddev_samp(d.eq5d_index - a.eq5d_index) AS sd
             FROM episodes e
             JOIN responses a ON a.episode_id = e.id AND a.timepoint = 'admission' AND a.instrument = 'eq5d-5l'
                             AND a.superseded_at IS NULL AND a.in_window AND a.eq5d_value_set = $3 AND a.eq5d_index IS NOT NULL
             JOIN responses d ON d.episode_id = e.id AND d.timepoint = 'discharge' AND d.instrument = 'eq5d-5l'
                             AND d.superseded_at IS NULL AND d.in_window AND d.eq5d_value_set = $3 AND d.eq5d_index IS NOT NULL
            WHERE e.discharge_date BETWEEN $1 AND $2 AND e.withdrawn_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.pseudonym = e.pseudonym)`,
    values: [`${year}-01-01`, `${year}-12-31`, valueSet],
  };
}

/** The indexes in the hand query's plan (EXPLAIN, not run), to show what it reads. */
async function indexesUsedBy(client: Client, query: { text: string; values: unknown[] }): Promise<string[]> {
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${query.text}`, query.values);
  const found = new Set<string>();
  const walk = (node: { 'Index Name'?: string; Plans?: unknown[] }) => {
    if (node['Index Name']) found.add(node['Index Name']);
    for (const child of node.Plans ?? []) walk(child as typeof node);
  };
  walk(rows[0]['QUERY PLAN'][0].Plan);
  return [...found].sort();
}

/** eq5d.index_change as the hand query and the two API requests computed it. */
interface Check {
  hand: { n: string; mean: number };
  one: { n: number; value: number };
  full: { n: number; value: number };
  /** sha256 of every national figure of the period as the API answers it: equal before and after a refactoring. */
  allFigures: string;
}

interface Timed<T> {
  ms: number;
  value: T;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function main(): Promise<void> {
  const settings = readSettings();
  const startedAt = new Date();
  requireServiceNodeFlag(COMMAND);
  const configFor = (urls: { appUrl: string; ownerUrl: string }) =>
    loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: urls.appUrl,
      DATABASE_OWNER_URL: urls.ownerUrl,
      AUDIT_SEAL_INTERVAL_MS: '0',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      // A cold cube of 1,000,000 episodes on a shared machine can outlast the 15 s default of one
      // statement; the benchmark times it rather than refusing it (as bench:results does).
      DATABASE_STATEMENT_TIMEOUT_MS: process.env.DATABASE_STATEMENT_TIMEOUT_MS ?? '600000',
      REQUEST_TIMEOUT_MS: process.env.REQUEST_TIMEOUT_MS ?? '600000',
      PUBLISH_TIMEOUT_MS: process.env.PUBLISH_TIMEOUT_MS ?? '3600000',
    });
  const { db, generated, template } = await startBenchRegister(
    { episodes: settings.episodes, institutions: settings.institutions, seed: settings.seed },
    configFor,
  );
  const { ownerUrl } = db;
  disposeOnInterrupt(db);
  const owner = new Client({ connectionString: ownerUrl });
  // Stopping the cluster after a failure ends this connection (57P01); without a listener that would
  // crash the process and hide the failure that stopped the run.
  owner.on('error', (error) => console.error(`Owner connection: ${error.message}`));
  try {
    const config = configFor(db);
    if (template) console.log(`Register ${template.reused ? 'copied from' : 'generated, kept in'} ${template.dir}`);
    await owner.connect();
    const vacuum = await timed(() => owner.query('VACUUM ANALYZE episodes, responses, withdrawals'));
    const [{ closed }] = (
      await owner.query(`SELECT count(*)::int AS closed FROM episodes WHERE discharge_date BETWEEN $1 AND $2`, [
        `${generated.year}-01-01`,
        `${generated.year}-12-31`,
      ])
    ).rows;
    const bySize = (
      await owner.query(
        `SELECT institution_id AS id, count(*)::int AS n FROM episodes WHERE discharge_date BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 2 DESC`,
        [`${generated.year}-01-01`, `${generated.year}-12-31`],
      )
    ).rows;
    const largest = bySize[0];
    const middling = bySize[Math.floor(bySize.length / 2)];

    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    const users = app.get(UserService);
    await users.create({ email: 'admin@bench.rehabreg.no', password: PASSWORD, role: 'admin' });
    await users.create({ email: 'staff@bench.rehabreg.no', password: PASSWORD, role: 'staff', institutionIds: [largest.id] });
    const login = async (email: string) => {
      const res = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      return { Authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
    };
    const adminHeaders = await login('admin@bench.rehabreg.no');
    const staffHeaders = await login('staff@bench.rehabreg.no');
    const get = async (headers: Record<string, string>, query: string) => {
      const res = await fetch(`${base}/indicators?${query}`, { headers });
      if (res.status !== 200) throw new Error(`GET /indicators?${query}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { indicators: { id: string; n: number; value: number; sd?: number }[] };
    };
    const national = `period=${generated.year}`;
    const own = `period=${generated.year}&scope=institution:${largest.id}`;
    /** Late data: an episode of the institution is touched, which the change triggers note for its year. */
    const lateDataAt = (institutionId: string) =>
      owner.query(
        `UPDATE episodes SET updated_at = now() WHERE id = (SELECT id FROM episodes WHERE institution_id = $1 AND discharge_date BETWEEN $2 AND $3 LIMIT 1)`,
        [institutionId, `${generated.year}-01-01`, `${generated.year}-12-31`],
      );
    const lastBuildMs = async () =>
      Number(
        (
          await owner.query(
            `SELECT build_ms FROM indicator_cubes WHERE kind = 'live' AND superseded_at IS NULL AND period = $1 AND institution_id IS NULL`,
            [String(generated.year)],
          )
        ).rows[0]?.build_ms ?? NaN,
      );
    const hand = handQuery(generated.year, DEFAULT_VALUE_SET_ID);

    const runs: Record<string, number[]> = {
      hand: [],
      one: [],
      oneSql: [],
      full: [],
      fullSql: [],
      incremental: [],
      incrementalSql: [],
      cached: [],
      ownLate: [],
      ownCached: [],
    };
    let check: Check | undefined;
    /** Nothing cached, and nothing left for autovacuum to do while the next figure is timed. */
    const emptyCubes = async () => {
      await owner.query(`DELETE FROM indicator_cube_cells; DELETE FROM indicator_cubes`);
      await owner.query(`VACUUM indicator_cube_cells, indicator_cubes, indicator_changes`);
    };
    for (let round = 1; round <= settings.rounds; round++) {
      await emptyCubes();
      const h = await timed(() => owner.query(hand.text, hand.values));
      runs.hand.push(h.ms);
      const one = await timed(() => get(adminHeaders, `${national}&indicator=eq5d.index_change`));
      runs.one.push(one.ms);
      runs.oneSql.push(await lastBuildMs());
      await emptyCubes();
      const full = await timed(() => get(adminHeaders, national));
      runs.full.push(full.ms);
      runs.fullSql.push(await lastBuildMs());
      await lateDataAt(middling.id);
      const incremental = await timed(() => get(adminHeaders, national));
      runs.incremental.push(incremental.ms);
      runs.incrementalSql.push(await lastBuildMs());
      for (let i = 0; i < 5; i++) runs.cached.push((await timed(() => get(adminHeaders, national))).ms);
      await lateDataAt(largest.id);
      runs.ownLate.push((await timed(() => get(staffHeaders, own))).ms);
      for (let i = 0; i < 5; i++) runs.ownCached.push((await timed(() => get(staffHeaders, own))).ms);
      const figure = (report: typeof full.value) => {
        const found = report.indicators.find((i) => i.id === 'eq5d.index_change')!;
        return { n: found.n, value: found.value };
      };
      check = { hand: h.value.rows[0], one: figure(one.value), full: figure(full.value), allFigures: checksum(full.value.indicators) };
      console.log(
        `round ${round}: hand ${h.ms.toFixed(0)} ms, api one ${one.ms.toFixed(0)} ms, api full ${full.ms.toFixed(0)} ms, incremental ${incremental.ms.toFixed(0)} ms, ` +
          `cached ${median(runs.cached.slice(-5)).toFixed(0)} ms, institution ${runs.ownLate.at(-1)!.toFixed(0)}/${median(runs.ownCached.slice(-5)).toFixed(0)} ms`,
      );
    }
    // Publishing the year (issue 19): every table and funnel with disclosure control and its LP audit.
    // Once: a period is published once. The dry run computes the same and writes nothing.
    const post = async (body: object) => {
      const res = await fetch(`${base}/admin/indicator-snapshots`, {
        method: 'POST',
        headers: { ...adminHeaders, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 200 && res.status !== 201) throw new Error(`POST /admin/indicator-snapshots: ${res.status} ${await res.text()}`);
      return (await res.json()) as { audit?: PublishAudit; disclosureAudit?: PublishAudit };
    };
    const dryRun = await timed(() => post({ period: String(generated.year), dryRun: true }));
    const published = await timed(() => post({ period: String(generated.year) }));
    runs.dryRun = [dryRun.ms];
    runs.publish = [published.ms];
    const audit = published.value.disclosureAudit!;
    console.log(`dry run ${dryRun.ms.toFixed(0)} ms, publish ${published.ms.toFixed(0)} ms, audit ${JSON.stringify(audit)}`);
    const handIndexes = await indexesUsedBy(owner, hand);
    await app.close();
    const agrees = (api: { n: number; value: number }) => Number(check!.hand.n) === api.n && Math.abs(check!.hand.mean - api.value) <= 1e-9;
    if (!check || !agrees(check.one) || !agrees(check.full))
      throw new Error(`The API and the hand query disagree: ${JSON.stringify(check)}`);
    const text = section(settings, generated, closed, largest.n, runs, check, vacuum.ms, db.serverVersion, startedAt, handIndexes, audit, {
      fromTemplate: template?.reused ?? false,
    });
    writeBenchmarkSection(SECTION_HEADING, text, DOC_FILE);
    console.log(`\n${text}\nWrote ${path.relative(process.cwd(), DOC_FILE)}`);
  } finally {
    await owner.end().catch(() => undefined);
    await db.dispose();
  }
}

function section(
  settings: Settings,
  generated: SyntheticRegisterSummary,
  closed: number,
  largestN: number,
  runs: Record<string, number[]>,
  check: Check,
  vacuumMs: number,
  serverVersion: string,
  startedAt: Date,
  handIndexes: string[],
  audit: PublishAudit,
  { fromTemplate }: { fromTemplate: boolean },
): string {
  const m = (name: string) => median(runs[name]);
  const ms = (name: string) => `${m(name).toFixed(0)} ms`;
  const ratio = (name: string) => (m(name) / m('hand')).toFixed(2);
  const per = (name: string) => runs[name].map((v) => v.toFixed(0)).join(', ');
  const cpus = os.cpus();
  return [
    SECTION_HEADING,
    '',
    'Claim: the API computes a national indicator of a year over a register of this size, with nothing cached, within 1.5× the time of',
    'one hand-written query for the same indicator; an institution’s live view answers within a second; caching of unchanged periods',
    '(invalidated exactly, per year and institution, by triggers on episodes, responses and withdrawals) and incremental rebuilds do the rest.',
    '',
    `- Date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), load average ${os.loadavg()[0].toFixed(2)} at the end, shared with other work (noisy)`,
    `- PostgreSQL ${serverVersion} (embedded, default settings except the cube function's work_mem and join choice, same host), Node.js ${process.version}`,
    `- Reproduce: \`${COMMAND}\` (BENCH_EPISODES=${settings.episodes} BENCH_INSTITUTIONS=${settings.institutions} BENCH_ROUNDS=${settings.rounds} BENCH_SEED=${settings.seed})`,
    `- Data: \`demo:generate\`'s generator, ${generated.episodes.toLocaleString('en')} episodes (${closed.toLocaleString('en')} discharged in ${generated.year}) with ${generated.responses.toLocaleString('en')} responses at ${settings.institutions} institutions, ` +
      `generated in ${generated.seconds} s (${generated.episodesPerSecond.toLocaleString('en')} episodes/s)${fromTemplate ? ' when its register template was made (this run copied it, BENCH_TEMPLATE_DIR), VACUUM ANALYZEd then and again here' : ', then VACUUM ANALYZE'} (${(vacuumMs / 1000).toFixed(1)} s). The largest institution has ${largestN.toLocaleString('en')} episodes in ${generated.year}.`,
    `- Method: ${settings.rounds} interleaved rounds; each API figure is wall time of one HTTP request from the client (authentication, audit row, JSON), medians over the rounds (cached: 5 requests per round). ` +
      'Before the hand query and each cold request the cube tables are emptied and vacuumed, untimed.',
    '',
    '| Measurement | median | × hand query | per run |',
    '|---|---:|---:|---|',
    `| hand-written SQL, national eq5d.index_change of ${generated.year} (one indicator) | ${ms('hand')} | 1.00 | ${per('hand')} |`,
    `| **API national eq5d.index_change, nothing cached** (\`&indicator=eq5d.index_change\`: builds the cube part of EQ-5D index values, every cell) | ${ms('one')} | ${ratio('one')} | ${per('one')} |`,
    `| … of which the cube build in PostgreSQL | ${ms('oneSql')} | ${ratio('oneSql')} | ${per('oneSql')} |`,
    `| API national, all 16 indicators, nothing cached (builds the cube of all parts) | ${ms('full')} | ${ratio('full')} | ${per('full')} |`,
    `| … of which the cube build in PostgreSQL | ${ms('fullSql')} | ${ratio('fullSql')} | ${per('fullSql')} |`,
    `| API national after late data at one middle-sized institution (only its cells rebuilt) | ${ms('incremental')} | ${ratio('incremental')} | ${per('incremental')} |`,
    `| … of which the incremental rebuild in PostgreSQL | ${ms('incrementalSql')} | ${ratio('incrementalSql')} | ${per('incrementalSql')} |`,
    `| API national, unchanged period (cached) | ${ms('cached')} | ${ratio('cached')} | ${per('cached')} |`,
    `| Institution live view (largest institution, its staff) right after late data there | ${ms('ownLate')} | ${ratio('ownLate')} | ${per('ownLate')} |`,
    `| Institution live view, unchanged | ${ms('ownCached')} | ${ratio('ownCached')} | ${per('ownCached')} |`,
    `| Publishing dry run of ${generated.year} (cube cached): every table and funnel, disclosure control and its LP audit, nothing written | ${ms('dryRun')} | ${ratio('dryRun')} | once |`,
    `| **Publishing ${generated.year}** (freeze the cube, all of the above, store the tables, funnels and audit) | ${ms('publish')} | ${ratio('publish')} | once |`,
    '',
    `**Goal (issue 19):** publishing with the audit for this register < 60 s: ${m('publish') < 60_000 ? '**met**' : '**not met**'} (${(m('publish') / 1000).toFixed(1)} s). ` +
      `The audit hid ${audit.hiddenCounts.toLocaleString('en')} counts (${audit.secondaryCounts.toLocaleString('en')} secondary) and solved ${audit.linearPrograms.toLocaleString('en')} linear programs ` +
      `in ${audit.groups.toLocaleString('en')} groups (${audit.repairRounds} repair rounds); passed: ${audit.passed}.`,
    '',
    `**Goals (issue 6):** the API's computation of the same indicator, nothing cached, ≤ 1.5× the hand query: ${m('one') / m('hand') <= 1.5 ? '**met**' : '**not met**'} (${ratio('one')}×); ` +
      `institution live view ≤ 1 s: ${m('ownLate') <= 1000 ? '**met**' : '**not met**'} (${ms('ownLate')} right after late data). ` +
      `All 16 indicators at once, nothing cached: ${ratio('full')}× the hand query for one.`,
    '',
    `All three computed the same figure: n = ${check.one.n.toLocaleString('en')} paired episodes, mean change ${check.one.value.toFixed(6)} (hand query: n = ${Number(check.hand.n).toLocaleString('en')}, ${Number(check.hand.mean).toFixed(6)}; ` +
      `all indicators: n = ${check.full.n.toLocaleString('en')}, ${check.full.value.toFixed(6)}).`,
    `Checksum of all national figures of ${generated.year} (sha256 of the API's \`indicators\` array, numbers to 12 significant digits): \`${check.allFigures}\`.`,
    '',
    `The hand query's plan reads ${handIndexes.length ? handIndexes.map((i) => `\`${i}\``).join(', ') : 'no index'}.`,
    'History, on the same data and machine: before migration 0040 (ParallelIndicatorCubes) the cold build of all indicators took 11.2 s (3.19× a hand query of 3.5 s);',
    'with 0040, 6.6 s (4.78× a hand query of 1.4 s, which the new indexes served too). Migration 0060 (MergeJoinedIndicatorCubes) joins an episode and its answers by',
    'merging five index scans in the same order, in parallel branches of institutions; migration 0070 (IndicatorCubeParts) builds only the parts a request needs.',
    '',
  ].join('\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
