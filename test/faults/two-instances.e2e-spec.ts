/**
 * Two instances of the service on one database, as behind a load balancer: batches written through
 * both, some retried on the other instance with the same Idempotency-Key, both sealing the audit
 * log. No batch is lost or applied twice, and the audit log is one intact chain.
 */
import { randomUUID } from 'node:crypto';
import { AuditSealer } from '../../src/audit/audit-sealer';
import { AuditVerifier } from '../../src/audit/audit-verifier';
import { submissionEpisode } from '../indicators/indicator-data';
import { createScratchDatabase, withClient } from '../support/database';
import { createAdmin, createInstitutionWorld } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

describe('two instances on one database', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const settings = { DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl, AUDIT_SEAL_INTERVAL_MS: '20' };
    [one, two] = [await createTestApp(settings), await createTestApp(settings)];
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await scratch.drop();
  });

  it('applies every batch once, whichever instance gets it or its retry, and keeps one audit chain', async () => {
    const world = await createInstitutionWorld(one, await createAdmin(one));
    const batches = Array.from({ length: 16 }, () => ({
      key: randomUUID(),
      episodes: Array.from({ length: 10 }, () => submissionEpisode({ admission: '2026-06-01', los: 9, barthel: [40, 70] })),
    }));
    const send = (app: TestApp, b: (typeof batches)[number]) =>
      app.http().post('/api/v1/submissions').set(world.apiKey.headers).set('Idempotency-Key', b.key).send({ episodes: b.episodes });
    // every batch to one instance, and at the same moment its "retry" to the other
    const answers = await Promise.all(batches.flatMap((b, i) => [send(i % 2 ? one : two, b), send(i % 2 ? two : one, b)]));
    expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(201));
    for (let i = 0; i < batches.length; i += 1) expect(answers[2 * i + 1].body).toEqual(answers[2 * i].body);

    const counts = await withClient(scratch.ownerUrl, async (c) => ({
      episodes: (await c.query(`SELECT count(*)::int AS n FROM episodes`)).rows[0].n,
      responses: (await c.query(`SELECT count(*)::int AS n FROM responses`)).rows[0].n,
      keys: (await c.query(`SELECT count(*)::int AS n FROM idempotency_keys`)).rows[0].n,
    }));
    expect(counts).toEqual({ episodes: 160, responses: 320, keys: 16 });

    await one.app.get(AuditSealer).sealPending();
    await two.app.get(AuditSealer).sealPending();
    const verification = await two.app.get(AuditVerifier).verify();
    expect(verification).toMatchObject({ ok: true });
    const unsealed = await withClient(scratch.ownerUrl, (c) =>
      c.query(`SELECT count(*)::int AS n FROM audit_events WHERE chain_seq IS NULL`),
    );
    expect(unsealed.rows[0].n).toBe(0);
  });
});
