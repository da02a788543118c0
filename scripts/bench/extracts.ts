/**
 * Research extract benchmark (issue 20, "Speed and memory"): a research extract of every variable in
 * the catalogue over BENCH_EPISODES episodes, against `psql \copy (SELECT …) TO` of the same query.
 *
 *   npm run bench:extracts
 *
 * Starts its own throwaway embedded PostgreSQL, migrates it, fills it with `demo:generate`'s
 * generator, VACUUM ANALYZEs, then measures, interleaved over BENCH_ROUNDS rounds (medians):
 *   psql      `psql -c "SET <project key settings>" -c "\copy (<the build query>) TO '<file>' WITH
 *             (FORMAT csv, HEADER)"`, as the owner: the same query, rows, columns and order;
 *   csv       the build's CSV writer (writeExtractCsv: COPY … TO STDOUT through pg-copy-streams, line
 *             ends made CRLF, hashed) on the same query, as the owner, in a worker thread of this process;
 *   parquet   the build's Parquet writer (writeExtractParquet: cursor of 5,000 rows, row groups, in a worker thread);
 *   build     the whole job in the service, started as a child process as `npm start` runs it: a
 *             researcher applies, an administrator approves, the pg-boss job writes extract.csv and
 *             extract.parquet (with the inclusion list, codebook, manifest, audit) until the
 *             request is ready. The service's peak RSS during the build is read from
 *             /proc/<pid>/status (VmHWM, reset through clear_refs before the build), against its
 *             VmRSS just before the approval; sampled VmRSS every 50 ms as a check.
 * Writes the figures to docs/benchmarks.md (only the section "## Research extracts (issue 20)").
 *
 * Tunable (defaults in brackets): BENCH_EPISODES [1000000], BENCH_INSTITUTIONS [80], BENCH_ROUNDS [1], BENCH_SEED [20].
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/config';
import { freePort } from '../../src/database/embedded-postgres';
import { type SyntheticRegisterSummary } from '../../src/demo/synthetic-register';
import { writeExtractFiles } from '../../src/extracts/extract-builder';
import type { WrittenFile } from '../../src/extracts/extract-files';
import { extractRowsSql, extractScope, projectKeySettings, useProjectKey, type ExtractScope } from '../../src/extracts/extract-query';
import { EXTRACT_VARIABLES, type ExtractVariable } from '../../src/extracts/extract-variables';
import { beginSnapshotReader, type SnapshotReader } from '../../src/extracts/snapshot-reader';
import {
  disposeOnInterrupt,
  median,
  positiveSetting,
  requireServiceNodeFlag,
  SERVICE_NODE_FLAG,
  startBenchRegister,
} from './bench-support';
import { writeBenchmarkSection } from './benchmarks-doc';

const REPO_ROOT = path.join(__dirname, '..', '..', '..'); // dist/scripts/bench -> repository root
const SECTION_HEADING = '## Research extracts (issue 20)';
const COMMAND = 'npm run bench:extracts';
const ADMIN = { email: 'admin@bench.rehabreg.no', password: 'bench-password-not-secret' };
const RESEARCHER = { email: 'researcher@bench.rehabreg.no', password: 'bench-password-not-secret' };
const MB = 1024 * 1024;

interface Settings {
  episodes: number;
  institutions: number;
  rounds: number;
  seed: number;
}

function readSettings(): Settings {
  const whole = (name: string, fallback: number) => {
    const value = positiveSetting(name, fallback);
    if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number ≥ 1`);
    return value;
  };
  return {
    episodes: whole('BENCH_EPISODES', 1_000_000),
    institutions: whole('BENCH_INSTITUTIONS', 80),
    rounds: whole('BENCH_ROUNDS', 1),
    seed: whole('BENCH_SEED', 20),
  };
}

/** The build query with its parameters written in as literals, for psql (which \copy cannot bind). */
function inlined(owner: Client, text: string, values: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_m, n: string) => owner.escapeLiteral(String(values[Number(n) - 1])));
}

/** The VmRSS or VmHWM line of /proc/<pid>/status, in bytes. */
function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** In the comparison query, what stands where the build has project codes. */
const REGISTER_IDS = { patient: 'e.pseudonym', institution: 'e.institution_id::text', episode: '0' };

interface Query {
  scope: ExtractScope;
  key: Buffer;
}

function buildQuery(periodFrom: string, periodTo: string): Query {
  return { scope: extractScope(periodFrom, periodTo, {}), key: randomBytes(32) };
}

/** One of the build's file writers (src/extracts) on the query, in a reader transaction of this process as the owner. */
async function writeWith(
  ownerUrl: string,
  query: Query,
  write: (reader: SnapshotReader, scope: ExtractScope, file: string) => Promise<WrittenFile>,
  file: string,
): Promise<number> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const reader = await beginSnapshotReader(client, 'every', 60 * 60 * 1000);
    await useProjectKey(reader.long, query.key);
    const written = await write(reader, query.scope, file);
    await client.query('COMMIT');
    return written.rows;
  } finally {
    await client.end();
  }
}

interface Service {
  child: ChildProcess;
  baseUrl: string;
  stop(): Promise<void>;
}

/** The service as `npm start` runs it (built dist, the service's Node flag), production settings, on the bench database. */
async function startService(db: { appUrl: string; ownerUrl: string }, dataDir: string): Promise<Service> {
  const port = await freePort();
  const secret = () => randomBytes(32).toString('base64');
  const child = spawn(process.execPath, [SERVICE_NODE_FLAG, path.join(REPO_ROOT, 'dist', 'src', 'main.js')], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: db.appUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      RUN_MIGRATIONS: 'false',
      DATA_DIR: dataDir,
      EXTRACT_DIR: path.join(dataDir, 'extracts'),
      AUDIT_CHECKPOINT_DIR: path.join(dataDir, 'checkpoints'),
      PSEUDONYM_KEY: secret(),
      JWT_SECRET: secret(),
      AUDIT_CHAIN_KEY: secret(),
      AUDIT_CHECKPOINT_KEY: secret(),
      ALLOW_SYNTHETIC_IDS: 'true',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('the service exited during start-up');
    const ready = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
    if (ready?.status === 200) break;
    if (Date.now() > deadline) throw new Error('the service was not ready within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    });
  return { child, baseUrl, stop };
}

async function call<T>(baseUrl: string, method: string, route: string, token: string | undefined, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${route}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface BuildFigures {
  ms: number;
  rows: number;
  csvBytes: number;
  parquetBytes: number;
  rssBefore: number;
  peakRss: number;
  sampledPeakRss: number;
}

/** One research extract of every variable through the service's API and job, with its process's memory. */
async function buildThroughService(
  service: Service,
  period: { periodFrom: string; periodTo: string },
  round: number,
): Promise<BuildFigures> {
  const pid = service.child.pid!;
  const admin = (await call<{ accessToken: string }>(service.baseUrl, 'POST', '/auth/login', undefined, ADMIN)).accessToken;
  const researcher = (await call<{ accessToken: string }>(service.baseUrl, 'POST', '/auth/login', undefined, RESEARCHER)).accessToken;
  const { id } = await call<{ id: string }>(service.baseUrl, 'POST', '/extract-requests', researcher, {
    title: `Benchmark round ${round}`,
    purpose: 'Speed and memory of a build of every variable',
    legalBasis: 'GDPR art. 6(1)(e) and 9(2)(j)',
    ethicsReference: 'REK 2026/20',
    variables: EXTRACT_VARIABLES.map((v) => v.name),
    ...period,
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rssBefore = procStatus(pid, 'VmRSS');
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
  let sampledPeakRss = rssBefore;
  const sampler = setInterval(() => (sampledPeakRss = Math.max(sampledPeakRss, procStatus(pid, 'VmRSS'))), 50);
  const started = performance.now();
  try {
    await call(service.baseUrl, 'POST', `/admin/extract-requests/${id}/approve`, admin, { note: 'Benchmark' });
    for (;;) {
      const request = await call<{ status: string; files: { name: string; rows: number | null; bytes: number }[] }>(
        service.baseUrl,
        'GET',
        `/extract-requests/${id}`,
        researcher,
      );
      if (request.status === 'ready') {
        const ms = performance.now() - started;
        const file = (name: string) => request.files.find((f) => f.name === name)!;
        return {
          ms,
          rows: file('extract.csv').rows!,
          csvBytes: file('extract.csv').bytes,
          parquetBytes: file('extract.parquet').bytes,
          rssBefore,
          peakRss: procStatus(pid, 'VmHWM'),
          sampledPeakRss,
        };
      }
      if (!['approved', 'building'].includes(request.status)) throw new Error(`the build ended ${request.status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    clearInterval(sampler);
  }
}

/** Wall time of `run`, and the peak growth of this process's RSS while it ran (sampled every 50 ms). */
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T; rssGrowth: number }> {
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const started = performance.now();
  try {
    const value = await run();
    return { ms: performance.now() - started, value, rssGrowth: Math.max(peak, process.memoryUsage.rss()) - rssBefore };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const settings = readSettings();
  const startedAt = new Date();
  requireServiceNodeFlag(COMMAND);
  const { db, generated, template } = await startBenchRegister(
    { episodes: settings.episodes, institutions: settings.institutions, seed: settings.seed },
    (urls) => loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: urls.appUrl, DATABASE_OWNER_URL: urls.ownerUrl }),
  );
  disposeOnInterrupt(db);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-bench-extracts-'));
  let service: Service | undefined;
  // ended before the database stops, so a failure is reported as itself, not as this client's lost connection
  const owner = new Client({ connectionString: db.ownerUrl });
  try {
    if (template) console.log(`Register ${template.reused ? 'copied from' : 'generated, kept in'} ${template.dir}`);
    await owner.connect();
    const span = (
      await owner.query<{ from: string; to: string }>(
        `SELECT min(admission_date)::text AS from, max(admission_date)::text AS to FROM episodes`,
      )
    ).rows[0];
    const period = { periodFrom: span.from, periodTo: span.to };

    service = await startService(db, path.join(work, 'service'));
    const admin = (await call<{ accessToken: string }>(service.baseUrl, 'POST', '/auth/login', undefined, ADMIN)).accessToken;
    await call(service.baseUrl, 'POST', '/admin/users', admin, { ...RESEARCHER, role: 'researcher' });

    const psqlFile = path.join(work, 'psql.csv');
    const csvFile = path.join(work, 'extract.csv');
    const parquetFile = path.join(work, 'extract.parquet');
    const runs = { psql: [] as number[], plain: [] as number[], csv: [] as number[], parquet: [] as number[], build: [] as BuildFigures[] };
    const sizes = { psql: 0, csv: 0, parquet: 0 };
    let rows = 0;
    for (let round = 1; round <= settings.rounds; round++) {
      const query = buildQuery(period.periodFrom, period.periodTo);
      const variables = [...EXTRACT_VARIABLES];
      // the settings useProjectKey gives a build's transaction, for psql's session
      const settings = Object.entries(projectKeySettings(query.key)).flatMap(([name, value]) => ['-c', `SET ${name} = '${value}'`]);
      const psqlCopy = (columns: ExtractVariable[]) => {
        const sql = inlined(owner, extractRowsSql(query.scope, columns, 'csv'), query.scope.values).replace(/\s+/g, ' ');
        return timed(() =>
          promisify(execFile)(
            'psql',
            [
              db.ownerUrl,
              '-X',
              '-q',
              '-v',
              'ON_ERROR_STOP=1',
              ...settings,
              '-c',
              `\\copy (${sql}) TO '${psqlFile}' WITH (FORMAT csv, HEADER)`,
            ],
            { maxBuffer: 16 * MB },
          ),
        );
      };
      const psql = await psqlCopy(variables);
      runs.psql.push(psql.ms);
      sizes.psql = fs.statSync(psqlFile).size;
      fs.rmSync(psqlFile);
      // for comparison: the query with the register's identifiers where the project codes would be (computed in SQL, they cost the server)
      const plain = await psqlCopy(
        variables.map((v) => ('derived' in v.source ? { ...v, source: { sql: REGISTER_IDS[v.source.derived] } } : v)),
      );
      runs.plain.push(plain.ms);
      fs.rmSync(psqlFile);
      const csv = await timed(() =>
        writeWith(
          db.ownerUrl,
          query,
          async (reader, scope, file) => (await writeExtractFiles(reader, db.ownerUrl, scope, variables, { csv: file })).csv,
          csvFile,
        ),
      );
      runs.csv.push(csv.ms);
      rows = csv.value;
      sizes.csv = fs.statSync(csvFile).size;
      fs.rmSync(csvFile);
      const parquet = await timed(() =>
        writeWith(
          db.ownerUrl,
          query,
          async (reader, scope, file) => (await writeExtractFiles(reader, db.ownerUrl, scope, variables, { parquet: file })).parquet,
          parquetFile,
        ),
      );
      runs.parquet.push(parquet.ms);
      sizes.parquet = fs.statSync(parquetFile).size;
      fs.rmSync(parquetFile);
      const build = await buildThroughService(service, period, round);
      runs.build.push(build);
      console.log(
        `round ${round}: psql ${psql.ms.toFixed(0)} ms, csv ${csv.ms.toFixed(0)} ms (RSS +${(csv.rssGrowth / MB).toFixed(0)} MB), parquet ${parquet.ms.toFixed(0)} ms (RSS +${(parquet.rssGrowth / MB).toFixed(0)} MB), ` +
          `build ${build.ms.toFixed(0)} ms (${build.rows} rows), service RSS ${(build.rssBefore / MB).toFixed(0)} MB -> peak ${(build.peakRss / MB).toFixed(0)} MB`,
      );
    }
    const text = section(settings, generated, rows, runs, sizes, db.serverVersion, startedAt);
    writeBenchmarkSection(SECTION_HEADING, text);
    console.log(`\n${text}`);
  } finally {
    await owner.end().catch(() => undefined);
    await service?.stop();
    await db.dispose();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function section(
  settings: Settings,
  generated: SyntheticRegisterSummary,
  rows: number,
  runs: { psql: number[]; plain: number[]; csv: number[]; parquet: number[]; build: BuildFigures[] },
  sizes: { psql: number; csv: number; parquet: number },
  serverVersion: string,
  startedAt: Date,
): string {
  const psql = median(runs.psql);
  const plain = median(runs.plain);
  const csv = median(runs.csv);
  const parquet = median(runs.parquet);
  const build = median(runs.build.map((b) => b.ms));
  const growth = Math.max(...runs.build.map((b) => b.peakRss - b.rssBefore));
  const sampledGrowth = Math.max(...runs.build.map((b) => b.sampledPeakRss - b.rssBefore));
  const perSecond = (ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;
  const cpus = os.cpus();
  const columns = EXTRACT_VARIABLES.length;
  const per = (values: number[]) => values.map((v) => (v / 1000).toFixed(1)).join(', ');
  return [
    SECTION_HEADING,
    '',
    'Claim: a research extract streams from PostgreSQL to its files with bounded memory (CSV as PostgreSQL writes it, `COPY … TO STDOUT` through pg-copy-streams;',
    'Parquet from a cursor of 5,000 rows, a row group of 5,000 rows at a time; both with the file’s backpressure, each file in a worker thread with a small heap of its own, one thread after the other), at no less than half the rate of `psql \\copy` of the same query.',
    '',
    `- Date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), load average ${os.loadavg()[0].toFixed(2)} at the end, shared with other work (noisy)`,
    `- PostgreSQL ${serverVersion} (embedded, same host), psql from Debian's postgresql-client, Node.js ${process.version}`,
    `- Reproduce: \`${COMMAND}\` (BENCH_EPISODES=${settings.episodes} BENCH_INSTITUTIONS=${settings.institutions} BENCH_ROUNDS=${settings.rounds} BENCH_SEED=${settings.seed}); not part of CI`,
    `- Data: \`demo:generate\`'s generator, ${generated.episodes.toLocaleString('en')} episodes with ${generated.responses.toLocaleString('en')} responses at ${settings.institutions} institutions; ` +
      `the extract: every episode (${rows.toLocaleString('en')} rows, withdrawn patients left out) × all ${columns} variables of the catalogue.`,
    `- Method: per round, in this order: psql \\copy of the build query (as the owner) to a file; the build's CSV writer on the same query (COPY through pg-copy-streams, as the owner, in a worker thread of the benchmark's process); ` +
      "the build's Parquet writer (cursor, row groups, in a worker thread); then the whole build through the API and the pg-boss job in the service, started as `npm start` runs it (extract.parquet, then extract.csv, each in a thread of its own, plus the " +
      'inclusion list, codebook, manifest and audit, both files from one read-only snapshot), timed from the approval until the request is ready. Peak RSS of the service process while it builds: VmHWM of ' +
      '/proc/<pid>/status (reset through clear_refs at the approval) less its VmRSS just before.',
    '',
    '| Measurement | median | rows/s | × psql throughput | per run (s) | file |',
    '|---|---:|---:|---:|---|---:|',
    `| psql \\copy (SELECT …) TO, CSV (the build query, project codes in SQL) | ${(psql / 1000).toFixed(1)} s | ${perSecond(psql)} | 1.00 | ${per(runs.psql)} | ${(sizes.psql / MB).toFixed(0)} MB |`,
    `| psql \\copy, the same query with register pseudonym, institution id and no episode number where the project codes are (not written by any build) | ${(plain / 1000).toFixed(1)} s | ${perSecond(plain)} | ${(psql / plain).toFixed(2)} | ${per(runs.plain)} | |`,
    `| **CSV**: COPY TO STDOUT → pg-copy-streams → CRLF, SHA-256 → file (worker thread) | ${(csv / 1000).toFixed(1)} s | ${perSecond(csv)} | ${(psql / csv).toFixed(2)} | ${per(runs.csv)} | ${(sizes.csv / MB).toFixed(0)} MB |`,
    `| **Parquet**: cursor → ParquetFileWriter (row groups of 5,000; worker thread) | ${(parquet / 1000).toFixed(1)} s | ${perSecond(parquet)} | ${(psql / parquet).toFixed(2)} | ${per(runs.parquet)} | ${(sizes.parquet / MB).toFixed(0)} MB |`,
    `| Whole build in the service (CSV and Parquet, inclusions, codebook, manifest) | ${(build / 1000).toFixed(1)} s | ${perSecond(build)} | ${(psql / build).toFixed(2)} | ${per(runs.build.map((b) => b.ms))} | |`,
    '',
    `Service process during the build: RSS ${runs.build.map((b) => `${(b.rssBefore / MB).toFixed(0)} MB before, peak ${(b.peakRss / MB).toFixed(0)} MB`).join('; ')}: ` +
      `**peak growth ${(growth / MB).toFixed(0)} MB** (sampled every 50 ms: ${(sampledGrowth / MB).toFixed(0)} MB).`,
    '',
    `**Goals (issue 20):** CSV throughput ≥ 50 % of psql's: ${psql / csv >= 0.5 ? '**met**' : '**not met**'} (${((psql / csv) * 100).toFixed(0)} %); ` +
      `peak RSS growth of the building process < 100 MB: ${growth < 100 * MB ? '**met**' : '**not met**'} (${(growth / MB).toFixed(0)} MB).`,
    '',
    ...(growth >= 100 * MB
      ? ['The growth is above the goal: see the notes below on where the memory of a build goes (src/extracts/file-build-thread.ts).', '']
      : []),
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
