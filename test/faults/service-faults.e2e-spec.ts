/**
 * Faults with real processes: the service as a child process (as `npm start` runs it), its
 * embedded PostgreSQL killed or frozen, an external PostgreSQL stopped and started under it, the
 * service itself killed mid-stream. While the database is away every request answers 503 with
 * Retry-After, quickly; afterwards the service serves again by itself and nothing acknowledged is lost.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, provisionDatabase, startEmbeddedPostgres, type EmbeddedCluster } from '../../src/database/embedded-postgres';
import { submissionEpisode } from '../indicators/indicator-data';
import {
  buildService,
  newDataDir,
  postmasterPid,
  ServiceProcess,
  setUpInstitution,
  startService,
  timedCall,
} from '../support/service-process';

jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A batch of `size` episodes with their responses, and the key it is always sent with. */
function batch(size: number): { key: string; body: string } {
  const episodes = Array.from({ length: size }, () =>
    submissionEpisode({ admission: '2026-05-04', los: 12, eq5d: ['33333', '21111'], vas: [40, 70], barthel: [45, 85] }),
  );
  return { key: randomUUID(), body: JSON.stringify({ episodes }) };
}

function submitter(baseUrl: string, apiKey: string) {
  return (b: { key: string; body: string }) =>
    timedCall(`${baseUrl}/api/v1/submissions`, {
      method: 'POST',
      headers: { 'X-Api-Key': apiKey, 'Idempotency-Key': b.key, 'Content-Type': 'application/json' },
      body: b.body,
    });
}

async function episodeCount(baseUrl: string, apiKey: string): Promise<number> {
  const res = await timedCall(`${baseUrl}/api/v1/episodes?limit=1`, { headers: { 'X-Api-Key': apiKey } });
  expect(res.status).toBe(200);
  return (res.body as { count: number }).count;
}

/**
 * Calls a read route until it answers 200 three times in a row (a backend of a killed server may
 * still answer once before it notices), checking every other answer meanwhile: 503 problem+json
 * with Retry-After, within `limitMs`.
 */
async function untilServing(baseUrl: string, apiKey: string, limitMs: number, withinS: number): Promise<{ unavailable: number }> {
  const deadline = Date.now() + withinS * 1000;
  let unavailable = 0;
  let inARow = 0;
  for (;;) {
    const res = await timedCall(`${baseUrl}/api/v1/episodes?limit=1`, { headers: { 'X-Api-Key': apiKey } });
    if (res.status === 200) {
      inARow += 1;
      if (inARow === 3) return { unavailable };
      continue;
    }
    inARow = 0;
    expect({ status: res.status, retryAfter: res.retryAfter !== null, fast: res.ms <= limitMs }).toEqual({
      status: 503,
      retryAfter: true,
      fast: true,
    });
    unavailable += 1;
    if (Date.now() > deadline) throw new Error(`not serving again within ${withinS} s`);
    await sleep(250);
  }
}

/** Waits until the service has restarted its embedded PostgreSQL `times` times (its metrics say so). */
async function untilRestarted(baseUrl: string, times: number): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    if (Number(/^db_embedded_restarts_total (\d+)$/m.exec(metrics)?.[1]) >= times) return;
  }
  throw new Error('the embedded PostgreSQL was not restarted within 60 s');
}

describe('the service under faults', () => {
  const services: ServiceProcess[] = [];
  const clusters: EmbeddedCluster[] = [];
  const dataDirs: string[] = [];
  const dataDir = () => {
    const dir = newDataDir();
    dataDirs.push(dir);
    return dir;
  };

  beforeAll(() => buildService());
  afterAll(async () => {
    for (const service of services) {
      if (service.child.exitCode === null && service.child.signalCode === null) await service.stop();
    }
    for (const cluster of clusters) await cluster.stop().catch(() => undefined);
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('embedded database killed, then frozen: 503 with Retry-After meanwhile, then serving again with nothing acknowledged lost', async () => {
    const service = await startService(dataDir(), {
      REQUEST_TIMEOUT_MS: '3000',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
    });
    services.push(service);
    const { apiKey } = await setUpInstitution(service.baseUrl);
    const submit = submitter(service.baseUrl, apiKey);
    const first = batch(20);
    const acknowledged = await submit(first);
    expect(acknowledged.status).toBe(201);

    // kill -9 the postmaster: the service restarts it (crash recovery)
    process.kill(postmasterPid(service.dataDir), 'SIGKILL');
    const killed = await timedCall(`${service.baseUrl}/api/v1/episodes?limit=1`, { headers: { 'X-Api-Key': apiKey } });
    expect(killed.status === 200 || (killed.status === 503 && killed.retryAfter === '3' && killed.ms <= 5000)).toBe(true);
    await untilRestarted(service.baseUrl, 1);
    await untilServing(service.baseUrl, apiKey, 5000, 30);
    expect(await episodeCount(service.baseUrl, apiKey)).toBe(20);
    const replay = await submit(first);
    expect([replay.status, replay.body]).toEqual([201, acknowledged.body]);
    expect((await submit(batch(10))).status).toBe(201);
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^db_embedded_restarts_total 1$/m);
    expect(service.output()).toContain('restarting it (crash recovery)');

    // freeze every PostgreSQL process for 10 s: answers within the request timeout, then normal service
    // PostgreSQL's children each start a session of their own: stop the postmaster and every child
    const postmaster = postmasterPid(service.dataDir);
    const processes = [
      postmaster,
      ...execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map(Number),
    ];
    for (const pid of processes) process.kill(pid, 'SIGSTOP');
    const frozenUntil = Date.now() + 10_000;
    const answers: { status: number; ms: number; retryAfter: string | null }[] = [];
    try {
      while (Date.now() < frozenUntil)
        answers.push(await timedCall(`${service.baseUrl}/api/v1/episodes?limit=1`, { headers: { 'X-Api-Key': apiKey } }));
    } finally {
      for (const pid of processes) process.kill(pid, 'SIGCONT');
    }
    expect(answers.length).toBeGreaterThanOrEqual(2);
    for (const answer of answers)
      expect({ status: answer.status, fast: answer.ms <= 4000, retryAfter: answer.retryAfter }).toEqual({
        status: 503,
        fast: true,
        retryAfter: '3',
      });
    await untilServing(service.baseUrl, apiKey, 4000, 10);
    expect(await episodeCount(service.baseUrl, apiKey)).toBe(30);
    const ready = await timedCall(`${service.baseUrl}/health/ready`);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: { ok: true } } });
  });

  it('embedded database that cannot be started again: the service says why and exits non-zero, so its supervisor restarts it', async () => {
    const service = await startService(dataDir());
    services.push(service);
    const pgDir = path.join(service.dataDir, 'postgres');
    fs.chmodSync(pgDir, 0o000); // PostgreSQL (the OS user postgres) can no longer read its data directory
    try {
      const exited = new Promise<number | null>((resolve) => service.child.once('exit', (code) => resolve(code)));
      process.kill(postmasterPid(service.dataDir), 'SIGKILL');
      const code = await Promise.race([exited, sleep(60_000).then(() => 'still running')]);
      expect(code).toBe(1);
      expect(service.output()).toMatch(/could not be restarted 6 times/);
      expect(service.output()).toContain('so that its supervisor can start it again');
    } finally {
      fs.chmodSync(pgDir, 0o700);
    }
  });

  it('external database stopped and started under the running service: 503 while down, serving again within 10 s', async () => {
    const pgDir = dataDir();
    const port = await freePort();
    let cluster = await startEmbeddedPostgres(pgDir, 'own', undefined, port);
    clusters.push(cluster);
    const urls = await provisionDatabase(cluster, pgDir, 'rehabreg');
    const service = await startService(dataDir(), {
      DATABASE_URL: urls.appUrl,
      DATABASE_OWNER_URL: urls.ownerUrl,
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
    });
    services.push(service);
    const { apiKey } = await setUpInstitution(service.baseUrl);
    expect((await submitter(service.baseUrl, apiKey)(batch(5))).status).toBe(201);

    await cluster.stop();
    const down = await timedCall(`${service.baseUrl}/api/v1/episodes?limit=1`, { headers: { 'X-Api-Key': apiKey } });
    expect({ status: down.status, type: down.type, retryAfter: down.retryAfter, fast: down.ms <= 5000 }).toEqual({
      status: 503,
      type: 'urn:rehabreg:problem:database-unavailable',
      retryAfter: '3',
      fast: true,
    });
    const ready = await timedCall(`${service.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', checks: { database: { ok: false } } });
    await timedCall(`${service.baseUrl}/health/live`).then((live) => expect(live.status).toBe(200));

    cluster = await startEmbeddedPostgres(pgDir, 'own', undefined, port);
    clusters.push(cluster);
    const back = Date.now();
    await untilServing(service.baseUrl, apiKey, 5000, 10);
    expect(Date.now() - back).toBeLessThan(10_000);
    expect(await episodeCount(service.baseUrl, apiKey)).toBe(5);
  });

  it('service killed (-9) mid-stream: after a restart, re-sending the unacknowledged batches applies every batch exactly once', async () => {
    const dir = dataDir();
    let service = await startService(dir);
    services.push(service);
    const { apiKey } = await setUpInstitution(service.baseUrl);
    const batches = Array.from({ length: 24 }, () => batch(25));
    const answers = new Map<string, { status: number; body: unknown }>();

    // two clients stream the batches; the service is killed once ten are acknowledged
    let next = 0;
    const client = async () => {
      while (next < batches.length) {
        const b = batches[next++];
        const answer = await submitter(service.baseUrl, apiKey)(b).catch(() => undefined);
        if (answer?.status === 201) answers.set(b.key, answer);
        if (answers.size === 10 && service.child.exitCode === null) service.child.kill('SIGKILL');
        if (!answer) return;
      }
    };
    await Promise.all([client(), client()]);
    expect(answers.size).toBeGreaterThanOrEqual(10);
    expect(answers.size).toBeLessThan(batches.length);

    service = await startService(dir);
    services.push(service);
    const submit = submitter(service.baseUrl, apiKey);
    for (const b of batches) {
      const again = await submit(b);
      expect(again.status).toBe(201);
      const earlier = answers.get(b.key);
      if (earlier) expect(again.body).toEqual(earlier.body);
    }
    expect(await episodeCount(service.baseUrl, apiKey)).toBe(24 * 25);
    const episodes = (await timedCall(`${service.baseUrl}/api/v1/episodes?limit=500`, { headers: { 'X-Api-Key': apiKey } })).body as {
      items: { id: string }[];
    };
    const one = await timedCall(`${service.baseUrl}/api/v1/episodes/${episodes.items[0].id}`, { headers: { 'X-Api-Key': apiKey } });
    expect((one.body as { responses: unknown[] }).responses).toHaveLength(4);
    expect(fs.existsSync(path.join(dir, 'postgres', 'postmaster.pid'))).toBe(true);
  });
});
