/**
 * What every benchmark needs: settings from BENCH_* variables, and a private embedded PostgreSQL
 * (migrated, owner and app roles) that is stopped and removed afterwards, even when the process
 * exits early. A private cluster keeps the figures undisturbed by anyone's dev data.
 *
 * A benchmark on a synthetic register (startBenchRegister) can reuse one: with BENCH_TEMPLATE_DIR
 * set, the stopped cluster of a generated register is kept there, named after what it holds, and
 * the next benchmark asking for the same register copies it instead of generating it again
 * (docs/benchmarks.md, "Reusing a generated register").
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiClientService } from '../../src/api-clients/api-client.service';
import { createApp, type CreateAppOptions } from '../../src/app.factory';
import { withOrgCheckDigit } from '../../src/common/org-number';
import { withClient } from '../../src/database/with-client';
import { AppConfig, loadConfig } from '../../src/config/config';
import { EmbeddedCluster, provisionDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrations';
import { InstitutionService } from '../../src/institutions/institution.service';
import { generateSyntheticRegister, type SyntheticRegisterSummary } from '../../src/demo/synthetic-register';
import { todayInNorway } from '../../src/common/validators';

/** A positive number from the environment (BENCH_SECONDS and the like), or the fallback. */
export function positiveSetting(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const value = env[name] === undefined ? fallback : Number(env[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/** The V8 flag `npm start` runs the service with (package.json "start"); a benchmark running the app in-process needs it too. */
export const SERVICE_NODE_FLAG = '--max-semi-space-size=8';

/** Stops a benchmark that runs the app in-process without the service's Node flag, saying how to run it. */
export function requireServiceNodeFlag(command: string): void {
  if (!process.execArgv.includes(SERVICE_NODE_FLAG))
    throw new Error(`Run as \`${command}\`: the service runs with ${SERVICE_NODE_FLAG} (package.json "start").`);
}

/** Nearest-rank percentile (p of 100) of the values, in any order. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The middle value; of an even count, the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds to one decimal, as the tables show them. */
export const roundMs = (ms: number): number => Math.round(ms * 10) / 10;

/** How long the work took, in milliseconds. */
export async function timedMs(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** PostgreSQL runs in its own process group, so Ctrl-C would leave it running: stop it ourselves. */
export function disposeOnInterrupt(db: { dispose(): Promise<void> }): void {
  process.once('SIGINT', () => void db.dispose().finally(() => process.exit(130)));
}

/**
 * The app's settings for a benchmark of pages and reads on a generated register: test mode (its
 * development keys), no audit sealing, the sign-in limit raised, logs off; `extra` adds to them.
 */
export function readBenchConfig(db: { appUrl: string; ownerUrl: string }, extra: Record<string, string> = {}): AppConfig {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.appUrl,
    DATABASE_OWNER_URL: db.ownerUrl,
    AUDIT_SEAL_INTERVAL_MS: '0',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    LOG_LEVEL: 'silent',
    ...extra,
  });
}

/** Puts the app on a free loopback port; returns its base URL. */
export async function listenOnLoopback(app: NestExpressApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

/** The Authorization header of a user signed in through the API. */
export async function bearerFor(base: string, email: string, password: string): Promise<{ Authorization: string }> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { Authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
}

/** The session cookie of a user signed in through the sign-in page, as a browser does (its CSRF double submit). */
export async function browserSessionFor(base: string, email: string, password: string): Promise<string> {
  const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const loginPage = await fetch(`${base}/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())![1];
  const signIn = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(loginPage).join('; ') },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  return cookiesOf(signIn).find((c) => c.startsWith('rehabreg_session='))!;
}

/**
 * The app's settings as deployed (NODE_ENV production, logs off) on a benchmark's database. The
 * write limit is raised: the benchmarks measure throughput and latency, not the limit (the default
 * is 600 writes a minute per API key, i.e. 600 batches of 1,000 episodes).
 */
function productionLikeConfig(db: { appUrl: string; ownerUrl: string }): AppConfig {
  return loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: db.appUrl,
    DATABASE_OWNER_URL: db.ownerUrl,
    RUN_MIGRATIONS: 'false',
    PSEUDONYM_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(32).toString('base64'),
    AUDIT_CHAIN_KEY: randomBytes(32).toString('base64'),
    AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('base64'),
    AUDIT_CHECKPOINT_DIR: path.join(os.tmpdir(), 'rehabreg-bench-checkpoints'),
    ALLOW_SYNTHETIC_IDS: 'true',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
  });
}

export interface BenchApp {
  app: NestExpressApplication;
  config: AppConfig;
  baseUrl: string;
  institutionId: string;
  apiKey: string;
}

/** The real app with production-like settings, listening on loopback, with one institution and its API key. */
export async function startBenchApp(db: { appUrl: string; ownerUrl: string }, options: CreateAppOptions = {}): Promise<BenchApp> {
  const config = productionLikeConfig(db);
  const app = await createApp(config, options);
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    let orgNumber: string | undefined;
    while (!orgNumber) orgNumber = withOrgCheckDigit(String(10_000_000 + Math.floor(Math.random() * 89_999_999)));
    const institution = await app
      .get(InstitutionService)
      .create({ name: 'Bench institution', orgNumber, kind: 'health_trust', region: 'helse-nord' });
    const { key } = await app.get(ApiClientService).create(institution.id, 'bench');
    return { app, config, baseUrl: `http://127.0.0.1:${port}`, institutionId: institution.id, apiKey: key };
  } catch (error) {
    await app.close();
    throw error;
  }
}

export { withClient };

export interface BenchDatabase {
  dataDir: string;
  appUrl: string;
  ownerUrl: string;
  superuserUrl: string;
  serverVersion: string;
  /** Which migrations the figures were measured with (the schema changes as the project grows). */
  schema: string;
  /** Stops PostgreSQL and removes its directory; safe to call more than once. */
  dispose(): Promise<void>;
  /** Stops PostgreSQL and moves its directory to `target` (a register template) instead of removing it. */
  stopAndMoveTo(target: string): Promise<void>;
}

/**
 * If the process exits without dispose() (Nest's ExceptionHandler calls process.exit(1) when the app
 * fails to start, skipping every finally), stop PostgreSQL (own process group, it would outlive us)
 * and remove the temp dir from a detached shell once the server is gone.
 */
function cleanUpOnExit(dataDir: string): () => void {
  const onExit = () => {
    try {
      const pid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGINT');
      spawn('sh', ['-c', 'while kill -0 "$1" 2>/dev/null; do sleep 0.2; done; rm -rf "$2"', 'sh', String(pid), dataDir], {
        detached: true,
        stdio: 'ignore',
      }).unref();
    } catch {
      // nothing running: nothing to stop
    }
  };
  process.once('exit', onExit);
  return () => process.removeListener('exit', onExit);
}

/**
 * Starts, provisions and migrates a private cluster, empty or a copy of the register template
 * `copyOf`; `prepare` then runs as the owner (bench tables, grants).
 */
export async function startBenchDatabase(prepare?: (owner: Client) => Promise<void>, copyOf?: string): Promise<BenchDatabase> {
  // os.tmpdir() is world-traversable, so the `postgres` OS user can reach the data directory (and COPY files) when we run as root.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-bench-'));
  fs.chmodSync(dataDir, 0o755);
  // -a keeps the owner (the `postgres` OS user when we run as root) and the 0700 of the cluster directory
  if (copyOf) execFileSync('cp', ['-a', `${path.join(copyOf, CLUSTER_FILES)}/.`, dataDir]);
  let cluster: EmbeddedCluster | undefined;
  let disposing: Promise<void> | undefined;
  const forgetExitCleanup = cleanUpOnExit(dataDir);
  const dispose = () =>
    (disposing ??= (async () => {
      await cluster?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      forgetExitCleanup();
    })());
  try {
    cluster = await startEmbeddedPostgres(dataDir);
    const { appUrl, ownerUrl } = await provisionDatabase(cluster, dataDir, 'rehabreg_bench');
    await runMigrations(ownerUrl);
    const { serverVersion, schema } = await withClient(ownerUrl, async (owner) => {
      if (prepare) await prepare(owner);
      const version = await owner.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
      const migrations = await owner.query<{ name: string }>(`SELECT name FROM schema_migrations ORDER BY timestamp`);
      const last = migrations.rows[migrations.rows.length - 1]?.name ?? 'none';
      return { serverVersion: version.rows[0].v, schema: `${migrations.rows.length} migrations, the last ${last}` };
    });
    const stopAndMoveTo = async (target: string) => {
      await cluster?.stop();
      fs.mkdirSync(target, { recursive: true });
      fs.renameSync(dataDir, path.join(target, CLUSTER_FILES));
      forgetExitCleanup();
    };
    return {
      dataDir,
      appUrl,
      ownerUrl,
      superuserUrl: cluster.superuserUrl('rehabreg_bench'),
      serverVersion,
      schema,
      dispose,
      stopAndMoveTo,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** A template's stopped cluster (postgres/, credentials.json) lies in this folder of it, beside register.json. */
const CLUSTER_FILES = 'cluster';

export interface BenchRegisterSpec {
  episodes: number;
  institutions: number;
  seed: number;
}

export interface BenchRegister {
  db: BenchDatabase;
  /** The generator's summary (of the run that made the template, when copied). */
  generated: SyntheticRegisterSummary;
  /** The template's folder when BENCH_TEMPLATE_DIR is set; `reused` when it was copied, not generated in this run. */
  template?: { dir: string; reused: boolean };
}

/**
 * A private cluster with a synthetic register of last year (demo:generate's generator), VACUUM
 * ANALYZEd, as the benchmarks on a register measure it. `configFor` gives the settings the register
 * is generated with (its pseudonym key and response window) for a database.
 *
 * With BENCH_TEMPLATE_DIR, the register is copied from `<BENCH_TEMPLATE_DIR>/<name>` when there (a
 * copy of the stopped cluster, `cp -a`), else generated and that folder made for the next
 * benchmark. The name holds all that makes the register: episodes, institutions, seed, the year
 * of the admissions, the newest migration and a digest of the pseudonym keys and response window.
 * A change of the generator's output for a seed needs a new folder (delete the old one).
 */
export async function startBenchRegister(
  spec: BenchRegisterSpec,
  configFor: (db: { appUrl: string; ownerUrl: string }) => AppConfig,
): Promise<BenchRegister> {
  const root = process.env.BENCH_TEMPLATE_DIR;
  const year = Number(todayInNorway().slice(0, 4)) - 1; // the generator's default: last year's admissions
  const chosen = process.env.BENCH_TEMPLATE;
  if (chosen) return copyChosenTemplate(path.resolve(chosen), spec);
  const dir = root ? path.resolve(root, templateName(spec, year, configFor)) : undefined;
  const registerFile = dir && path.join(dir, 'register.json');
  if (dir && registerFile && fs.existsSync(registerFile)) {
    const db = await startBenchDatabase(undefined, dir);
    const { generated } = JSON.parse(fs.readFileSync(registerFile, 'utf8')) as { generated: SyntheticRegisterSummary };
    return { db, generated, template: { dir, reused: true } };
  }
  let db = await startBenchDatabase();
  try {
    console.log(`Generating ${spec.episodes} episodes at ${spec.institutions} institutions (seed ${spec.seed})...`);
    const generated = await generateSyntheticRegister(db.ownerUrl, configFor(db), { ...spec, year });
    console.log(JSON.stringify(generated));
    await withClient(db.ownerUrl, (owner) => owner.query('VACUUM ANALYZE episodes, responses, withdrawals, institutions'));
    if (!dir || !registerFile) return { db, generated };
    await saveTemplate(db, dir, registerFile, { spec, year, schema: db.schema, generated });
    db = await startBenchDatabase(undefined, dir);
    return { db, generated, template: { dir, reused: false } };
  } catch (error) {
    await db.dispose();
    throw error;
  }
}

/**
 * BENCH_TEMPLATE: this template folder, whatever its name says, as long as it holds the register
 * asked for; migrations newer than it are applied to the copy (a branch with a new migration can
 * use the template of main; what the generator would write into new columns is then missing).
 */
async function copyChosenTemplate(dir: string, spec: BenchRegisterSpec): Promise<BenchRegister> {
  const saved = JSON.parse(fs.readFileSync(path.join(dir, 'register.json'), 'utf8')) as {
    spec: BenchRegisterSpec;
    generated: SyntheticRegisterSummary;
  };
  for (const key of ['episodes', 'institutions', 'seed'] as const)
    if (saved.spec[key] !== spec[key])
      throw new Error(
        `BENCH_TEMPLATE ${dir} holds ${key} ${saved.spec[key]}, the benchmark asks for ${spec[key]}; set BENCH_${key.toUpperCase()}`,
      );
  const db = await startBenchDatabase(undefined, dir);
  return { db, generated: saved.generated, template: { dir, reused: true } };
}

/**
 * Stops the benchmark's cluster and keeps it in BENCH_TEMPLATE_DIR under the name of the register
 * it holds now (bench:template with BENCH_TEMPLATE: an older template with this tree's newer
 * migrations applied, when those only add what the generator does not write, such as indexes).
 */
export async function keepAsTemplate(
  db: BenchDatabase,
  spec: BenchRegisterSpec,
  configFor: (db: { appUrl: string; ownerUrl: string }) => AppConfig,
  generated: SyntheticRegisterSummary,
): Promise<string> {
  const root = process.env.BENCH_TEMPLATE_DIR;
  if (!root) throw new Error('Set BENCH_TEMPLATE_DIR to the folder that keeps register templates');
  const dir = path.resolve(root, templateName(spec, generated.year, configFor));
  const registerFile = path.join(dir, 'register.json');
  if (fs.existsSync(registerFile)) throw new Error(`${dir} is there already`);
  await withClient(db.ownerUrl, (owner) => owner.query('VACUUM ANALYZE'));
  await saveTemplate(db, dir, registerFile, { spec, year: generated.year, schema: db.schema, generated });
  return dir;
}

function templateName(spec: BenchRegisterSpec, year: number, configFor: (db: { appUrl: string; ownerUrl: string }) => AppConfig): string {
  const config = configFor({ appUrl: 'postgres://template-name', ownerUrl: 'postgres://template-name' });
  const settings = createHash('sha256');
  for (const key of config.pseudonymKeys) settings.update(key);
  settings.update(`window ${config.responseWindowDays}`);
  return [
    `episodes${spec.episodes}`,
    `institutions${spec.institutions}`,
    `seed${spec.seed}`,
    `year${year}`,
    newestMigration(),
    `settings-${settings.digest('hex').slice(0, 12)}`,
  ].join('-');
}

/** The newest migration of this tree (the file name's timestamp and class name, e.g. 1764000000260-FhirBulkExports). */
function newestMigration(): string {
  const folder = path.join(__dirname, '..', '..', 'migrations');
  const names = fs
    .readdirSync(folder)
    .filter((file) => /^\d+-\w+\.(js|ts)$/.test(file))
    .map((file) => file.replace(/\.(js|ts)$/, ''));
  return names.sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0])).at(-1) ?? 'none';
}

/** Stops the cluster and moves it into the template folder (another benchmark that made it meanwhile wins). */
async function saveTemplate(db: BenchDatabase, dir: string, registerFile: string, description: object): Promise<void> {
  const building = `${dir}.building-${process.pid}`;
  try {
    await db.stopAndMoveTo(building);
    fs.writeFileSync(path.join(building, 'register.json'), `${JSON.stringify(description, null, 2)}\n`);
    fs.renameSync(building, dir);
    console.log(`Register template saved: ${dir}`);
  } catch (error) {
    if (!fs.existsSync(registerFile)) throw error;
    fs.rmSync(building, { recursive: true, force: true });
  }
}
