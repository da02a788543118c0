/**
 * A build whose process dies (kill -9) is retried by another instance within about a minute, from
 * the start, and no partial file is ever offered. Two services as child processes on a database of
 * their own, sharing one EXTRACT_DIR as a deployment's instances do.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { generateSyntheticRegister } from '../../src/demo/synthetic-register';
import { createScratchDatabase, withClient } from '../support/database';
import { SERVICE_ADMIN, ServiceProcess, buildService, newDataDir, startService, timedCall } from '../support/service-process';

jest.setTimeout(600_000);

const EPISODES = 30_000;

it('retries a build whose process was killed within a minute, and offers only complete files', async () => {
  buildService();
  const scratch = await createScratchDatabase();
  const extractDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-extract-retry-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
  await generateSyntheticRegister(scratch.ownerUrl, config, { episodes: EPISODES, seed: 4242, year: 2024, institutions: 4 });
  const env = { DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl, EXTRACT_DIR: extractDir };
  const services: ServiceProcess[] = [];
  try {
    const first = await startService(newDataDir(), env);
    services.push(first);
    const call = async (method: string, route: string, token: string, body?: unknown) =>
      timedCall(`${first.baseUrl}${route}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const login = async (email: string, password: string) =>
      (
        (
          await timedCall(`${first.baseUrl}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ email, password }),
          })
        ).body as { accessToken: string }
      ).accessToken;
    const admin = await login(SERVICE_ADMIN.email, SERVICE_ADMIN.password);
    const researcher = { email: 'retry.researcher@test.rehabreg.no', password: 'a researcher passphrase' };
    expect((await call('POST', '/api/v1/admin/users', admin, { ...researcher, role: 'researcher' })).status).toBe(201);
    const token = await login(researcher.email, researcher.password);
    const applied = await call('POST', '/api/v1/extract-requests', token, {
      title: 'Retry',
      purpose: 'A build killed midway',
      ethicsReference: 'REK 2026/1',
      variables: ['patient', 'episode', 'age_band', 'programme', 'admission_month', 'barthel_admission_total', 'eq5d_discharge_index'],
      periodFrom: '2024-01-01',
      periodTo: '2024-12-31',
    });
    const id = (applied.body as { id: string }).id;
    expect((await call('POST', `/api/v1/admin/extract-requests/${id}/approve`, admin, { note: 'Approved for the test' })).status).toBe(200);
    const statusOf = async (service: ServiceProcess) =>
      (await timedCall(`${service.baseUrl}/api/v1/extract-requests/${id}`, { headers: { Authorization: `Bearer ${token}` } })).body as {
        status: string;
        files: { name: string; sha256: string }[];
      };

    // kill -9 the only worker while it builds
    for (let i = 0; (await statusOf(first)).status !== 'building'; i += 1) {
      if (i > 600) throw new Error('the build did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startService(newDataDir(), env);
    services.push(second);
    expect((await statusOf(second)).status).toBe('building');
    expect((await statusOf(second)).files).toEqual([]);
    let ready: Awaited<ReturnType<typeof statusOf>> | undefined;
    while (Date.now() - killedAt < 180_000) {
      const now = await statusOf(second);
      if (now.status === 'ready') {
        ready = now;
        break;
      }
      expect(now.status).toBe('building');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(ready).toBeDefined();
    const seconds = (Date.now() - killedAt) / 1000;
    // the retry started within a minute of the kill (heartbeat 15 s, monitor every 15 s)
    const job = await withClient(scratch.ownerUrl, (c) =>
      c.query(`SELECT retry_count, started_on FROM pgboss.job WHERE name = 'extract-build' AND data ->> 'requestId' = $1`, [id]),
    );
    expect(job.rows).toHaveLength(1);
    expect(job.rows[0].retry_count).toBeGreaterThanOrEqual(1);
    const retriedAfter = (new Date(job.rows[0].started_on).getTime() - killedAt) / 1000;
    process.stdout.write(`extract build retried ${retriedAfter.toFixed(1)} s after kill -9, ready after ${seconds.toFixed(1)} s\n`);
    expect(retriedAfter).toBeLessThan(60);
    const names = fs.readdirSync(path.join(extractDir, id)).sort();
    expect(names).toEqual(['codebook.csv', 'extract.csv', 'extract.parquet', 'manifest.json']);
  } finally {
    for (const service of services) await service.stop();
    await scratch.drop();
  }
});
