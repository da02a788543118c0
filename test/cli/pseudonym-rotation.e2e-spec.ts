import { runCli } from '../../src/cli/main';
import { createScratchDatabase, withClient } from '../support/database';
import { createAdmin, createInstitutionWorld, episodeBody, newNationalId } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const KEY_1 = Buffer.alloc(32, 1).toString('base64');
const KEY_2 = Buffer.alloc(32, 2).toString('base64');

function appOn(scratch: { appUrl: string; ownerUrl: string }, keys: string): Promise<TestApp> {
  return createTestApp({
    DATABASE_URL: scratch.appUrl,
    DATABASE_OWNER_URL: scratch.ownerUrl,
    PSEUDONYM_KEY: keys,
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
  });
}

describe('pseudonym key rotation (npm run -s cli -- pseudonym:rotate)', () => {
  it('re-keys stored pseudonyms so a patient registered after the rotation still matches', async () => {
    const scratch = await createScratchDatabase();
    const saved = { ...process.env };
    try {
      const nationalId = newNationalId(1944);
      const before = await appOn(scratch, KEY_1);
      const admin = await createAdmin(before);
      const world = await createInstitutionWorld(before, admin);
      await before
        .http()
        .post('/api/v1/episodes')
        .set(world.apiKey.headers)
        .send(episodeBody({ patient: { nationalId } }))
        .expect(201);
      await before.close();
      // an extract that included the patient and an access report waiting for its build: both looked up by pseudonym
      await withClient(scratch.ownerUrl, async (c) => {
        const { rows } = await c.query(
          `INSERT INTO extract_requests (researcher_id, title, purpose, ethics_reference, variables, period_from, period_to, status)
           VALUES ($1, 'Rotation', 'Rotation', 'REK 1', '{patient}', '2026-01-01', '2026-12-31', 'ready') RETURNING id`,
          [admin.id],
        );
        await c.query(
          `INSERT INTO extract_builds (request_id, build, built_at, row_count, patient_count, withdrawn_patients_left_out) VALUES ($1, 1, now(), 1, 1, 0)`,
          [rows[0].id],
        );
        await c.query(
          `INSERT INTO extract_inclusions (request_id, build, institution_id, pseudonym, episodes) SELECT $1, 1, institution_id, pseudonym, 1 FROM episodes`,
          [rows[0].id],
        );
        await c.query(
          `INSERT INTO access_reports (requested_by, reason, language, pseudonym) SELECT $1, 'Rotation test', 'nb', pseudonym FROM episodes`,
          [admin.id],
        );
      });

      Object.assign(process.env, {
        DATABASE_URL: scratch.appUrl,
        DATABASE_OWNER_URL: scratch.ownerUrl,
        PSEUDONYM_KEY: `${KEY_1},${KEY_2}`,
      });
      let out = '';
      expect(await runCli(['pseudonym:rotate'], { stdout: (s) => (out += s), stderr: (s) => (out += s) })).toBe(0);
      expect(JSON.parse(out)).toMatchObject({
        fromVersion: 1,
        toVersion: 2,
        episodesRekeyed: 1,
        extractInclusionsRekeyed: 1,
        accessReportsRekeyed: 1,
      });
      const linked = await withClient(scratch.ownerUrl, (c) =>
        c.query(
          `SELECT (SELECT count(*)::int FROM extract_inclusions i JOIN episodes e USING (pseudonym)) AS inclusions,
                  (SELECT count(*)::int FROM access_reports a JOIN episodes e USING (pseudonym)) AS reports`,
        ),
      );
      expect(linked.rows).toEqual([{ inclusions: 1, reports: 1 }]);
      out = '';
      await runCli(['pseudonym:rotate'], { stdout: (s) => (out += s), stderr: (s) => (out += s) });
      expect(JSON.parse(out)).toMatchObject({ episodesRekeyed: 0 });

      const after = await appOn(scratch, `${KEY_1},${KEY_2}`);
      const again = await createAdmin(after);
      // The same person at a new episode: with the layered chain, the withdrawal finds both episodes.
      const second = await after
        .http()
        .post('/api/v1/episodes')
        .set(world.apiKey.headers)
        .send(episodeBody({ patient: { nationalId } }))
        .expect(201);
      expect(second.body.id).toBeDefined();
      const withdrawal = await after.http().post('/api/v1/withdrawals').set(again.headers).send({ nationalId }).expect(200);
      expect(withdrawal.body).toEqual({ withdrawnEpisodes: 2, erasureDueAt: expect.any(String) });
      await after.close();

      const versions = await withClient(scratch.ownerUrl, (c) => c.query(`SELECT DISTINCT pseudonym_version FROM episodes`));
      expect(versions.rows).toEqual([{ pseudonym_version: 2 }]);
    } finally {
      process.env = saved;
      await scratch.drop();
    }
  });
});
