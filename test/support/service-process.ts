/**
 * The service as a child process, as an operator runs it (`node dist/src/main.js`), for fault tests
 * that kill it or its database. Built once from the sources if dist/ is stale.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { assertMatchesContract } from './openapi-contract';

const ROOT = path.join(__dirname, '..', '..');
export const SERVICE_ADMIN = { email: 'fault.admin@test.rehabreg.no', password: 'fault tests need a long password' };

export function buildService(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-if-changed.js')], { cwd: ROOT, stdio: 'ignore' });
}

/** A data directory the embedded PostgreSQL's OS user can reach (under the world-traversable tmp). */
export function newDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-fault-'));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export interface ServiceProcess {
  baseUrl: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** SIGINT, as Ctrl-C: finishes requests, stops its database. */
  stop(): Promise<void>;
}

/** Starts the built service with its own settings only (none of the test run's database variables). */
export async function startService(dataDir: string, env: Record<string, string> = {}, port?: number): Promise<ServiceProcess> {
  const listenPort = port ?? (await freePort());
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(DATABASE_|TEST_|NODE_OPTIONS$|JEST_|DEMO_DATA$|LOG_LEVEL$)/.test(name)),
  );
  const child = spawn(process.execPath, ['--max-semi-space-size=8', path.join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...inherited,
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      PORT: String(listenPort),
      HOST: '127.0.0.1',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      AUDIT_SEAL_INTERVAL_MS: '200',
      BOOTSTRAP_ADMIN_EMAIL: SERVICE_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: SERVICE_ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${listenPort}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited during start-up:\n${output}`);
    const ready = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
    if (ready?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`the service was not ready within 120 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    dataDir,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

/** The pid of the embedded PostgreSQL's postmaster under a service's DATA_DIR. */
export function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** One HTTP call with its status, problem type, Retry-After and how long it took. */
export async function timedCall(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; ms: number; type?: string; retryAfter: string | null; body: unknown }> {
  const started = Date.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  const headers = Object.fromEntries(res.headers.entries());
  assertMatchesContract({ method: init.method ?? 'GET', url, status: res.status, headers, body, hasBody: text.length > 0 });
  return {
    status: res.status,
    ms: Date.now() - started,
    type: (body as { type?: string })?.type,
    retryAfter: res.headers.get('retry-after'),
    body,
  };
}

/** An administrator's token, an institution and its API key, through the running service's API. */
export async function setUpInstitution(baseUrl: string): Promise<{ adminToken: string; institutionId: string; apiKey: string }> {
  const json = async (res: Response) => {
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };
  const { accessToken } = await json(
    await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(SERVICE_ADMIN),
    }),
  );
  const auth = { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' };
  const institution = await json(
    await fetch(`${baseUrl}/api/v1/admin/institutions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Fault HF', orgNumber: '974633574', kind: 'health_trust', region: 'helse-nord' }),
    }),
  );
  const key = await json(
    await fetch(`${baseUrl}/api/v1/admin/institutions/${institution.id}/api-keys`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'EPJ' }),
    }),
  );
  return { adminToken: accessToken, institutionId: institution.id, apiKey: key.key };
}
