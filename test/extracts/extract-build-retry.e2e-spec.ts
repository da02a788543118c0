/**
 * A research extract's build whose process dies (kill -9) is retried by another instance within
 * about a minute, from the start, and no partial file is ever offered (the rig: killed-build.ts).
 */
import { withClient } from '../support/database';
import { killMidBuild, withKillRig } from '../support/killed-build';

jest.setTimeout(600_000);

it('retries a build whose process was killed within a minute, and offers only complete files', async () => {
  await withKillRig({ episodes: 30_000, seed: 4242, year: 2024, institutions: 4 }, async (rig) => {
    const first = await rig.start();
    const admin = await rig.adminToken(first);
    const researcher = { email: 'retry.researcher@test.rehabreg.no', password: 'a researcher passphrase' };
    expect((await first.call('POST', '/api/v1/admin/users', admin, { ...researcher, role: 'researcher' })).status).toBe(201);
    const token = await first.login(researcher.email, researcher.password);
    const applied = await first.call('POST', '/api/v1/extract-requests', token, {
      title: 'Retry',
      purpose: 'A build killed midway',
      legalBasis: 'GDPR art. 6(1)(e) and 9(2)(j)',
      ethicsReference: 'REK 2026/1',
      variables: ['patient', 'episode', 'age_band', 'programme', 'admission_month', 'barthel_admission_total', 'eq5d_discharge_index'],
      periodFrom: '2024-01-01',
      periodTo: '2024-12-31',
    });
    const id = (applied.body as { id: string }).id;
    expect(
      (await first.call('POST', `/api/v1/admin/extract-requests/${id}/approve`, admin, { note: 'Approved for the test' })).status,
    ).toBe(200);

    const recovery = await killMidBuild(rig, first, {
      queue: 'extract-build',
      jobKey: ['requestId', id],
      statusRoute: `/api/v1/extract-requests/${id}`,
      token,
    });
    process.stdout.write(
      `extract build retried ${recovery.retriedAfter.toFixed(1)} s after kill -9, ready after ${recovery.readyAfter.toFixed(1)} s\n`,
    );
    // heartbeat 15 s, monitor every 15 s
    expect(recovery.retriedAfter).toBeLessThan(60);
    expect(recovery.onDisk).toEqual(['codebook.csv', 'extract.csv', 'extract.parquet', 'manifest.json']);
    expect(recovery.ready.files.map((f) => f.name).sort()).toEqual(recovery.onDisk);
    // complete: every row of the build in the file, as the manifest counts them
    const download = (name: string) => recovery.service.download(`/api/v1/extract-requests/${id}/files/${name}`, token);
    const manifest = JSON.parse((await download('manifest.json')).toString('utf8'));
    const lines = (await download('extract.csv'))
      .toString('utf8')
      .split('\r\n')
      .filter((line) => line.length > 0);
    const [{ episodes }] = (
      await withClient(rig.scratch.ownerUrl, (c) =>
        c.query(`SELECT count(*)::int AS episodes FROM episodes WHERE admission_date >= '2024-01-01' AND withdrawn_at IS NULL`),
      )
    ).rows;
    expect(manifest.rowCount).toBe(episodes);
    expect(lines.length - 1).toBe(manifest.rowCount);
    expect(recovery.ready.files.find((f) => f.name === 'extract.parquet')!.rows).toBe(manifest.rowCount);
  });
});
