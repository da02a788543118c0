import { randomUUID } from 'node:crypto';
import { asOwner } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, episodeBody, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

// SECURITY.md rule 6: register writes are rate-limited, per caller, across all write routes.
describe('the rate limit on register writes', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '3' });
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
    b = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  it('counts every write route against one budget per API key, refuses the next write with 429 and stores nothing of it', async () => {
    const episode = await t.http().post('/api/v1/episodes').set(a.apiKey.headers).send(episodeBody()).expect(201);
    await t.http().patch(`/api/v1/episodes/${episode.body.id}`).set(a.apiKey.headers).send({ dischargeDate: '2026-03-20' }).expect(200);
    await t
      .http()
      .post('/api/v1/submissions')
      .set(a.apiKey.headers)
      .set('Idempotency-Key', randomUUID())
      .send({ episodes: [episodeBody()] })
      .expect(201);

    const refused = episodeBody();
    const res = await t
      .http()
      .post('/api/v1/submissions')
      .set(a.apiKey.headers)
      .set('Idempotency-Key', randomUUID())
      .send({ episodes: [refused] })
      .expect(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body).toMatchObject({ status: 429, detail: expect.stringMatching(/wait a minute/) });
    const stored = await asOwner((c) => c.query(`SELECT 1 FROM episodes WHERE external_id = $1`, [refused.externalId]));
    expect(stored.rowCount).toBe(0);

    // Reading is not a write; another institution's key has its own budget; so has the same
    // institution's staff user, who is another caller.
    await t.http().get('/api/v1/episodes').set(a.apiKey.headers).expect(200);
    await t.http().post('/api/v1/episodes').set(b.apiKey.headers).send(episodeBody()).expect(201);
    await t.http().post('/api/v1/episodes').set(a.staff.headers).send(episodeBody()).expect(201);
  });

  it('holds across instances of the service: they count in the same place', async () => {
    const other = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const world = await createInstitutionWorld(t, admin);
      const write = (app: TestApp) => app.http().post('/api/v1/episodes').set(world.apiKey.headers).send(episodeBody());
      await write(t).expect(201);
      await write(other).expect(201);
      await write(t).expect(201);
      await write(other).expect(429);
      await write(t).expect(429);
    } finally {
      await other.close();
    }
  });
});
