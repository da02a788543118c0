/**
 * A research extract's build while its service is stopped (SIGINT, as Ctrl-C or a deployment's
 * SIGTERM): the build is ended at once, not waited for (its threads and statements stopped, its
 * transaction rolled back), the request stays `building` with no file on disk and no inclusion
 * list, the service exits promptly, and the next instance builds it completely.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withClient } from '../support/database';
import { EXTRACT_VARIABLES } from '../../src/extracts/extract-variables';
import { withKillRig } from '../support/killed-build';

jest.setTimeout(600_000);

interface RequestStatus {
  status: string;
  rowCount: number | null;
  files: { name: string; rows: number | null }[];
}

it('ends a build when the service stops, leaves nothing of it, and the next instance builds it', async () => {
  await withKillRig({ episodes: 30_000, seed: 4343, year: 2024, institutions: 4 }, async (rig) => {
    const first = await rig.start();
    const admin = await rig.adminToken(first);
    const researcher = { email: 'stop.researcher@test.rehabreg.no', password: 'a researcher passphrase' };
    expect((await first.call('POST', '/api/v1/admin/users', admin, { ...researcher, role: 'researcher' })).status).toBe(201);
    const token = await first.login(researcher.email, researcher.password);
    const applied = await first.call('POST', '/api/v1/extract-requests', token, {
      title: 'Stopped',
      purpose: 'A build while the service stops',
      legalBasis: 'GDPR art. 6(1)(e) and 9(2)(j)',
      ethicsReference: 'REK 2026/2',
      // every variable: a build long enough to be stopped while it writes its files
      variables: EXTRACT_VARIABLES.map((v) => v.name),
      periodFrom: '2024-01-01',
      periodTo: '2024-12-31',
    });
    const id = (applied.body as { id: string }).id;
    expect((await first.call('POST', `/api/v1/admin/extract-requests/${id}/approve`, admin, { note: 'Approved' })).status).toBe(200);

    // stopped while a file is being written (its draft on disk)
    const folder = path.join(rig.extractDir, id);
    for (let i = 0; !(fs.existsSync(folder) && fs.readdirSync(folder).some((f) => f.endsWith('.partial'))); i += 1) {
      if (i > 1200) throw new Error('the build did not start writing');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const stoppedAt = Date.now();
    await first.process.stop();
    const stopSeconds = (Date.now() - stoppedAt) / 1000;
    process.stdout.write(`service stopped ${stopSeconds.toFixed(1)} s after SIGINT during a build\n`);
    expect(first.process.child.exitCode).toBe(0);
    // not held until the build would have ended, nor by the job queue's 10-second grace
    expect(stopSeconds).toBeLessThan(8);
    expect(first.process.output()).not.toContain('extract build failed');

    // consistent: still to be built, nothing of the stopped build kept
    const state = await withClient(rig.scratch.ownerUrl, async (c) => ({
      status: (await c.query<{ status: string }>(`SELECT status FROM extract_requests WHERE id = $1`, [id])).rows[0].status,
      inclusions: (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM extract_inclusions WHERE request_id = $1`, [id])).rows[0].n,
      builds: (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM extract_builds WHERE request_id = $1`, [id])).rows[0].n,
      files: (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM extract_files WHERE request_id = $1`, [id])).rows[0].n,
      job: (
        await c.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = 'extract-build' AND data ->> 'requestId' = $1`, [id])
      ).rows.map((r) => r.state),
    }));
    expect(state).toEqual({ status: 'building', inclusions: 0, builds: 0, files: 0, job: ['retry'] });
    expect(fs.existsSync(folder) ? fs.readdirSync(folder) : []).toEqual([]);

    // the next instance retries it and offers complete files only
    const second = await rig.start();
    let ready: RequestStatus | undefined;
    for (const started = Date.now(); !ready && Date.now() - started < 180_000;) {
      const now = (await second.call('GET', `/api/v1/extract-requests/${id}`, token)).body as RequestStatus;
      if (now.status === 'ready') ready = now;
      else {
        expect(now).toMatchObject({ status: 'building', files: [] });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    if (!ready) throw new Error('the stopped build was not ready within three minutes');
    const [{ episodes }] = (
      await withClient(rig.scratch.ownerUrl, (c) =>
        c.query<{ episodes: number }>(
          `SELECT count(*)::int AS episodes FROM episodes WHERE admission_date BETWEEN '2024-01-01' AND '2024-12-31' AND withdrawn_at IS NULL`,
        ),
      )
    ).rows;
    expect(ready.rowCount).toBe(episodes);
    expect(
      ready.files
        .filter((f) => f.rows !== null && f.name.startsWith('extract.'))
        .map((f) => [f.name, f.rows])
        .sort(),
    ).toEqual([
      ['extract.csv', episodes],
      ['extract.parquet', episodes],
    ]);
    const csv = await second.download(`/api/v1/extract-requests/${id}/files/extract.csv`, token);
    expect(
      csv
        .toString('utf8')
        .split('\r\n')
        .filter((line) => line.length > 0),
    ).toHaveLength(episodes + 1);
  });
});
