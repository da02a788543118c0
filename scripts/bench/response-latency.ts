/**
 * Single response latency benchmark (issue 5): POST /api/v1/episodes/{id}/responses under
 * concurrent load, against a bare route in the same app that does one INSERT.
 *
 *   npm run bench:latency
 *
 * Starts its own throwaway embedded PostgreSQL, migrates it, and starts the real application on it
 * (createApp with one extra bench-only module, loopback, LOG_LEVEL silent). Both routes are called
 * with the same API key, so both pay for the same authentication, middleware, validation pipe and
 * RLS-scoped transaction (ScopedDb.transaction: BEGIN, set_config, ..., COMMIT):
 *
 *   responses  POST /api/v1/episodes/{id}/responses, the real route: episode lookup, "one current
 *              response per timepoint and instrument" check, scoring, INSERT, audit INSERT, read back;
 *   bare       POST /api/v1/bench/bare-insert (defined in this file only), @Allow('api_client'):
 *              one INSERT of the body into a bench table with the same kind of RLS policy.
 *
 * Every request must be a real, successful insert: POSTing the same response twice is a 409. So the
 * benchmark first registers BENCH_EPISODES episodes (through /api/v1/submissions) and autocannon's
 * setupRequest hands out (episode, timepoint, instrument) slots in turn: episode k % N, then the
 * next of the 6 timepoint x instrument combinations, so concurrent requests hit different episodes
 * and no slot is used twice. Any non-2xx answer is counted and fails the run.
 *
 * The load generator (autocannon) runs in a worker thread of this process, so it does not share the
 * application's event loop. Latencies are taken from autocannon's per-response timings (float ms).
 *
 * At a fixed concurrency the load is closed-loop: both routes run saturated, so latency is mostly
 * queueing (connections / throughput) and the latency ratio tracks the ratio of per-request cost.
 * A last pair of runs therefore sends one request at a time (1 connection), where latency is the
 * request's own work. (autocannon's rate limits release each second's requests in a burst, so a
 * "fixed rate" run would measure the burst's queue instead.)
 *
 * Tunable (defaults in brackets): BENCH_SECONDS [15], BENCH_WARMUP_SECONDS [3], BENCH_ROUNDS [2],
 * BENCH_CONNECTIONS [16], BENCH_EPISODES [8000], BENCH_SINGLE_SECONDS [10].
 */
import 'reflect-metadata';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Body, Controller, Module, Post } from '@nestjs/common';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { Allow } from '../../src/auth/access.decorators';
import { InstitutionScope } from '../../src/auth/institution-scope';
import { ScopedDb } from '../../src/database/scoped-db';
import { syntheticNationalId } from '../../src/pseudonyms/synthetic-national-ids';
import type { SubmissionResultDto } from '../../src/submissions/dto/submission.dto';
import {
  BenchApp,
  BenchDatabase,
  disposeOnInterrupt,
  median,
  percentile,
  positiveSetting,
  requireServiceNodeFlag,
  startBenchApp,
  startBenchDatabase,
} from './bench-support';
import { writeBenchmarkSection } from './benchmarks-doc';

const REPO_ROOT = path.join(__dirname, '..', '..', '..'); // dist/scripts/bench -> repository root
const DOC_FILE = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
const SECTION_HEADING = '## Single response latency (issue 5)';
const COMMAND = 'npm run bench:latency';
const BENCH_TABLE = 'bench_bare_inserts';

interface Settings {
  measureS: number;
  warmupS: number;
  singleS: number;
  rounds: number;
  connections: number;
  episodes: number;
}

function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const positive = (name: string, fallback: number) => positiveSetting(name, fallback, env);
  return {
    measureS: positive('BENCH_SECONDS', 15),
    warmupS: positive('BENCH_WARMUP_SECONDS', 3),
    singleS: positive('BENCH_SINGLE_SECONDS', 10),
    rounds: Math.round(positive('BENCH_ROUNDS', 2)),
    connections: Math.round(positive('BENCH_CONNECTIONS', 16)),
    episodes: Math.round(positive('BENCH_EPISODES', 8000)),
  };
}

// ---------------------------------------------------------------------------------------------
// The bare route: only what every API write has (auth, pipes, an RLS-scoped transaction) plus one INSERT.

@Controller('bench')
@Allow('api_client')
class BenchController {
  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
  ) {}

  @Post('bare-insert')
  bareInsert(@Body() body: unknown): Promise<{ id: string }> {
    const institutionId = this.scope.writable(undefined);
    return this.db.transaction([institutionId], async (manager) => {
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO ${BENCH_TABLE} (institution_id, payload) VALUES ($1, $2) RETURNING id`,
        [institutionId, body],
      );
      return { id: row.id };
    });
  }
}

@Module({ controllers: [BenchController], providers: [InstitutionScope] })
class BenchModule {}

// ---------------------------------------------------------------------------------------------
// Database (as in audit-overhead.ts): a private cluster, removed at the end.

/** As the owner: the bare route's table, with the same kind of RLS policy as the register's person-level tables. */
async function createBenchTable(client: Client): Promise<void> {
  await client.query(`
      CREATE TABLE ${BENCH_TABLE} (
        id bigserial PRIMARY KEY,
        institution_id uuid NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  await client.query(`ALTER TABLE ${BENCH_TABLE} ENABLE ROW LEVEL SECURITY`);
  await client.query(
    `CREATE POLICY ${BENCH_TABLE}_own_institutions ON ${BENCH_TABLE} USING (institution_id = ANY (app_institution_ids())) WITH CHECK (institution_id = ANY (app_institution_ids()))`,
  );
  await client.query(`GRANT SELECT, INSERT ON ${BENCH_TABLE} TO rehabreg_app`);
  await client.query(`GRANT USAGE ON SEQUENCE ${BENCH_TABLE}_id_seq TO rehabreg_app`);
}

// ---------------------------------------------------------------------------------------------
// The application and its data.

/** Registers `count` episodes (no responses yet) through the batch API; returns their ids. */
async function createEpisodes(running: BenchApp, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const episodes = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
      externalId: `LAT-${start + i}`,
      patient: {
        nationalId: syntheticNationalId(
          {
            birthDate: new Date(Date.UTC(1940 + ((start + i) % 60), (start + i) % 12, 1 + ((start + i) % 28))),
            sex: i % 2 ? 'male' : 'female',
          },
          Math.random,
        ),
      },
      admissionDate: '2025-03-02',
      dischargeDate: '2025-03-30',
      setting: 'inpatient',
      serviceLevel: 'specialist',
      programme: 'stroke',
      mainDiagnosis: 'I63.9',
      dischargeDestination: 'home',
      consent: { status: 'given', date: '2025-03-02' },
    }));
    const res = await fetch(`${running.baseUrl}/api/v1/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': running.apiKey, 'Idempotency-Key': `latency-setup-${start}` },
      body: JSON.stringify({ episodes }),
    });
    if (res.status !== 201) throw new Error(`creating episodes failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
    ids.push(...((await res.json()) as SubmissionResultDto).episodes.map((e) => e.id));
  }
  return ids;
}

const EQ5D = { mobility: 2, selfCare: 1, usualActivities: 3, painDiscomfort: 2, anxietyDepression: 1, vas: 65 };
const BARTHEL = {
  feeding: 10,
  bathing: 5,
  grooming: 5,
  dressing: 5,
  bowels: 10,
  bladder: 10,
  toiletUse: 5,
  transfers: 10,
  mobility: 10,
  stairs: 0,
};

/** The 6 bodies a response slot can have: every timepoint x instrument, within its window. */
const SLOT_BODIES = [
  { timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2025-03-03', mode: 'patient_paper', answers: EQ5D },
  { timepoint: 'admission', instrument: 'barthel', completedDate: '2025-03-02', mode: 'clinician', answers: BARTHEL },
  {
    timepoint: 'discharge',
    instrument: 'eq5d-5l',
    completedDate: '2025-03-29',
    mode: 'patient_web',
    answers: { ...EQ5D, mobility: 1, vas: 80 },
  },
  { timepoint: 'discharge', instrument: 'barthel', completedDate: '2025-03-30', mode: 'clinician', answers: { ...BARTHEL, stairs: 5 } },
  { timepoint: 'follow_up', instrument: 'eq5d-5l', completedDate: '2025-06-30', mode: 'patient_web', answers: { ...EQ5D, vas: 85 } },
  { timepoint: 'follow_up', instrument: 'barthel', completedDate: '2025-06-30', mode: 'proxy', answers: { ...BARTHEL, stairs: 10 } },
].map((body) => JSON.stringify(body));

// ---------------------------------------------------------------------------------------------
// The load generator, in a worker thread.

type RouteName = 'bare' | 'responses';

interface LoadJob {
  route: RouteName;
  baseUrl: string;
  apiKey: string;
  connections: number;
  durationS: number;
  episodeIds: string[];
  firstSlot: number;
  bodies: string[];
}

interface LoadResult {
  route: RouteName;
  ok: number;
  non2xx: Record<string, number>;
  errors: number;
  timeouts: number;
  durationS: number;
  latencies: number[];
  slotsUsed: number;
}

function runLoadInWorker(): void {
  const job = workerData as LoadJob;
  let slot = job.firstSlot;
  const latencies: number[] = [];
  const non2xx: Record<string, number> = {};
  const n = job.episodeIds.length;
  const instance = autocannon(
    {
      url: job.baseUrl,
      connections: job.connections,
      duration: job.durationS,
      headers: { 'content-type': 'application/json', 'x-api-key': job.apiKey },
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const k = slot++;
            const body = job.bodies[Math.floor(k / n) % job.bodies.length];
            const requestPath = job.route === 'bare' ? '/api/v1/bench/bare-insert' : `/api/v1/episodes/${job.episodeIds[k % n]}/responses`;
            return { ...request, path: requestPath, body };
          },
        },
      ],
    },
    // In a worker thread autocannon hands back its raw counters (no aggregated histograms); the latencies come from the 'response' events below.
    (error, result) => {
      if (error) throw error;
      const message: LoadResult = {
        route: job.route,
        ok: result['2xx'],
        non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        durationS: result.duration,
        latencies,
        slotsUsed: slot - job.firstSlot,
      };
      parentPort!.postMessage(message);
    },
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else non2xx[statusCode] = (non2xx[statusCode] ?? 0) + 1;
  });
}

function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: job });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
  });
}

// ---------------------------------------------------------------------------------------------
// Measuring.

interface RunSummary {
  route: RouteName;
  round: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  ok: number;
  failures: number;
}

function summarizeRun(result: LoadResult, round: number): RunSummary {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const failures = Object.values(result.non2xx).reduce((a, b) => a + b, 0) + result.errors + result.timeouts;
  return {
    route: result.route,
    round,
    requestsPerSecond: result.ok / result.durationS,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    ok: result.ok,
    failures,
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting.

const ROUTE_LABELS: Record<RouteName, string> = {
  bare: '`POST /api/v1/bench/bare-insert` (auth + RLS transaction + one INSERT)',
  responses: '`POST /api/v1/episodes/{id}/responses` (the real route)',
};

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

function section(runs: RunSummary[], single: RunSummary[], settings: Settings, db: BenchDatabase, startedAt: Date): string {
  const by = (route: RouteName) => runs.filter((r) => r.route === route);
  const agg = (route: RouteName) => {
    const rs = by(route);
    return {
      rps: median(rs.map((r) => r.requestsPerSecond)),
      p50: median(rs.map((r) => r.p50)),
      p90: median(rs.map((r) => r.p90)),
      p99: median(rs.map((r) => r.p99)),
      max: Math.max(...rs.map((r) => r.max)),
      ok: rs.reduce((a, r) => a + r.ok, 0),
      failures: rs.reduce((a, r) => a + r.failures, 0),
    };
  };
  const bare = agg('bare');
  const responses = agg('responses');
  const ratio = responses.p99 / bare.p99;
  const perRound = Array.from({ length: settings.rounds }, (_, i) => {
    const b = runs.find((r) => r.route === 'bare' && r.round === i + 1)!;
    const r = runs.find((x) => x.route === 'responses' && x.round === i + 1)!;
    return `${f2(r.p99 / b.p99)} in round ${i + 1}`;
  }).join(', ');
  const cpus = os.cpus();
  const row = (route: RouteName, a: ReturnType<typeof agg>) =>
    `| ${ROUTE_LABELS[route]} | ${f0(a.rps)} | ${f1(a.p50)} ms | ${f1(a.p90)} ms | ${f1(a.p99)} ms | ${f1(a.max)} ms | ${a.ok} | ${a.failures} |`;
  return [
    SECTION_HEADING,
    '',
    'Claim: under concurrent load, p99 latency of a single response submission is at most 3× that of a bare route in the same app that does one INSERT.',
    '',
    `- Date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, load average ${os.loadavg()[0].toFixed(2)} at the end, shared with other work (noisy)`,
    `- PostgreSQL ${db.serverVersion} (embedded, default settings, same host; schema: ${db.schema}), Node.js ${process.version} with ${process.execArgv.join(' ')} (as \`npm start\`); the app (createApp, NODE_ENV production, LOG_LEVEL silent, pool of 10, audit sealer on) ` +
      `and autocannon (in a worker thread of the same process) share the machine with PostgreSQL, over loopback`,
    `- Reproduce: \`${COMMAND}\``,
    `- Load: autocannon, ${settings.connections} connections, ${settings.measureS} s per run, the two routes interleaved (bare, responses, bare, responses, …) over ${settings.rounds} rounds after a ` +
      `${settings.warmupS} s warm-up of each; medians over the rounds (max: the largest of all runs). Latencies of 2xx answers only, from autocannon's per-response timings; throughput = 2xx answers / run time.`,
    `- Both routes take the same API key (X-Api-Key) and the same JSON bodies (an EQ-5D-5L or Barthel response, ~200 bytes), go through the same middleware, guard, ValidationPipe and ` +
      `ScopedDb.transaction (BEGIN, set_config of the RLS scope, …, COMMIT). The bare route is a bench-only controller added with \`createApp(config, { extraModules })\`; it INSERTs the body into a bench table ` +
      `with the same kind of RLS policy as the register's tables. The real route also counts the write against the caller's rate limit (one UPSERT in the shared rate_limit_windows table), validates the DTO, reads the episode, checks for a current response, scores, INSERTs the response, INSERTs the audit event and reads the row back.`,
    `- Every request is a real, successful insert: ${settings.episodes.toLocaleString('en-US')} episodes are registered first and each request takes the next free (episode, timepoint, instrument) slot, ` +
      `rotating over the episodes first (so concurrent requests hit different episodes), then over the 6 timepoint × instrument combinations. Non-2xx answers, errors and timeouts are counted (and fail the run).`,
    '',
    '| Route | requests/s | p50 | p90 | p99 | max | 2xx answers | failures |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row('bare', bare),
    row('responses', responses),
    '',
    `**p99 ratio (responses / bare) = ${f2(ratio)}** (goal ≤ 3: ${ratio <= 3 ? '**met**' : '**not met**'}); ${perRound}. ` +
      `p50 ratio ${f2(responses.p50 / bare.p50)}, throughput ratio ${f2(responses.rps / bare.rps)}.`,
    '',
    'Per run:',
    '',
    '| Round | Route | requests/s | p50 | p99 |',
    '|---:|---|---:|---:|---:|',
    ...runs.map((r) => `| ${r.round} | ${r.route} | ${f0(r.requestsPerSecond)} | ${f1(r.p50)} ms | ${f1(r.p99)} ms |`),
    '',
    `At ${settings.connections} connections both routes run saturated (closed loop): each connection sends its next request when the answer arrives, so latency is mostly ` +
      `waiting in line, about connections ÷ throughput (${f1((1000 * settings.connections) / bare.rps)} ms for bare, ${f1((1000 * settings.connections) / responses.rps)} ms for responses at the medians), ` +
      `and the latency ratio follows the ratio of what one request costs the machine. For latency without the queue, both routes then ran with one connection ` +
      `(one request at a time) for ${settings.singleS} s each:`,
    '',
    '| Route, 1 connection | requests/s | p50 | p90 | p99 | max |',
    '|---|---:|---:|---:|---:|---:|',
    ...single.map(
      (r) =>
        `| ${ROUTE_LABELS[r.route]} | ${f0(r.requestsPerSecond)} | ${f1(r.p50)} ms | ${f1(r.p90)} ms | ${f1(r.p99)} ms | ${f1(r.max)} ms |`,
    ),
    '',
    `One request at a time: p99 ratio ${f2(single[1].p99 / single[0].p99)}, p50 ratio ${f2(single[1].p50 / single[0].p50)}.`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const settings = readSettings();
  const startedAt = new Date();
  requireServiceNodeFlag(COMMAND);
  console.log('Starting embedded PostgreSQL and migrating...');
  const db = await startBenchDatabase(createBenchTable);
  disposeOnInterrupt(db);
  try {
    const running = await startBenchApp(db, { extraModules: [BenchModule] });
    try {
      console.log(`Registering ${settings.episodes} episodes (${settings.episodes * SLOT_BODIES.length} response slots)...`);
      const episodeIds = await createEpisodes(running, settings.episodes);
      const slots = episodeIds.length * SLOT_BODIES.length;
      let nextSlot = 0;
      const job = (route: RouteName, durationS: number, connections = settings.connections): LoadJob => ({
        route,
        baseUrl: running.baseUrl,
        apiKey: running.apiKey,
        connections,
        durationS,
        episodeIds,
        firstSlot: route === 'responses' ? nextSlot : 0,
        bodies: SLOT_BODIES,
      });
      const run = async (route: RouteName, durationS: number, connections?: number): Promise<LoadResult> => {
        const result = await load(job(route, durationS, connections));
        if (route === 'responses') nextSlot += result.slotsUsed;
        if (nextSlot > slots) throw new Error(`ran out of response slots (${nextSlot} > ${slots}); raise BENCH_EPISODES`);
        const failures = Object.values(result.non2xx).reduce((a, b) => a + b, 0) + result.errors + result.timeouts;
        if (failures > 0)
          throw new Error(
            `${route}: ${failures} failed requests (${JSON.stringify(result.non2xx)}, ${result.errors} errors, ${result.timeouts} timeouts)`,
          );
        return result;
      };

      console.log(`Warming up (${settings.warmupS} s per route)...`);
      await run('bare', settings.warmupS);
      await run('responses', settings.warmupS);
      const runs: RunSummary[] = [];
      for (let round = 1; round <= settings.rounds; round++) {
        for (const route of ['bare', 'responses'] as const) {
          const summary = summarizeRun(await run(route, settings.measureS), round);
          runs.push(summary);
          console.log(
            `round ${round} ${route.padEnd(9)} ${f0(summary.requestsPerSecond).padStart(6)} req/s  p50 ${f1(summary.p50)} ms  p90 ${f1(summary.p90)} ms  p99 ${f1(summary.p99)} ms  (${summary.ok} ok)`,
          );
        }
      }
      const single: RunSummary[] = [];
      for (const route of ['bare', 'responses'] as const) {
        const summary = summarizeRun(await run(route, settings.singleS, 1), 0);
        single.push(summary);
        console.log(
          `1 connection ${route.padEnd(9)} ${f0(summary.requestsPerSecond).padStart(6)} req/s  p50 ${f1(summary.p50)} ms  p90 ${f1(summary.p90)} ms  p99 ${f1(summary.p99)} ms`,
        );
      }
      console.log(`Response slots used: ${nextSlot} of ${slots}`);
      const text = section(runs, single, settings, db, startedAt);
      writeBenchmarkSection(SECTION_HEADING, text, DOC_FILE);
      console.log(`\n${text}\nWrote ${path.relative(process.cwd(), DOC_FILE)}`);
    } finally {
      await running.app.close();
    }
  } finally {
    await db.dispose();
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  runLoadInWorker();
}
