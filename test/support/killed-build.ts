/**
 * What every "build killed with kill -9" test of the export engine needs: a synthetic register on a
 * database of its own, the service as child processes sharing one EXTRACT_DIR (as a deployment's
 * instances do), and the kill itself: SIGKILL to the only worker while its build runs, a second
 * instance started, and the build followed until it is ready, never offering a file before.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { generateSyntheticRegister } from '../../src/demo/synthetic-register';
import { createScratchDatabase, withClient } from './database';
import { SERVICE_ADMIN, ServiceProcess, buildService, newDataDir, startService, timedCall } from './service-process';

/** A running instance and its API, as a signed-in user meets it. */
export interface ServiceApi {
  process: ServiceProcess;
  call(method: string, route: string, token: string, body?: unknown): ReturnType<typeof timedCall>;
  login(email: string, password: string): Promise<string>;
  /** The bytes of a download (the route answering 200). */
  download(route: string, token: string): Promise<Buffer>;
}

export interface KillRig {
  scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  extractDir: string;
  /** Starts another instance on the rig's database and EXTRACT_DIR. */
  start(): Promise<ServiceApi>;
  /** The bootstrap administrator's token on `service`. */
  adminToken(service: ServiceApi): Promise<string>;
}

/** Runs `test` against a generated register of `episodes` episodes; stops every instance and drops the database after. */
export async function withKillRig(
  register: { episodes: number; institutions: number; seed: number; year: number },
  test: (rig: KillRig) => Promise<void>,
): Promise<void> {
  buildService();
  const scratch = await createScratchDatabase();
  const extractDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-kill-rig-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
  const env = { DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl, EXTRACT_DIR: extractDir };
  const services: ServiceProcess[] = [];
  try {
    await generateSyntheticRegister(scratch.ownerUrl, config, register);
    await test({
      scratch,
      extractDir,
      start: async () => {
        const service = await startService(newDataDir(), env);
        services.push(service);
        return serviceApi(service);
      },
      adminToken: (service) => service.login(SERVICE_ADMIN.email, SERVICE_ADMIN.password),
    });
  } finally {
    for (const service of services) await service.stop();
    await scratch.drop();
    fs.rmSync(extractDir, { recursive: true, force: true });
  }
}

function serviceApi(service: ServiceProcess): ServiceApi {
  const call = (method: string, route: string, token: string, body?: unknown) =>
    timedCall(`${service.baseUrl}${route}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    process: service,
    call,
    login: async (email, password) => {
      const res = await timedCall(`${service.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200) throw new Error(`login of ${email}: ${res.status}`);
      return (res.body as { accessToken: string }).accessToken;
    },
    download: async (route, token) => {
      const res = await fetch(`${service.baseUrl}${route}`, { headers: { Authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`download of ${route}: ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    },
  };
}

/** A build as its status route shows it: both kinds of export answer with these fields. */
export interface BuildStatus {
  status: string;
  files: { name: string; bytes: number; rows: number | null; sha256: string }[];
}

export interface KilledBuild {
  /** The job's queue, and the field of its data naming the build (pg-boss's job table is read to see the retry). */
  queue: string;
  jobKey: [field: string, value: string];
  /** The route answering BuildStatus, and a token that may read it and download the files. */
  statusRoute: string;
  token: string;
}

export interface Recovery {
  ready: BuildStatus;
  /** Seconds from the kill until the retry started, and until the build was ready. */
  retriedAfter: number;
  readyAfter: number;
  /** The files left in the build's folder on disk. */
  onDisk: string[];
  /** The instance that finished the build. */
  service: ServiceApi;
}

/**
 * Kills `first` (the only worker) with SIGKILL while the build runs, starts a second instance,
 * and follows the build there until it is ready: until then it stays `building` with no files.
 * Checks that pg-boss retried the job and that every file listed is on disk with its checksum.
 */
export async function killMidBuild(rig: KillRig, first: ServiceApi, build: KilledBuild): Promise<Recovery> {
  const statusOn = async (service: ServiceApi) => (await service.call('GET', build.statusRoute, build.token)).body as BuildStatus;
  for (let i = 0; (await statusOn(first)).status !== 'building'; i += 1) {
    if (i > 600) throw new Error('the build did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  first.process.child.kill('SIGKILL');
  const killedAt = Date.now();
  await new Promise((resolve) => first.process.child.once('exit', resolve));

  const second = await rig.start();
  let ready: BuildStatus | undefined;
  while (!ready && Date.now() - killedAt < 180_000) {
    const now = await statusOn(second);
    if (now.status === 'ready') ready = now;
    else {
      // never a file of the killed build, nor of the retry before it is complete
      expect(now).toMatchObject({ status: 'building', files: [] });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  if (!ready) throw new Error('the killed build was not ready within three minutes');
  const readyAfter = (Date.now() - killedAt) / 1000;

  const [field, value] = build.jobKey;
  const job = await withClient(rig.scratch.ownerUrl, (c) =>
    c.query<{ retry_count: number; started_on: Date }>(
      `SELECT retry_count, started_on FROM pgboss.job WHERE name = $1 AND data ->> $2 = $3`,
      [build.queue, field, value],
    ),
  );
  expect(job.rows).toHaveLength(1);
  expect(job.rows[0].retry_count).toBeGreaterThanOrEqual(1);
  const retriedAfter = (new Date(job.rows[0].started_on).getTime() - killedAt) / 1000;

  for (const file of ready.files) {
    const bytes = await second.download(`${build.statusRoute}/files/${file.name}`, build.token);
    expect({ name: file.name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({
      name: file.name,
      bytes: file.bytes,
      sha256: file.sha256,
    });
  }
  const onDisk = fs.readdirSync(path.join(rig.extractDir, value)).sort();
  return { ready, retriedAfter, readyAfter, onDisk, service: second };
}
