/**
 * What every benchmark needs: settings from BENCH_* variables, and a private embedded PostgreSQL
 * (migrated, owner and app roles) that is stopped and removed afterwards, even when the process
 * exits early. A private cluster keeps the figures undisturbed by anyone's dev data.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
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

/** A positive number from the environment (BENCH_SECONDS and the like), or the fallback. */
export function positiveSetting(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const value = env[name] === undefined ? fallback : Number(env[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/** The V8 flag `npm start` runs the service with (package.json "start"); a benchmark running the app in-process needs it too. */
export const SERVICE_NODE_FLAG = '--max-semi-space-size=32';

/** Stops a benchmark that runs the app in-process without the service's Node flag, saying how to run it. */
export function requireServiceNodeFlag(command: string): void {
  if (!process.execArgv.includes(SERVICE_NODE_FLAG))
    throw new Error(`Run as \`${command}\`: the service runs with ${SERVICE_NODE_FLAG} (package.json "start").`);
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

/** Starts, provisions and migrates a private cluster; `prepare` then runs as the owner (bench tables, grants). */
export async function startBenchDatabase(prepare?: (owner: Client) => Promise<void>): Promise<BenchDatabase> {
  // os.tmpdir() is world-traversable, so the `postgres` OS user can reach the data directory (and COPY files) when we run as root.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-bench-'));
  fs.chmodSync(dataDir, 0o755);
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
    return { dataDir, appUrl, ownerUrl, superuserUrl: cluster.superuserUrl('rehabreg_bench'), serverVersion, schema, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
