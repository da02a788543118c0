/**
 * Audit overhead benchmark (issue 4): does the audit step become a global lock that serializes writes?
 *
 *   npm run bench:audit
 *
 * Starts its own throwaway embedded PostgreSQL, migrates it, and measures write transactions per
 * second as the app role in three variants, interleaved over several rounds:
 *   baseline  one business INSERT per transaction, as a request without audit would do;
 *   audited   the same plus the audit INSERT of AuditService.recordMany, with a background sealer
 *             sealing them every second with the keyed chain, as the running service does (the design);
 *   chained   the same plus a hash chain built inside the request under one advisory lock (the
 *             naive design that the sealer avoids), for contrast.
 * Then seals everything, verifies the chain with the service's own AuditVerifier, and writes the
 * figures to docs/benchmarks.md.
 *
 * Tunable (defaults in brackets): BENCH_ROUNDS [3], BENCH_SECONDS [6], BENCH_WARMUP_SECONDS [2],
 * BENCH_CONCURRENCY [16].
 */
import { createHash, randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { AuditChainKeys } from '../../src/audit/audit-chain';
import { AuditEvidence } from '../../src/audit/audit-evidence';
import { SEAL_BATCH, sealAuditBatch } from '../../src/audit/audit-sealer';
import { AuditVerifier } from '../../src/audit/audit-verifier';
import { loadConfig } from '../../src/config/config';
import { MetricsService } from '../../src/metrics/metrics.service';
import { institutionIdsSetting } from '../../src/database/scoped-db';
import { BenchDatabase, disposeOnInterrupt, median, percentile, positiveSetting, startBenchDatabase } from './bench-support';
import { writeBenchmarkSection } from './benchmarks-doc';

/** The development keys: the benchmark seals and verifies with the service's own code. */
const BENCH_CONFIG = loadConfig({ ...process.env, NODE_ENV: 'development' });

const REPO_ROOT = path.join(__dirname, '..', '..', '..'); // dist/scripts/bench -> repository root
const DOC_FILE = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
const SECTION_HEADING = '## Audit overhead (issue 4)';
const COMMAND = 'npm run bench:audit';

/** As AuditSealer: one pass every second (SEAL_BATCH rows at most per transaction). */
const SEAL_INTERVAL_MS = 1000;

interface Settings {
  rounds: number;
  measureMs: number;
  warmupMs: number;
  concurrency: number;
}

function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const positive = (name: string, fallback: number) => positiveSetting(name, fallback, env);
  return {
    rounds: Math.round(positive('BENCH_ROUNDS', 3)),
    measureMs: positive('BENCH_SECONDS', 6) * 1000,
    warmupMs: positive('BENCH_WARMUP_SECONDS', 2) * 1000,
    concurrency: Math.round(positive('BENCH_CONCURRENCY', 16)),
  };
}

// ---------------------------------------------------------------------------------------------
// Database: a private cluster, so the figures are not disturbed by (and do not disturb) anyone's dev data.

/** As the owner (who owns every table): the business table and the naive chain's table. */
async function createBenchTables(client: Client): Promise<void> {
  await client.query(`
      CREATE TABLE bench_writes (
        id bigserial PRIMARY KEY,
        institution_id uuid,
        payload text,
        created_at timestamptz DEFAULT now()
      )`);
  await client.query(`GRANT SELECT, INSERT ON bench_writes TO rehabreg_app`);
  await client.query(`GRANT USAGE ON SEQUENCE bench_writes_id_seq TO rehabreg_app`);
  // The naive chain gets its own table: its rows must not enter (and break) the real audit chain.
  await client.query(`
      CREATE TABLE bench_chained_audit (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_type text NOT NULL,
        actor_id text,
        institution_id uuid,
        action text NOT NULL,
        object_type text NOT NULL,
        object_ids text[] NOT NULL DEFAULT '{}',
        row_count integer NOT NULL DEFAULT 0,
        request_id text,
        client_address text,
        chain_seq bigint NOT NULL UNIQUE,
        prev_hash bytea NOT NULL,
        hash bytea NOT NULL
      )`);
  await client.query(`GRANT SELECT, INSERT ON bench_chained_audit TO rehabreg_app`);
  await client.query(`GRANT USAGE ON SEQUENCE bench_chained_audit_id_seq TO rehabreg_app`);
}

// ---------------------------------------------------------------------------------------------
// The three kinds of write. Each is one transaction, like one request through ScopedDb.

type VariantName = 'baseline' | 'audited' | 'chained';
type Write = (client: PoolClient) => Promise<void>;

const PAYLOAD = 'x'.repeat(200); // roughly the size of a small registration row
const INSTITUTIONS = Array.from({ length: 20 }, () => randomUUID());
const GENESIS = Buffer.alloc(32);

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/** What every request does: scope the transaction (as ScopedDb.transaction) and write one row. */
async function writeBusinessRow(client: PoolClient, institutionId: string): Promise<string> {
  await client.query(`SELECT set_config('app.institution_ids', $1, true)`, [institutionIdsSetting([institutionId])]);
  const { rows } = await client.query<{ id: string }>(`INSERT INTO bench_writes (institution_id, payload) VALUES ($1, $2) RETURNING id`, [
    institutionId,
    PAYLOAD,
  ]);
  return rows[0].id;
}

/** The values AuditService.recordMany writes for one event of an API client, in its column order. */
function auditValues(institutionId: string, objectId: string): unknown[] {
  return ['api_client', 'bench-client', institutionId, 'registration.create', 'registration', [objectId], 1, randomUUID(), '127.0.0.1'];
}

const baseline: Write = async (client) => {
  await writeBusinessRow(client, pick(INSTITUTIONS));
};

/** The design: a plain INSERT with no chain state, so concurrent requests never wait on one another. */
const audited: Write = async (client) => {
  const institutionId = pick(INSTITUTIONS);
  const id = await writeBusinessRow(client, institutionId);
  await client.query(
    `INSERT INTO audit_events (actor_type, actor_id, institution_id, action, object_type, object_ids, row_count, request_id, client_address)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9)
     RETURNING id::text AS id, pg_current_xact_id()::text AS xid`, // as AuditService: the journal needs both
    auditValues(institutionId, id),
  );
};

/**
 * What the design avoids: chaining inside the request. Every writer must see the previous hash,
 * so all of them queue on one lock that is held until COMMIT, across three round trips.
 */
const chained: Write = async (client) => {
  const institutionId = pick(INSTITUTIONS);
  const id = await writeBusinessRow(client, institutionId);
  await client.query(`SELECT pg_advisory_xact_lock(1)`);
  const { rows } = await client.query<{ chain_seq: string; hash: Buffer }>(
    `SELECT chain_seq, hash FROM bench_chained_audit ORDER BY chain_seq DESC LIMIT 1`,
  );
  const seq = rows.length ? Number(rows[0].chain_seq) + 1 : 1;
  const prevHash = rows.length ? rows[0].hash : GENESIS;
  const occurredAt = new Date();
  const values = auditValues(institutionId, id);
  const canonical = [seq, occurredAt.toISOString(), ...values.map((v) => (Array.isArray(v) ? v.join(',') : String(v)))].join('|');
  const hash = createHash('sha256')
    .update(Buffer.concat([prevHash, Buffer.from(canonical, 'utf8')]))
    .digest();
  await client.query(
    `INSERT INTO bench_chained_audit (actor_type, actor_id, institution_id, action, object_type, object_ids, row_count, request_id, client_address,
                                      occurred_at, chain_seq, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11, $12, $13)`,
    [...values, occurredAt, seq, prevHash, hash],
  );
};

const VARIANTS: Record<VariantName, Write> = { baseline, audited, chained };

async function inTransaction(pool: Pool, write: Write): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await write(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------
// The background sealer, as AuditSealer runs it in the service.

interface SealerStats {
  calls: number;
  rows: number;
  longestMs: number;
}

/** Seals every row written so far (repeats while a call fills its batch); returns how many. */
async function sealPending(client: Client): Promise<number> {
  let total = 0;
  const key = new AuditChainKeys(BENCH_CONFIG.auditChainKeys).current();
  for (;;) {
    await client.query('BEGIN');
    const sealed = await sealAuditBatch((sql, params) => client.query(sql, params).then((r) => r.rows), key);
    await client.query('COMMIT');
    total += sealed;
    if (sealed < SEAL_BATCH) return total;
  }
}

/** Starts a sealer on its own connection; `stop()` waits for a call in progress, then returns what it did. */
async function startBackgroundSealer(appUrl: string): Promise<{ stop(): Promise<SealerStats> }> {
  const client = new Client({ connectionString: appUrl });
  await client.connect();
  const stats: SealerStats = { calls: 0, rows: 0, longestMs: 0 };
  let running: Promise<void> | undefined;
  let failure: unknown;
  const timer = setInterval(() => {
    // Like AuditSealer: skip a tick while the previous pass is still running.
    running ??= (async () => {
      const started = performance.now();
      stats.rows += await sealPending(client);
      stats.calls += 1;
      stats.longestMs = Math.max(stats.longestMs, performance.now() - started);
    })()
      .catch((error: unknown) => void (failure ??= error))
      .finally(() => (running = undefined));
  }, SEAL_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await client.end();
      if (failure) throw failure;
      return stats;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring.

interface RunResult {
  variant: VariantName;
  writesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  sealer?: SealerStats;
}

/**
 * `concurrency` closed-loop workers write for warm-up + measurement. Throughput counts the writes
 * that complete inside the measurement window, so writes in flight at its edges bias no variant.
 */
async function measure(pool: Pool, write: Write, settings: Settings): Promise<Omit<RunResult, 'variant'>> {
  const from = performance.now() + settings.warmupMs;
  const until = from + settings.measureMs;
  const latencies: number[] = [];
  const worker = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      await inTransaction(pool, write);
      const ended = performance.now();
      if (ended >= from && ended <= until) latencies.push(ended - started);
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  latencies.sort((a, b) => a - b);
  return {
    writesPerSecond: latencies.length / (settings.measureMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

async function runVariant(pool: Pool, appUrl: string, variant: VariantName, settings: Settings): Promise<RunResult> {
  // The sealer belongs to the audited design; the other variants have nothing for it to do.
  const sealer = variant === 'audited' ? await startBackgroundSealer(appUrl) : undefined;
  try {
    const result = await measure(pool, VARIANTS[variant], settings);
    return { variant, ...result, sealer: await sealer?.stop() };
  } catch (error) {
    await sealer?.stop().catch(() => undefined);
    throw error;
  }
}

/** Interleaves the variants (a, b, c, a, b, c, ...) so slow drift of a noisy machine hits all of them alike. */
async function runAll(pool: Pool, db: BenchDatabase, settings: Settings): Promise<RunResult[]> {
  const order: VariantName[] = ['baseline', 'audited', 'chained'];
  const results: RunResult[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (const variant of order) {
      const result = await runVariant(pool, db.appUrl, variant, settings);
      results.push(result);
      console.log(
        `round ${round} ${variant.padEnd(8)} ${result.writesPerSecond.toFixed(0).padStart(6)} writes/s  p50 ${result.p50Ms.toFixed(1)} ms  p99 ${result.p99Ms.toFixed(1)} ms`,
      );
      await drainSeal(db.appUrl); // each run starts without a sealing backlog left by the one before
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Checking that the chain survived concurrent writers.

async function drainSeal(appUrl: string): Promise<number> {
  const client = new Client({ connectionString: appUrl });
  await client.connect();
  try {
    return await sealPending(client);
  } finally {
    await client.end();
  }
}

interface ChainCheck {
  auditRows: number;
  verified: number;
  unsealed: number;
  ok: boolean;
  problem?: string;
  naiveRows: number;
  naiveContiguous: boolean;
}

/** Seals everything, then runs the service's own verifier (positions 1..N, prev_hash links, recomputed hashes). */
async function checkChains(appUrl: string): Promise<ChainCheck> {
  await drainSeal(appUrl);
  const source = await new DataSource({ type: 'postgres', url: appUrl }).initialize();
  try {
    const verification = await new AuditVerifier(
      source,
      new AuditEvidence(source, BENCH_CONFIG),
      BENCH_CONFIG,
      new MetricsService(source),
    ).verify();
    const [{ count }] = await source.query(`SELECT count(*)::int AS count FROM audit_events`);
    // The naive chain is serialized by its lock, so its positions must also be exactly 1..N.
    const [naive] = await source.query(
      `SELECT count(*)::int AS rows, coalesce(max(chain_seq), 0)::int AS max, count(DISTINCT chain_seq)::int AS distinct FROM bench_chained_audit`,
    );
    return {
      auditRows: count,
      verified: verification.checked,
      unsealed: verification.unsealed,
      ok: verification.ok && verification.unsealed === 0 && verification.checked === count,
      problem: verification.firstBroken
        ? `chain position ${verification.firstBroken.chainSeq}: ${verification.firstBroken.problem}`
        : undefined,
      naiveRows: naive.rows,
      naiveContiguous: naive.rows === naive.max && naive.rows === naive.distinct,
    };
  } finally {
    await source.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting.

interface Summary {
  variant: VariantName;
  writesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  runs: number[];
}

const LABELS: Record<VariantName, string> = {
  baseline: '(a) baseline: business INSERT only',
  audited: '(b) audited: + audit INSERT, background sealer (the design)',
  chained: '(c) chained in request: + advisory lock, read last hash, INSERT',
};

function summarize(results: RunResult[]): Summary[] {
  return (['baseline', 'audited', 'chained'] as const).map((variant) => {
    const runs = results.filter((r) => r.variant === variant);
    return {
      variant,
      writesPerSecond: median(runs.map((r) => r.writesPerSecond)),
      p50Ms: median(runs.map((r) => r.p50Ms)),
      p99Ms: median(runs.map((r) => r.p99Ms)),
      runs: runs.map((r) => r.writesPerSecond),
    };
  });
}

function resultsTable(summaries: Summary[]): string {
  const base = summaries[0].writesPerSecond;
  const lines = [
    '| Variant | writes/s (median) | p50 latency | p99 latency | writes/s vs baseline | writes/s per run |',
    '|---|---:|---:|---:|---:|---|',
    ...summaries.map(
      (s) =>
        `| ${LABELS[s.variant]} | ${s.writesPerSecond.toFixed(0)} | ${s.p50Ms.toFixed(1)} ms | ${s.p99Ms.toFixed(1)} ms | ${(s.writesPerSecond / base).toFixed(2)} | ${s.runs.map((r) => r.toFixed(0)).join(', ')} |`,
    ),
  ];
  return lines.join('\n');
}

function sealerLine(results: RunResult[]): string {
  const stats = results.flatMap((r) => (r.sealer ? [r.sealer] : []));
  const rows = stats.reduce((sum, s) => sum + s.rows, 0);
  const calls = stats.reduce((sum, s) => sum + s.calls, 0);
  const longest = Math.max(0, ...stats.map((s) => s.longestMs));
  return `During the audited runs the background sealer made ${calls} passes and chained ${rows} rows; its longest pass took ${longest.toFixed(0)} ms.`;
}

function section(
  summaries: Summary[],
  results: RunResult[],
  chain: ChainCheck,
  settings: Settings,
  serverVersion: string,
  startedAt: Date,
): string {
  const [a, b, c] = summaries.map((s) => s.writesPerSecond);
  const cpus = os.cpus();
  return [
    SECTION_HEADING,
    '',
    'Claim: the audit step is no global lock that serializes writes, also with the keyed chain and the journal (issue 15). Requests only INSERT their audit rows;',
    "the sealer (the service's own `sealAuditBatch`, keyed HMAC) chains them later, off the request path.",
    '',
    `- Date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), load average ${os.loadavg()[0].toFixed(2)} at the end, shared with other work (noisy)`,
    `- PostgreSQL ${serverVersion} (embedded, default settings, same host), Node.js ${process.version}`,
    `- Reproduce: \`${COMMAND}\``,
    `- Method: ${settings.concurrency} concurrent writers, each write one transaction as the app role (\`set_config('app.institution_ids', …, true)\`, one INSERT into a bench table, plus the variant's audit work); ` +
      `${settings.rounds} interleaved rounds (a, b, c, a, b, c, …) of ${settings.warmupMs / 1000} s warm-up + ${settings.measureMs / 1000} s measured each; medians over the rounds.`,
    '',
    resultsTable(summaries),
    '',
    `**Ratios (writes/s): b/a = ${(b / a).toFixed(2)}, c/a = ${(c / a).toFixed(2)}.**`,
    '',
    `${sealerLine(results)} ` +
      `After the run, every audit row was sealed and the service's \`AuditVerifier\` checked the chain: ` +
      `${chain.ok ? 'intact' : `BROKEN (${chain.problem ?? 'see counts'})`}, ${chain.verified} of ${chain.auditRows} rows verified, ${chain.unsealed} unsealed. ` +
      `The naive chain's ${chain.naiveRows} rows have ${chain.naiveContiguous ? 'contiguous' : 'NON-contiguous'} positions 1..N.`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const settings = readSettings();
  const startedAt = new Date();
  console.log(
    `Starting embedded PostgreSQL and migrating (${settings.rounds} rounds x 3 variants x ${(settings.warmupMs + settings.measureMs) / 1000} s follow)...`,
  );
  const db = await startBenchDatabase(createBenchTables);
  disposeOnInterrupt(db);
  try {
    const pool = new Pool({ connectionString: db.appUrl, max: settings.concurrency });
    pool.on('error', () => undefined); // an idle client losing its server during shutdown is no failure
    let results: RunResult[];
    try {
      results = await runAll(pool, db, settings);
    } finally {
      await pool.end();
    }
    const chain = await checkChains(db.appUrl);
    const summaries = summarize(results);
    const text = section(summaries, results, chain, settings, db.serverVersion, startedAt);
    writeBenchmarkSection(SECTION_HEADING, text, DOC_FILE);
    console.log(`\n${text}\nWrote ${path.relative(process.cwd(), DOC_FILE)}`);
    if (!chain.ok || !chain.naiveContiguous) throw new Error('The audit chain did not verify after the run; see the report above.');
  } finally {
    await db.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
