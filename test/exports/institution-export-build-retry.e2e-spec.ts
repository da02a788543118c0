/**
 * An own-data export's build whose process dies (kill -9) is retried by another instance within
 * about a minute, from the start: the export becomes ready with complete files of its institution's
 * rows only, no partial file is ever offered, and no draft is left on disk (the rig: killed-build.ts).
 */
import { withClient } from '../support/database';
import { killMidBuild, withKillRig } from '../support/killed-build';

jest.setTimeout(600_000);

it('retries an own-data export whose process was killed within a minute, and offers only complete files', async () => {
  await withKillRig({ episodes: 30_000, seed: 4343, year: 2024, institutions: 2 }, async (rig) => {
    const owner = <T extends object>(sql: string, values: unknown[] = []) =>
      withClient(rig.scratch.ownerUrl, (c) => c.query<T & Record<string, unknown>>(sql, values)).then((r) => r.rows);
    const [exported, other] = await owner<{ id: string; episodes: number; responses: number }>(
      `SELECT e.institution_id AS id, count(*)::int AS episodes,
              (SELECT count(*)::int FROM responses r JOIN episodes x ON x.id = r.episode_id
                WHERE x.institution_id = e.institution_id AND x.withdrawn_at IS NULL AND x.admission_date >= '2024-01-01') AS responses
         FROM episodes e WHERE e.withdrawn_at IS NULL AND e.admission_date >= '2024-01-01' GROUP BY e.institution_id ORDER BY count(*) DESC`,
    );
    expect(other).toBeDefined();

    const first = await rig.start();
    const admin = await rig.adminToken(first);
    const manager = { email: 'retry.manager@test.rehabreg.no', password: 'a data manager passphrase' };
    const created = await first.call('POST', '/api/v1/admin/users', admin, { ...manager, role: 'staff', institutionIds: [exported.id] });
    expect(created.status).toBe(201);
    const userId = (created.body as { id: string }).id;
    expect((await first.call('PUT', `/api/v1/admin/users/${userId}/institutions/${exported.id}/data-manager`, admin)).status).toBe(200);
    const token = await first.login(manager.email, manager.password);
    // Parquet: the slower writer, in its worker thread, which the kill takes down with the process
    const asked = await first.call('POST', '/api/v1/exports', token, {
      periodFrom: '2024-01-01',
      periodTo: '2024-12-31',
      format: 'parquet',
    });
    expect(asked.status).toBe(201);
    const id = (asked.body as { id: string }).id;

    const recovery = await killMidBuild(rig, first, {
      queue: 'institution-export-build',
      jobKey: ['exportId', id],
      statusRoute: `/api/v1/exports/${id}`,
      token,
    });
    process.stdout.write(
      `own-data export retried ${recovery.retriedAfter.toFixed(1)} s after kill -9, ready after ${recovery.readyAfter.toFixed(1)} s\n`,
    );
    expect(recovery.retriedAfter).toBeLessThan(60);
    // no draft (.partial) of the killed attempt or the retry is left beside the files
    expect(recovery.onDisk).toEqual(['codebook.csv', 'episodes.parquet', 'manifest.json', 'responses.parquet']);
    expect(recovery.ready.files.map((f) => f.name).sort()).toEqual(recovery.onDisk);
    // complete, and the institution's rows only: every one of its episodes and response versions, none of the other's
    const rows = Object.fromEntries(recovery.ready.files.map((f) => [f.name, f.rows]));
    expect(rows['episodes.parquet']).toBe(exported.episodes);
    expect(rows['responses.parquet']).toBe(exported.responses);
    const manifest = JSON.parse((await recovery.service.download(`/api/v1/exports/${id}/files/manifest.json`, token)).toString('utf8'));
    expect(manifest).toMatchObject({
      episodeCount: exported.episodes,
      responseCount: exported.responses,
      export: { institutionId: exported.id },
    });
    // one job, retried, which pg-boss then completes: nothing left queued or running for the export
    const jobStates = () =>
      owner<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = 'institution-export-build' AND data ->> 'exportId' = $1`, [id]);
    for (let i = 0; (await jobStates())[0]?.state !== 'completed' && i < 50; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await jobStates()).map((j) => j.state)).toEqual(['completed']);
  });
});
