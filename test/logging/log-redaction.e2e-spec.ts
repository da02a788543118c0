import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEpisode, createAdmin, createInstitutionWorld, episodeBody, newNationalId, TEST_PASSWORD } from '../support/fixtures';
import { createTestApp } from '../support/test-app';

describe('logs', () => {
  it('are JSON lines with a request id, and never hold identity numbers, tokens, keys or passwords', async () => {
    const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-logs-')), 'app.log');
    const t = await createTestApp({ LOG_LEVEL: 'trace', LOG_FILE: logFile });
    const nationalId = newNationalId(1958);
    const badNumber = '31129912345';
    let secrets: string[] = [];
    try {
      const admin = await createAdmin(t);
      const world = await createInstitutionWorld(t, admin);
      const episode = await createEpisode(t, world.apiKey.headers, { patient: { nationalId } });
      await t.http().get(`/api/v1/episodes/${episode.id}?token=${world.apiKey.key}`).set(world.staff.headers);
      await t
        .http()
        .post('/api/v1/episodes')
        .set(world.apiKey.headers)
        .send(episodeBody({ patient: { nationalId: badNumber } }))
        .expect(400);
      await t.http().post('/api/v1/withdrawals').set(world.staff.headers).send({ nationalId }).expect(200);
      await t.http().get('/forms/some-secret-invitation-token-value');
      // a search by the patient's number is refused (400), and its URL is logged without it
      await t
        .http()
        .get(`/fhir/EpisodeOfCare?identifier=urn:oid:2.16.578.1.12.4.1.4.1%7C${nationalId}`)
        .set(world.apiKey.headers)
        .expect(400);
      await t.http().get('/health/ready').expect(200);
      secrets = [
        nationalId,
        badNumber,
        world.apiKey.key,
        world.staff.token,
        admin.token,
        TEST_PASSWORD,
        'some-secret-invitation-token-value',
      ];
    } finally {
      await t.close();
    }
    const text = fs.readFileSync(logFile, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(9);
    for (const secret of secrets) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    const requestLines = lines.map((line) => JSON.parse(line)).filter((entry) => entry.req);
    expect(requestLines.length).toBeGreaterThan(5);
    expect(requestLines.every((entry) => typeof entry.req.id === 'string' && entry.req.id.length > 0)).toBe(true);
    expect(text).toContain('[redacted]');
    expect(requestLines.map((entry) => entry.req.url)).toEqual(expect.arrayContaining(['/health/ready', '/forms/[redacted]']));
  });
});
