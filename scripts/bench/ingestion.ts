/**
 * Ingestion benchmark (issue 5): batch submissions through the API against a raw COPY of the same rows.
 *
 *   npm run bench:ingestion
 *
 * Starts its own throwaway embedded PostgreSQL, migrates it, starts the real application on it
 * (createApp, loopback, LOG_LEVEL silent) and generates N episodes (default 100,000), each with
 * admission and discharge EQ-5D-5L and Barthel responses (4 per episode), plus admission and
 * discharge mRS in every stroke episode (about one in ten), with valid synthetic national identity
 * numbers and the episode content of issue 18 (rehabilitation level, professions, individual plan,
 * coordinator, municipality notified) in every episode. The bench institution is made a private
 * one, which registers both municipal and specialist levels. The same rows are then loaded in three ways, each into empty tables
 * (TRUNCATE as the owner and a CHECKPOINT before each run), interleaved over the rounds:
 *
 *   api         POST /api/v1/submissions, batches of 1,000 episodes, BENCH_CONCURRENCY requests in
 *               flight (default 2), X-Api-Key; validation, pseudonymization, scoring, idempotency
 *               record, audit and the set-based SQL of the service all included;
 *   copy-stdin  COPY episodes / COPY responses FROM STDIN (text format) as the table owner, the same
 *               number of parallel streams, one transaction per stream; pseudonyms, scores, window
 *               flags and episode ids are precomputed (not timed). `pg` has no COPY helper, but any
 *               object with submit() is a query to it, so a tiny one speaks the COPY sub-protocol;
 *   copy-file   the same rows from server-side files (COPY ... FROM '/file') as the superuser: no
 *               client, no socket. A reference for how much the wire costs.
 *
 * The baseline for the ratio is the faster COPY variant. Request bodies (JSON) and COPY data (text)
 * are both built before timing. Afterwards, a profile pass alternates single HTTP batches with the
 * same code path invoked directly with timers around every phase (JSON parse, validation pipe,
 * request hash, pseudonymization + scoring, each SQL statement, commit, response JSON), which
 * shows where the time of one batch goes. CPU seconds of this process and of all PostgreSQL
 * processes are read from /proc for every run.
 *
 * Tunable (defaults in brackets): BENCH_EPISODES [100000], BENCH_BATCH [1000], BENCH_CONCURRENCY [2],
 * BENCH_ROUNDS [2], BENCH_PROFILE_BATCHES [10].
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import { Client, Connection } from 'pg';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { AuthenticationService } from '../../src/auth/authentication.service';
import { columnNames } from '../../src/common/bulk-columns';
import { copyField, copyLine } from '../../src/common/copy-text';
import { RegisterValidationPipe } from '../../src/common/validation';
import { AppConfig } from '../../src/config/config';
import { ScopedDb } from '../../src/database/scoped-db';
import { EpisodeInput, prepareEpisodes } from '../../src/episodes/episode-preparation';
import { EpisodeService } from '../../src/episodes/episode.service';
import { EpisodeWriter } from '../../src/episodes/episode-writer';
import { EPISODE_INSERT_COLUMNS, episodeInsertRow } from '../../src/episodes/episode.repository';
import { RESPONSE_INSERT_COLUMNS, responseInsertRow } from '../../src/episodes/responses/response.repository';
import { BARTHEL_ITEMS, BarthelItem } from '../../src/instruments/barthel.scoring';
import { COORDINATORS, INDIVIDUAL_PLANS, PROFESSIONS } from '../../src/episodes/episode.enums';
import { PseudonymService } from '../../src/pseudonyms/pseudonym.service';
import { syntheticNationalId } from '../../src/pseudonyms/synthetic-national-ids';
import { SubmissionDto, SubmissionResultDto } from '../../src/submissions/dto/submission.dto';
import { SubmissionService } from '../../src/submissions/submission.service';
import {
  BenchApp,
  BenchDatabase,
  disposeOnInterrupt,
  median,
  requireServiceNodeFlag,
  startBenchApp,
  startBenchDatabase,
  withClient,
} from './bench-support';
import { writeBenchmarkSection } from './benchmarks-doc';

const REPO_ROOT = path.join(__dirname, '..', '..', '..'); // dist/scripts/bench -> repository root
const DOC_FILE = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
const SECTION_HEADING = '## Ingestion (issue 5)';
const COMMAND = 'npm run bench:ingestion';
/** EQ-5D-5L and Barthel at admission and discharge in every episode; stroke episodes add mRS at both. */
const RESPONSES_PER_EPISODE = 4;

interface Settings {
  episodes: number;
  batch: number;
  concurrency: number;
  rounds: number;
  profileBatches: number;
}

/** The settings with what the generated data hold: responses in all, and per API batch. */
interface Workload extends Settings {
  responses: number;
  responsesPerBatch: number[];
}

function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const positive = (name: string, fallback: number): number => {
    const value = env[name] === undefined ? fallback : Number(env[name]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number`);
    return value;
  };
  const settings = {
    episodes: positive('BENCH_EPISODES', 100_000),
    batch: positive('BENCH_BATCH', 1000),
    concurrency: positive('BENCH_CONCURRENCY', 2),
    rounds: positive('BENCH_ROUNDS', 2),
    profileBatches: positive('BENCH_PROFILE_BATCHES', 10),
  };
  if (settings.batch > 1000) throw new Error('BENCH_BATCH can be at most 1000 (the API limit)');
  if (settings.episodes % settings.batch !== 0) throw new Error('BENCH_EPISODES must be a multiple of BENCH_BATCH');
  return settings;
}

// ---------------------------------------------------------------------------------------------
// Database: a private cluster (as in audit-overhead.ts), plus what this benchmark needs from it.

/** Empty tables for the next run (as the owner), then a checkpoint (as the superuser) so no run pays for the previous one's dirty pages. */
async function resetTables(db: BenchDatabase): Promise<void> {
  await withClient(db.superuserUrl, async (c) => {
    // An autovacuum pass left over from the previous run (it inserted 500,000 rows) must not run into this one.
    for (let i = 0; i < 600; i++) {
      const { rows } = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`,
      );
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  await withClient(db.ownerUrl, async (c) => {
    // CASCADE: tables that reference these (e.g. invitations) hold nothing of the benchmark's but must be emptied with them.
    await c.query(`TRUNCATE responses, episodes, idempotency_keys CASCADE`);
    await c.query(`VACUUM ANALYZE responses, episodes, idempotency_keys`);
  });
  await withClient(db.superuserUrl, (c) => c.query(`CHECKPOINT`));
}

/** Samples what PostgreSQL is doing once a second during a run (console only: explains an outlier if one happens). */
async function startActivitySampler(db: BenchDatabase): Promise<{ stop(): Promise<string> }> {
  const client = new Client({ connectionString: db.superuserUrl });
  await client.connect();
  const seen = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ what: string }>(
        `SELECT CASE WHEN backend_type = 'autovacuum worker' THEN 'autovacuum: ' || left(query, 60)
                     ELSE coalesce(wait_event_type || ':' || wait_event, 'on CPU') END AS what
           FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'`,
      );
      for (const { what } of rows) seen.set(what, (seen.get(what) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return [...seen]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([what, n]) => `${what} ×${n}`)
        .join(', ');
    },
  };
}

async function storedCounts(db: BenchDatabase): Promise<{ episodes: number; responses: number }> {
  return withClient(db.ownerUrl, async (c) => {
    const { rows } = await c.query<{ episodes: number; responses: number }>(
      `SELECT (SELECT count(*)::int FROM episodes) AS episodes, (SELECT count(*)::int FROM responses) AS responses`,
    );
    return rows[0];
  });
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc: this process, and every PostgreSQL process of the cluster.

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function procStat(pid: number): { ppid: number; ticks: number; childTicks: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' '); // fields from #3 (state) on
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), childTicks: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by the postmaster, its live children and its reaped children. */
function postgresCpuSeconds(dataDir: string): number {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const own = procStat(postmaster);
  if (!own) return NaN;
  let ticks = own.ticks + own.childTicks;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat?.ppid === postmaster) ticks += stat.ticks;
  }
  return ticks / CLOCK_TICKS;
}

function nodeCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

interface Meter {
  stop(): { wallS: number; nodeCpuS: number; pgCpuS: number };
}

function startMeter(dataDir: string): Meter {
  const wall = performance.now();
  const node = nodeCpuSeconds();
  const pg = postgresCpuSeconds(dataDir);
  return {
    stop: () => ({ wallS: (performance.now() - wall) / 1000, nodeCpuS: nodeCpuSeconds() - node, pgCpuS: postgresCpuSeconds(dataDir) - pg }),
  };
}

// ---------------------------------------------------------------------------------------------
// Data: the same episodes for every variant, built from a seeded generator.

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIAGNOSES = ['I63.9', 'I61.0', 'S06.2', 'S06.3', 'G35', 'G82.2', 'M54.5', 'M17.1', 'T93.1', 'C71.9', 'I21.4', 'J44.1'];
const PROGRAMMES = [
  'stroke',
  'acquired_brain_injury',
  'spinal_cord_injury',
  'multitrauma',
  'musculoskeletal',
  'chronic_pain',
  'cardiac',
  'pulmonary',
  'cancer',
  'other',
];
const SETTINGS = ['inpatient', 'day', 'outpatient'];
const DESTINATIONS = ['home', 'home_with_services', 'nursing_home', 'other_institution'];
const BARTHEL_ITEM_IDS = Object.keys(BARTHEL_ITEMS) as BarthelItem[];

type EpisodeBody = Record<string, unknown> & { externalId: string; responses: Record<string, unknown>[] };

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `count` valid episode bodies as a client would send them, all dates in 2025 (in the past). */
function generateEpisodes(count: number, prefix: string, seed: number): EpisodeBody[] {
  const random = seededRandom(seed);
  // Issue 18's fields from a generator of their own, so the older fields are the same as before for a seed.
  const contentRandom = seededRandom(seed ^ 0x5eed18);
  const contentInt = (from: number, to: number) => from + Math.floor(contentRandom() * (to - from + 1));
  const int = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const eq5d = (better: number) => {
    const level = () => Math.max(1, Math.min(5, int(1, 5) - better));
    return {
      mobility: level(),
      selfCare: level(),
      usualActivities: level(),
      painDiscomfort: level(),
      anxietyDepression: level(),
      vas: Math.min(100, int(10, 70) + better * 15),
    };
  };
  const barthel = (better: boolean) =>
    Object.fromEntries(
      BARTHEL_ITEM_IDS.map((item) => {
        const values = BARTHEL_ITEMS[item];
        return [item, better ? values[values.length - 1 - (random() < 0.3 ? 1 : 0)] : pick(values)];
      }),
    );
  return Array.from({ length: count }, (_, i) => {
    const sex = random() < 0.5 ? 'female' : 'male';
    const birthDate = new Date(Date.UTC(int(1930, 2005), int(0, 11), int(1, 28)));
    const admissionDate = addDays('2025-01-01', int(0, 300));
    const dischargeDate = addDays(admissionDate, int(10, 40));
    const externalId = `${prefix}-${String(i).padStart(7, '0')}`;
    const nationalId = syntheticNationalId({ birthDate, sex }, random);
    const setting = pick(SETTINGS);
    const serviceLevel = random() < 0.7 ? 'specialist' : 'municipal';
    const programme = pick(PROGRAMMES);
    const admissionMrs = contentInt(2, 5);
    const mrs =
      programme === 'stroke'
        ? [
            {
              timepoint: 'admission',
              instrument: 'mrs',
              completedDate: admissionDate,
              mode: 'clinician',
              answers: { score: admissionMrs },
            },
            {
              timepoint: 'discharge',
              instrument: 'mrs',
              completedDate: dischargeDate,
              mode: 'clinician',
              answers: { score: Math.max(0, admissionMrs - contentInt(0, 2)) },
            },
          ]
        : [];
    return {
      externalId,
      patient: { nationalId },
      admissionDate,
      dischargeDate,
      setting,
      serviceLevel,
      programme,
      mainDiagnosis: pick(DIAGNOSES),
      dischargeDestination: pick(DESTINATIONS),
      consent: { status: 'given', date: admissionDate },
      rehabLevel: serviceLevel === 'municipal' ? pick2(contentRandom, ['2', '3', '4']) : pick2(contentRandom, ['5.1', '5.2', '5.3']),
      professions: PROFESSIONS.filter((p) => p === 'physician' || contentRandom() < 0.45),
      individualPlan: pick2(contentRandom, INDIVIDUAL_PLANS),
      coordinator: pick2(contentRandom, COORDINATORS),
      municipalityNotifiedDate: addDays(dischargeDate, -contentInt(0, 7)),
      responses: [
        {
          timepoint: 'admission',
          instrument: 'eq5d-5l',
          completedDate: addDays(admissionDate, int(0, 2)),
          mode: 'patient_paper',
          answers: eq5d(0),
        },
        {
          timepoint: 'discharge',
          instrument: 'eq5d-5l',
          completedDate: addDays(dischargeDate, -int(0, 2)),
          mode: 'patient_web',
          answers: eq5d(1),
        },
        { timepoint: 'admission', instrument: 'barthel', completedDate: admissionDate, mode: 'clinician', answers: barthel(false) },
        { timepoint: 'discharge', instrument: 'barthel', completedDate: dischargeDate, mode: 'clinician', answers: barthel(true) },
        ...mrs,
      ],
    };
  });
}

function pick2<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function batches<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

// ---------------------------------------------------------------------------------------------
// The application, as main.ts starts it, on the bench database.

async function postBatch(running: BenchApp, key: string, body: string): Promise<{ ms: number; result: SubmissionResultDto }> {
  const started = performance.now();
  const res = await fetch(`${running.baseUrl}/api/v1/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': running.apiKey, 'Idempotency-Key': key },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 201) throw new Error(`POST /api/v1/submissions answered ${res.status}: ${text.slice(0, 500)}`);
  return { ms, result: JSON.parse(text) as SubmissionResultDto };
}

// ---------------------------------------------------------------------------------------------
// Variants.

type VariantName = 'api' | 'copy-stdin' | 'copy-file';

interface RunResult {
  variant: VariantName;
  round: number;
  wallS: number;
  nodeCpuS: number;
  pgCpuS: number;
  episodesPerSecond: number;
  batchMs?: { first: number; last: number; p50: number; max: number };
}

/** The API: every batch one POST, `concurrency` in flight, each worker taking the next batch. */
async function runApi(running: BenchApp, db: BenchDatabase, bodies: string[], settings: Workload, round: number): Promise<RunResult> {
  const latencies: number[] = new Array<number>(bodies.length);
  let next = 0;
  const meter = startMeter(db.dataDir);
  const worker = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      const { ms, result } = await postBatch(running, `ingest-r${round}-b${i}`, bodies[i]);
      if (result.responses.created !== settings.responsesPerBatch[i]) throw new Error(`batch ${i}: ${JSON.stringify(result.responses)}`);
      latencies[i] = ms;
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  const m = meter.stop();
  const tenth = Math.max(1, Math.floor(latencies.length / 10));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    variant: 'api',
    round,
    ...m,
    episodesPerSecond: settings.episodes / m.wallS,
    batchMs: {
      first: mean(latencies.slice(0, tenth)),
      last: mean(latencies.slice(-tenth)),
      p50: sorted[Math.floor(sorted.length / 2)],
      max: sorted[sorted.length - 1],
    },
  };
}

// The repositories' column lists, with what COPY must fill itself (ids, institution, window flag).
const EPISODE_COPY_COLUMNS = `id, institution_id, ${columnNames(EPISODE_INSERT_COLUMNS)}`;
const RESPONSE_COPY_COLUMNS = `institution_id, ${columnNames(RESPONSE_INSERT_COLUMNS)}, in_window`;

/** As the SQL function response_in_window (migration RegisterCore). */
function inWindow(timepoint: string, completed: string, admission: string, discharge: string | null, days: number): boolean {
  if (timepoint === 'admission') return completed >= admission && completed <= addDays(admission, days);
  if (timepoint === 'discharge')
    return discharge !== null && completed >= addDays(discharge, -days) && completed <= addDays(discharge, days);
  return completed >= (discharge ?? admission);
}

interface CopyStream {
  episodes: Buffer[];
  responses: Buffer[];
}

/**
 * The rows the API would write, as COPY data: pseudonyms, scores and window flags computed by the
 * service's own functions beforehand (untimed), one part per parallel stream.
 */
function buildCopyData(episodes: EpisodeBody[], config: AppConfig, institutionId: string, streams: number): CopyStream[] {
  const prepared = prepareEpisodes(
    episodes.map((dto, i) => ({ dto: dto as unknown as EpisodeInput, pointer: `/episodes/${i}` })),
    new PseudonymService(config),
    config.consentModel,
  );
  if (prepared.errors.length || prepared.refusals.length)
    throw new Error(`generated data is invalid: ${JSON.stringify([...prepared.errors, ...prepared.refusals].slice(0, 3))}`);
  const chunked = (lines: string[]): Buffer[] => batches(lines, 4096).map((part) => Buffer.from(part.join(''), 'utf8'));
  return batches(prepared.episodes, Math.ceil(prepared.episodes.length / streams)).map((part) => {
    const episodeLines: string[] = [];
    const responseLines: string[] = [];
    for (const e of part) {
      const id = randomUUID();
      episodeLines.push(`${copyField(id)}\t${copyField(institutionId)}\t${copyLine(EPISODE_INSERT_COLUMNS, episodeInsertRow(e))}\n`);
      for (const r of e.responses) {
        const window = inWindow(r.timepoint, r.completedDate, e.admissionDate, e.dischargeDate, config.responseWindowDays);
        responseLines.push(
          `${copyField(institutionId)}\t${copyLine(RESPONSE_INSERT_COLUMNS, responseInsertRow(id, r, 1, null))}\t${window ? 't' : 'f'}\n`,
        );
      }
    }
    return { episodes: chunked(episodeLines), responses: chunked(responseLines) };
  });
}

type CopyConnection = Connection & { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void; sendCopyFail(message: string): void };

/**
 * COPY ... FROM STDIN through pg's public "submittable" interface (what pg-copy-streams does):
 * send the statement, answer CopyInResponse with the data (respecting socket back-pressure) and
 * CopyDone, resolve on ReadyForQuery with the row count of CommandComplete.
 */
class CopyFromStdin {
  readonly done: Promise<number>;
  callback!: (error: Error | null) => void;
  private rowCount = 0;
  private error?: Error;
  private settled = false;

  constructor(
    private readonly text: string,
    private readonly chunks: Buffer[],
  ) {
    this.done = new Promise((resolve, reject) => {
      this.callback = (error) => (error ? reject(error) : resolve(this.rowCount));
    });
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    void (async () => {
      try {
        for (const chunk of this.chunks) {
          connection.sendCopyFromChunk(chunk);
          if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
        }
        connection.endCopyFrom();
      } catch (error) {
        connection.sendCopyFail(String(error));
      }
    })();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rowCount = Number(/(\d+)$/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleError(error: Error & { severity?: string }): void {
    this.error = error;
    if (!error.severity) this.finish(); // a socket error: no ReadyForQuery will follow
  }

  handleReadyForQuery(): void {
    this.finish();
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.callback(this.error ?? null);
  }
}

async function copyFromStdin(client: Client, table: string, columns: string, chunks: Buffer[]): Promise<number> {
  const copy = new CopyFromStdin(`COPY ${table} (${columns}) FROM STDIN`, chunks);
  client.query(copy);
  return copy.done;
}

/** One transaction per stream, streams in parallel; connections are opened before the clock starts. */
async function runCopy(
  variant: 'copy-stdin' | 'copy-file',
  db: BenchDatabase,
  streams: CopyStream[],
  files: { episodes: string; responses: string }[],
  settings: Workload,
  round: number,
): Promise<RunResult> {
  const clients = await Promise.all(
    streams.map(async () => {
      const client = new Client({ connectionString: variant === 'copy-stdin' ? db.ownerUrl : db.superuserUrl });
      await client.connect();
      return client;
    }),
  );
  try {
    const meter = startMeter(db.dataDir);
    const loaded = await Promise.all(
      streams.map(async (stream, i) => {
        const client = clients[i];
        await client.query('BEGIN');
        let rows = 0;
        if (variant === 'copy-stdin') {
          rows += await copyFromStdin(client, 'episodes', EPISODE_COPY_COLUMNS, stream.episodes);
          rows += await copyFromStdin(client, 'responses', RESPONSE_COPY_COLUMNS, stream.responses);
        } else {
          rows += (await client.query(`COPY episodes (${EPISODE_COPY_COLUMNS}) FROM '${files[i].episodes}'`)).rowCount ?? 0;
          rows += (await client.query(`COPY responses (${RESPONSE_COPY_COLUMNS}) FROM '${files[i].responses}'`)).rowCount ?? 0;
        }
        await client.query('COMMIT');
        return rows;
      }),
    );
    const m = meter.stop();
    const total = loaded.reduce((a, b) => a + b, 0);
    if (total !== settings.episodes + settings.responses) throw new Error(`${variant} loaded ${total} rows`);
    return { variant, round, ...m, episodesPerSecond: settings.episodes / m.wallS };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

function writeCopyFiles(dir: string, streams: CopyStream[]): { episodes: string; responses: string }[] {
  return streams.map((stream, i) => {
    const files = { episodes: path.join(dir, `copy-episodes-${i}.tsv`), responses: path.join(dir, `copy-responses-${i}.tsv`) };
    fs.writeFileSync(files.episodes, Buffer.concat(stream.episodes), { mode: 0o644 });
    fs.writeFileSync(files.responses, Buffer.concat(stream.responses), { mode: 0o644 });
    return files;
  });
}

// ---------------------------------------------------------------------------------------------
// Profile: where the time of one batch goes, measured inside the real HTTP path.
//
// After the measured runs, timers are wrapped around methods of the running application's own
// classes (prototype methods, patched in this process only and restored afterwards; no source
// file changes), and batches are sent one at a time, so every timestamp belongs to that batch.

interface Marks {
  fetchStart: number;
  requestStart: number;
  finish: number;
  validateStart: number;
  submitStart: number;
  submitEnd: number;
  txStart: number;
  txEnd: number;
  registerStart: number;
  checkStart: number;
}

interface ProbeState {
  totals: Record<string, number>;
  marks: Partial<Marks>;
  dateTimeFormats: number;
}

let probe: ProbeState | undefined;

function add(label: string, ms: number): void {
  if (probe) probe.totals[label] = (probe.totals[label] ?? 0) + ms;
}

function mark(name: keyof Marks, at = performance.now()): void {
  if (probe) probe.marks[name] = at;
}

function sqlLabel(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  if (s === 'START TRANSACTION') return 'sql.begin';
  if (s === 'COMMIT') return 'sql.commit';
  if (s.startsWith('SELECT set_config')) return 'sql.set_config';
  if (s.includes('FROM api_clients')) return 'auth.sql';
  if (s.includes('audit_seal')) return 'sealer.sql';
  if (s.startsWith('INSERT INTO idempotency_keys')) return 'sql.idempotency_claim';
  if (s.startsWith('UPDATE idempotency_keys')) return 'sql.idempotency_store';
  if (s.includes('FROM withdrawals')) return 'sql.withdrawals';
  if (s.startsWith('INSERT INTO episodes')) return 'sql.episodes';
  if (s.startsWith('SELECT r.id, r.episode_id')) return 'sql.current_responses';
  if (s.startsWith('INSERT INTO responses')) return 'sql.responses';
  if (s.startsWith('INSERT INTO audit_events')) return 'sql.audit';
  return `sql.other (${s.slice(0, 30)})`;
}

type AnyMethod = (...args: unknown[]) => unknown;

/** Replaces `proto[name]` with a timed version; returns the undo. */
function wrap(
  proto: object,
  name: string,
  around: { before?: (args: unknown[]) => void; after?: (ms: number, args: unknown[], started: number) => void },
): () => void {
  const target = proto as Record<string, AnyMethod>;
  const original = target[name];
  target[name] = function (this: unknown, ...args: unknown[]) {
    if (!probe) return original.apply(this, args);
    around.before?.(args);
    const started = performance.now();
    const finish = () => around.after?.(performance.now() - started, args, started);
    const result = original.apply(this, args);
    if (result instanceof Promise) return result.finally(finish);
    finish();
    return result;
  };
  return () => {
    target[name] = original;
  };
}

/** Installs the probes; returns a function that removes them all. */
function installProbes(running: BenchApp): () => void {
  const undo: (() => void)[] = [];
  const server = running.app.getHttpServer();
  const onRequest = (req: { url?: string }, res: { once(event: 'finish', listener: () => void): void }) => {
    if (!probe || req.url !== '/api/v1/submissions') return;
    mark('requestStart');
    res.once('finish', () => mark('finish'));
  };
  server.prependListener('request', onRequest);
  undo.push(() => server.removeListener('request', onRequest));

  const originalParse = JSON.parse;
  JSON.parse = function (text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
    if (!probe || typeof text !== 'string' || text.length < 500_000) return originalParse(text, reviver) as unknown;
    const started = performance.now();
    try {
      return originalParse(text, reviver) as unknown;
    } finally {
      add('json.parse', performance.now() - started);
    }
  };
  undo.push(() => (JSON.parse = originalParse));

  // Counts constructions of Intl.DateTimeFormat (the validators and the national id check build one per call).
  const OriginalDateTimeFormat = Intl.DateTimeFormat;
  Intl.DateTimeFormat = new Proxy(OriginalDateTimeFormat, {
    construct(target, args: [string?, Intl.DateTimeFormatOptions?]) {
      if (probe) probe.dateTimeFormats += 1;
      return new target(...args);
    },
  });
  undo.push(() => (Intl.DateTimeFormat = OriginalDateTimeFormat));

  // ValidationPipe calls these through the modules' export objects, so they can be wrapped there
  // (a batch the fast path accepts never reaches them).
  undo.push(wrap(classTransformer, 'plainToInstance', { after: (ms) => add('validate.transform', ms) }));
  undo.push(wrap(classValidator, 'validate', { after: (ms) => add('validate.validate', ms) }));
  undo.push(wrap(AuthenticationService.prototype, 'principalForApiKey', { after: (ms) => add('auth', ms) }));
  undo.push(
    wrap(RegisterValidationPipe.prototype, 'transform', {
      before: (args) => (args[1] as { metatype?: unknown }).metatype === SubmissionDto && mark('validateStart'),
      after: (ms, args) => (args[1] as { metatype?: unknown }).metatype === SubmissionDto && add('validate', ms),
    }),
  );
  undo.push(wrap(SubmissionService.prototype, 'submit', { before: () => mark('submitStart'), after: () => mark('submitEnd') }));
  undo.push(wrap(ScopedDb.prototype, 'transaction', { before: () => mark('txStart'), after: () => mark('txEnd') }));
  undo.push(wrap(EpisodeService.prototype, 'register', { before: () => mark('registerStart') }));
  undo.push(wrap(EpisodeWriter.prototype, 'check', { before: () => mark('checkStart') }));
  undo.push(wrap(PseudonymService.prototype, 'pseudonymize', { after: (ms) => add('pseudonymize', ms) }));
  undo.push(wrap(PostgresQueryRunner.prototype, 'query', { after: (ms, args) => add(sqlLabel(String(args[0])), ms) }));
  return () => undo.reverse().forEach((u) => u());
}

interface Profile {
  batches: number;
  /** Mean ms per batch of each measured part. */
  parts: Record<string, number>;
  dateTimeFormatsPerBatch: number;
  /** Of 'validate': class-transformer's plainToInstance and class-validator's validate (the rest is the pipe's own walks over the body). */
  validateTransformMs: number;
  validateValidateMs: number;
}

async function runProfile(running: BenchApp, settings: Settings, prefix: string): Promise<Profile> {
  const count = settings.profileBatches;
  const bodies = batches(generateEpisodes((count + 1) * settings.batch, prefix, 777), settings.batch).map((b) =>
    JSON.stringify({ episodes: b }),
  );
  await postBatch(running, `${prefix}-warm`, bodies[0]); // warm-up with the probes in place, not counted
  const removeProbes = installProbes(running);
  const sums: Record<string, number> = {};
  let dateTimeFormats = 0;
  let validateTransform = 0;
  let validateValidate = 0;
  try {
    await postBatch(running, `${prefix}-warm-probed`, bodies[0].replace(new RegExp(`"${prefix}-`, 'g'), `"${prefix}W-`));
    for (let i = 1; i <= count; i++) {
      probe = { totals: {}, marks: {}, dateTimeFormats: 0 };
      const { ms } = await postBatch(running, `${prefix}-${i}`, bodies[i]);
      const { totals, marks } = probe;
      dateTimeFormats += probe.dateTimeFormats;
      probe = undefined;
      const m = marks as Marks;
      if (
        [m.requestStart, m.finish, m.validateStart, m.submitStart, m.submitEnd, m.txStart, m.txEnd, m.registerStart, m.checkStart].some(
          (v) => v === undefined,
        )
      ) {
        throw new Error(`profile batch ${i}: a probe did not fire (${JSON.stringify(marks)})`);
      }
      const server = m.finish - m.requestStart;
      const prepare = m.checkStart - m.registerStart;
      const pseudonymize = totals.pseudonymize ?? 0;
      const sqlInTx = Object.entries(totals)
        .filter(([k]) => k.startsWith('sql.'))
        .reduce((a, [, v]) => a + v, 0);
      const parts: Record<string, number> = {
        client: ms - server,
        'json.parse': totals['json.parse'] ?? 0,
        auth: totals.auth ?? 0,
        validate: totals.validate ?? 0,
        hash: m.txStart - m.submitStart,
        ...Object.fromEntries(Object.entries(totals).filter(([k]) => k.startsWith('sql.'))),
        pseudonymize,
        scoring: prepare - pseudonymize,
        'tx.js': m.txEnd - m.txStart - sqlInTx - prepare,
        respond: m.finish - m.submitEnd,
      };
      parts.framework = server - (parts['json.parse'] + parts.auth + parts.validate + (m.submitEnd - m.submitStart) + parts.respond);
      parts.total = ms;
      for (const [k, v] of Object.entries(parts)) sums[k] = (sums[k] ?? 0) + v;
      validateTransform += totals['validate.transform'] ?? 0;
      validateValidate += totals['validate.validate'] ?? 0;
    }
  } finally {
    probe = undefined;
    removeProbes();
  }
  return {
    batches: count,
    parts: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / count])),
    dateTimeFormatsPerBatch: dateTimeFormats / count,
    validateTransformMs: validateTransform / count,
    validateValidateMs: validateValidate / count,
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting.

const VARIANT_LABELS: Record<VariantName, string> = {
  'copy-stdin': 'Raw COPY … FROM STDIN as the owner (text format, precomputed rows)',
  'copy-file': 'Raw COPY … FROM server-side file as the superuser (no client, no socket)',
  api: 'API: POST /api/v1/submissions (validation, pseudonymization, scoring, idempotency, audit)',
};

interface Summary {
  variant: VariantName;
  episodesPerSecond: number;
  wallS: number;
  nodeCpuS: number;
  pgCpuS: number;
  runs: number[];
}

function summarize(results: RunResult[]): Summary[] {
  return (['copy-stdin', 'copy-file', 'api'] as const).flatMap((variant) => {
    const runs = results.filter((r) => r.variant === variant);
    if (runs.length === 0) return [];
    return [
      {
        variant,
        episodesPerSecond: median(runs.map((r) => r.episodesPerSecond)),
        wallS: median(runs.map((r) => r.wallS)),
        nodeCpuS: median(runs.map((r) => r.nodeCpuS)),
        pgCpuS: median(runs.map((r) => r.pgCpuS)),
        runs: runs.map((r) => r.episodesPerSecond),
      },
    ];
  });
}

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

const PART_LABELS: [string, string][] = [
  ['client', 'Client side and loopback: fetch sending the body, reading the answer'],
  ['framework', 'Express/Nest around the steps below: body read, helmet/CLS/metrics middleware, guard, routing'],
  ['json.parse', 'JSON.parse of the body (express.json)'],
  ['auth', 'API-key authentication (1 SQL query + hash compare)'],
  [
    'validate',
    'Validation of SubmissionDto: the fast path (fastCheckSubmission), class-transformer + class-validator only for a batch it does not vouch for',
  ],
  ['hash', 'requestHash (JSON.stringify + SHA-256 of the body, for idempotency) and scope'],
  ['sql.begin', 'SQL: START TRANSACTION'],
  ['sql.set_config', 'SQL: set_config (RLS scope)'],
  ['sql.idempotency_claim', 'SQL: INSERT idempotency_keys (claim the key)'],
  ['pseudonymize', 'Pseudonymization: national id check (incl. its date check) + HMAC, 1 per episode'],
  ['scoring', 'Rest of prepareEpisodes: answer normalization, EQ-5D/Barthel scoring, row objects'],
  ['sql.withdrawals', 'SQL: SELECT withdrawals (withdrawn patients)'],
  ['sql.episodes', 'SQL: INSERT episodes … unnest … ON CONFLICT'],
  ['sql.current_responses', 'SQL: SELECT current responses of the episodes'],
  ['sql.responses', 'SQL: INSERT responses … unnest, window flags from the episodes’ dates'],
  ['sql.audit', 'SQL: INSERT audit_events (2 events)'],
  ['sql.idempotency_store', 'SQL: UPDATE idempotency_keys (store the result)'],
  ['sql.commit', 'SQL: COMMIT'],
  ['tx.js', 'JS in the transaction between statements: pool checkout, parameter arrays, result mapping'],
  ['respond', 'Response: serialization of the result and write'],
];

function profileTable(profile: Profile, batch: number): { rows: string[]; sqlMs: number; nodeMs: number; clientMs: number } {
  const p = profile.parts;
  const total = p.total;
  const share = (ms: number) => `${f0((100 * ms) / total)} %`;
  const known = new Set([...PART_LABELS.map(([k]) => k), 'total']);
  const rows = [
    ...PART_LABELS.filter(([k]) => p[k] !== undefined).map(([k, label]) => `| ${label} | ${f1(p[k])} | ${share(p[k])} |`),
    ...Object.entries(p)
      .filter(([k]) => !known.has(k))
      .map(([k, v]) => `| ${k} | ${f1(v)} | ${share(v)} |`),
    `| **One batch of ${batch} episodes over HTTP, end to end** | **${f1(total)}** | 100 % |`,
  ];
  const sqlMs =
    Object.entries(p)
      .filter(([k]) => k.startsWith('sql.'))
      .reduce((a, [, v]) => a + v, 0) + (p.auth ?? 0);
  const clientMs = p.client ?? 0;
  return { rows, sqlMs, clientMs, nodeMs: total - sqlMs - clientMs };
}

/** "The largest parts: a (x ms), b (y ms) and c (z ms)" from the profile. */
function largestParts(profile: Profile): string {
  const labels = new Map(PART_LABELS);
  const top = Object.entries(profile.parts)
    .filter(([k]) => k !== 'total')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([k, v]) => {
      const label = labels.get(k) ?? k;
      const short = label.startsWith('SQL: ') ? `SQL ${label.slice(5).split(' …')[0]}` : label.split(':')[0].replace(/ \(.*$/, '');
      return `${short} (${f0(v)} ms)`;
    });
  return `The largest parts: ${top.join(', ')}`;
}

function section(
  summaries: Summary[],
  results: RunResult[],
  profile: Profile,
  settings: Workload,
  config: AppConfig,
  db: BenchDatabase,
  startedAt: Date,
): string {
  const byVariant = (v: VariantName) => summaries.find((s) => s.variant === v);
  const api = byVariant('api')!;
  const baseline = [byVariant('copy-stdin')!, byVariant('copy-file')!].sort((a, b) => b.episodesPerSecond - a.episodesPerSecond)[0];
  const ratio = api.episodesPerSecond / baseline.episodesPerSecond;
  const cpus = os.cpus();
  const rows = settings.episodes + settings.responses;
  const cpuPer1000 = (s: Summary) => ((s.nodeCpuS + s.pgCpuS) * 1000) / settings.episodes;

  const resultsTable = [
    '| Variant | episodes/s (median) | rows/s (episodes + responses) | wall time | CPU s: this Node process | CPU s: PostgreSQL | CPU s per 1,000 episodes | episodes/s vs baseline | episodes/s per run |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...summaries.map(
      (s) =>
        `| ${VARIANT_LABELS[s.variant]}${s === baseline ? ' **(baseline)**' : ''} | ${f0(s.episodesPerSecond)} | ${f0((s.episodesPerSecond * rows) / settings.episodes)} | ${f1(s.wallS)} s | ${f1(s.nodeCpuS)} | ${f1(s.pgCpuS)} | ${f2(cpuPer1000(s))} | ${f2(s.episodesPerSecond / baseline.episodesPerSecond)} | ${s.runs.map(f0).join(', ')} |`,
    ),
  ].join('\n');

  const apiRuns = results.filter((r) => r.variant === 'api' && r.batchMs);
  const batchLine = apiRuns
    .map(
      (r) =>
        `round ${r.round}: median ${f0(r.batchMs!.p50)} ms, mean of the first tenth ${f0(r.batchMs!.first)} ms, of the last tenth ${f0(r.batchMs!.last)} ms, max ${f0(r.batchMs!.max)} ms`,
    )
    .join('; ');
  const table = profileTable(profile, settings.batch);
  const total = profile.parts.total;
  const copyMsPerBatch = (1000 * settings.batch) / baseline.episodesPerSecond;

  return [
    SECTION_HEADING,
    '',
    `Claim: batch ingestion through the API reaches at least 50 % of raw COPY throughput into the same tables, with validation, pseudonymization, scoring and audit included.`,
    '',
    `- Date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, load average ${os.loadavg()[0].toFixed(2)} at the end, shared with other work (noisy)`,
    `- PostgreSQL ${db.serverVersion} (embedded, default settings, same host, loopback; schema: ${db.schema}, with all their indexes and triggers), Node.js ${process.version} with ${process.execArgv.join(' ') || 'no flags'} (as \`npm start\`); the app runs in the benchmark's own process (createApp, NODE_ENV production, LOG_LEVEL silent, pool of ${config.databasePoolSize} connections, audit sealer on)`,
    `- Reproduce: \`${COMMAND}\``,
    `- Data: ${settings.episodes.toLocaleString('en-US')} episodes with valid synthetic national ids, each with admission and discharge EQ-5D-5L and Barthel responses, ` +
      `stroke episodes (about one in ten) also with admission and discharge mRS, and every episode with a rehabilitation level, professions, individual plan, coordinator and municipality notified date ` +
      `(${settings.responses.toLocaleString('en-US')} responses, ${rows.toLocaleString('en-US')} rows), the same rows for every variant; the bench institution is private (it may register every level). ` +
      `Request bodies (JSON) and COPY data (text format) are built before the clock starts; every run starts from empty tables (after any autovacuum of the previous run has finished: TRUNCATE and VACUUM ANALYZE as the owner, then CHECKPOINT).`,
    `- API: ${settings.episodes / settings.batch} requests of ${settings.batch} episodes, ${settings.concurrency} in flight over loopback (Node's fetch), each with its own Idempotency-Key; every answer checked (201, every response of the batch created) and the stored row counts checked after every run.`,
    `- COPY (the baseline): ${settings.concurrency} parallel streams (the API's concurrency), each one transaction with \`COPY episodes\` then \`COPY responses\` into the same tables with all their indexes, constraints and foreign keys; ` +
      `pseudonyms, scores and window flags precomputed with the service's own functions, episode ids generated client-side. \`pg\` has no COPY helper (pg-copy-streams is not installed), ` +
      `but it runs any object with a \`submit()\` method as a query, so the benchmark speaks the COPY sub-protocol itself (CopyData/CopyDone): a real COPY FROM STDIN. ` +
      `The server-side file variant loads the same data from files as the superuser. The baseline is the faster of the two.`,
    `- ${settings.rounds} rounds, the variants interleaved (order reversed every other round), after a warm-up of ${2 * settings.batch} other episodes through the API; medians over the rounds. ` +
      `CPU seconds from /proc (this process; the postmaster and all its backends).`,
    '',
    resultsTable,
    '',
    `**Ratio (episodes/s): API / ${baseline.variant} = ${f2(ratio)}.** Goal ≥ 0.50: ${ratio >= 0.5 ? '**met**' : `**not met**: the API reaches ${f0(100 * ratio)} % of raw COPY throughput`}.`,
    '',
    `Wall times on this shared machine move with other people's work; the CPU cost is steadier: the API needs ${f2(cpuPer1000(api))} CPU seconds per 1,000 episodes against ` +
      `${f2(cpuPer1000(baseline))} for COPY, ${f2(cpuPer1000(baseline) / cpuPer1000(api))} of COPY's efficiency.`,
    '',
    `API batch latency at concurrency ${settings.concurrency} (${settings.batch} episodes each): ${batchLine}.`,
    '',
    `During the API runs this Node process used ${f1(api.nodeCpuS)} CPU seconds in ${f1(api.wallS)} s of wall time (${f0((100 * api.nodeCpuS) / api.wallS)} % of one core) and PostgreSQL ${f1(api.pgCpuS)}` +
      (api.nodeCpuS / api.wallS > 0.85
        ? `: the API is bound by the service's single JavaScript thread, not by the database (the API's SQL costs PostgreSQL ${f1(api.pgCpuS)} CPU seconds, COPY of the same rows ${f1(baseline.pgCpuS)}).`
        : `; COPY of the same rows costs PostgreSQL ${f1(baseline.pgCpuS)} CPU seconds.`),
    '',
    `### Where the time of one API batch goes`,
    '',
    `After the measured runs, timers were wrapped around methods of the running application (the validation pipe's transform, AuthenticationService, SubmissionService.submit, ` +
      `ScopedDb.transaction, EpisodeService.register, EpisodeWriter.check, PseudonymService.pseudonymize, TypeORM's PostgresQueryRunner.query per statement, JSON.parse of large bodies, ` +
      `the HTTP server's request/finish events; patched in the benchmark process only, no source changes) and ${profile.batches} batches of ${settings.batch} episodes were sent one at a time ` +
      `(after one warm-up batch). A statement's time includes the driver's parameter serialization and result parsing. Means per batch:`,
    '',
    '| Part | ms per batch | share |',
    '|---|---:|---:|',
    ...table.rows,
    '',
    `In short: SQL (all statements, incl. authentication) ${f1(table.sqlMs)} ms (${f0((100 * table.sqlMs) / total)} %), JavaScript work in the service ${f1(table.nodeMs)} ms ` +
      `(${f0((100 * table.nodeMs) / total)} %), client and loopback ${f1(table.clientMs)} ms. For comparison, COPY writes ${settings.batch} episodes with their responses in ` +
      `${f1(copyMsPerBatch)} ms of wall time (at ${settings.concurrency} streams).`,
    '',
    `${largestParts(profile)}. Validation is the fast path of \`src/submissions/submission-fast-check.ts\`: the same rule functions as the DTO's decorators, no class instances; ` +
      `class-transformer's plainToInstance took ${f1(profile.validateTransformMs)} ms per batch and class-validator's validate ${f1(profile.validateValidateMs)} ms ` +
      `(both 0 when every batch is valid: they run only to write the error list of a batch the fast path does not vouch for). Before the fast path they took 65 and 171 ms per batch, ` +
      `over ${(settings.batch * (3 + 2 * RESPONSES_PER_EPISODE)).toLocaleString('en-US')} decorated objects (episode, patient and consent, and per response the response and its answers). ` +
      `\`Intl.DateTimeFormat\` objects constructed per batch: ${f0(profile.dateTimeFormatsPerBatch)} (each costs ~50 µs; the date validators and the national id check build theirs once).`,
    '',
    `Why ${ratio >= 0.5 ? 'the goal is met' : 'the goal is not met'}: COPY spends its CPU in PostgreSQL only (${f2((baseline.pgCpuS * 1000) / settings.episodes)} CPU s per 1,000 episodes). ` +
      `The API's SQL alone costs PostgreSQL ${f2((api.pgCpuS * 1000) / settings.episodes)} CPU s per 1,000 episodes (${f2(api.pgCpuS / baseline.pgCpuS)}× COPY; it does more than COPY: unnest of parameter arrays, ` +
      `the ON CONFLICT upsert, RETURNING ids, the withdrawal check, audit and idempotency rows), and on top of that this Node process (the service; its HTTP client is a small share) spends ` +
      `${f2((api.nodeCpuS * 1000) / settings.episodes)} CPU s per 1,000 episodes in JavaScript, on a single thread, on the same ${cpus.length} cores as PostgreSQL.`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const settings = readSettings();
  const startedAt = new Date();
  requireServiceNodeFlag(COMMAND);
  console.log('Starting embedded PostgreSQL and migrating...');
  const db = await startBenchDatabase();
  disposeOnInterrupt(db);
  try {
    const running = await startBenchApp(db);
    try {
      // Private: a private institution registers municipal (1-4) and specialist (5.x) levels alike.
      await withClient(db.ownerUrl, (c) => c.query(`UPDATE institutions SET kind = 'private' WHERE id = $1`, [running.institutionId]));
      const episodes = generateEpisodes(settings.episodes, 'ING', 42);
      const episodeBatches = batches(episodes, settings.batch);
      const responsesPerBatch = episodeBatches.map((b) => b.reduce((n, e) => n + e.responses.length, 0));
      const workload: Workload = { ...settings, responses: responsesPerBatch.reduce((a, b) => a + b, 0), responsesPerBatch };
      console.log(`Generated ${settings.episodes} episodes (${workload.responses} responses)`);
      const bodies = episodeBatches.map((b) => JSON.stringify({ episodes: b }));
      const streams = buildCopyData(episodes, running.config, running.institutionId, settings.concurrency);
      const files = writeCopyFiles(db.dataDir, streams);
      console.log(
        `Request bodies: ${(bodies.reduce((a, b) => a + Buffer.byteLength(b), 0) / 2 ** 20).toFixed(0)} MiB; COPY data: ${(files.reduce((a, f) => a + fs.statSync(f.episodes).size + fs.statSync(f.responses).size, 0) / 2 ** 20).toFixed(0)} MiB`,
      );

      // Warm-up (JIT, pools, caches) with other episodes, not counted; the tables are emptied before every run.
      for (const [i, body] of batches(generateEpisodes(2 * settings.batch, 'WRM', 7), settings.batch).entries())
        await postBatch(running, `warm-up-${i}`, JSON.stringify({ episodes: body }));

      const results: RunResult[] = [];
      const order: VariantName[] = ['copy-stdin', 'api', 'copy-file'];
      for (let round = 1; round <= settings.rounds; round++) {
        const variants = round % 2 ? [...order] : [...order].reverse();
        for (const variant of variants) {
          await resetTables(db);
          const sampler = await startActivitySampler(db);
          const result =
            variant === 'api'
              ? await runApi(running, db, bodies, workload, round)
              : await runCopy(variant, db, streams, files, workload, round);
          const activity = await sampler.stop();
          const counts = await storedCounts(db);
          if (counts.episodes !== settings.episodes || counts.responses !== workload.responses)
            throw new Error(`${variant}: stored ${JSON.stringify(counts)}`);
          results.push(result);
          console.log(
            `round ${round} ${variant.padEnd(15)} ${f0(result.episodesPerSecond).padStart(6)} episodes/s  wall ${f1(result.wallS)} s  CPU node ${f1(result.nodeCpuS)} s, postgres ${f1(result.pgCpuS)} s  [${activity}]`,
          );
        }
      }

      console.log(`Profiling ${settings.profileBatches} batches, one at a time...`);
      await resetTables(db);
      const profile = await runProfile(running, settings, 'PRF');
      const text = section(summarize(results), results, profile, workload, running.config, db, startedAt);
      writeBenchmarkSection(SECTION_HEADING, text, DOC_FILE);
      console.log(`\n${text}\nWrote ${path.relative(process.cwd(), DOC_FILE)}`);
    } finally {
      await running.app.close();
    }
  } finally {
    await db.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
