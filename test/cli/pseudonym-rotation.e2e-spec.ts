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

      Object.assign(process.env, {
        DATABASE_URL: scratch.appUrl,
        DATABASE_OWNER_URL: scratch.ownerUrl,
        PSEUDONYM_KEY: `${KEY_1},${KEY_2}`,
      });
      let out = '';
      expect(await runCli(['pseudonym:rotate'], { stdout: (s) => (out += s), stderr: (s) => (out += s) })).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ fromVersion: 1, toVersion: 2, episodesRekeyed: 1 });
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
