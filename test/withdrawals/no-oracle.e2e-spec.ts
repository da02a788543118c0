/**
 * No oracle on other institutions' patients: what an institution gets back from a registration
 * must not depend on what the register holds about the patient elsewhere (here: a withdrawal).
 * Refused attempts are audited; many refused national IDs pause the client's writes.
 */
import { randomUUID } from 'node:crypto';
import {
  Actor,
  createAdmin,
  createEpisode,
  createInstitutionWorld,
  episodeBody,
  InstitutionWorld,
  newNationalId,
} from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

/** What differs between any two answers (request ids, row ids), taken out so the rest can be compared. */
function comparable(body: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(body, (key, value) => (key === 'requestId' || key === 'id' ? '<varies>' : value)));
}

/** A valid synthetic number with its last control digit changed: 11 digits, refused. */
function invalidNationalId(): string {
  const valid = newNationalId(1960);
  return valid.slice(0, 10) + String((Number(valid[10]) + 1) % 10);
}

describe('no oracle on other institutions’ patients', () => {
  let t: TestApp;
  let admin: Actor;
  let treating: InstitutionWorld;
  let curious: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    [treating, curious] = [await createInstitutionWorld(t, admin), await createInstitutionWorld(t, admin)];
  });
  afterAll(() => t.close());

  const submit = (world: InstitutionWorld, episodes: Record<string, unknown>[]) =>
    t.http().post('/api/v1/submissions').set(world.apiKey.headers).set('Idempotency-Key', randomUUID()).send({ episodes });

  async function withdrawnElsewhere(): Promise<string> {
    const nationalId = newNationalId(1945);
    await createEpisode(t, treating.apiKey.headers, { patient: { nationalId } });
    await t.http().post('/api/v1/withdrawals').set(treating.staff.headers).send({ nationalId }).expect(200);
    return nationalId;
  }

  it('answers a refused batch the same for a patient withdrawn elsewhere and a never-seen one, and audits it', async () => {
    const withdrawn = await withdrawnElsewhere();
    const neverSeen = newNationalId(1945);
    const probe = episodeBody();
    const refused = episodeBody({ consent: { status: 'refused', date: '2026-03-02' } });
    const batch = (nationalId: string) => [{ ...probe, patient: { nationalId } }, refused];

    const first = await submit(curious, batch(withdrawn));
    const second = await submit(curious, batch(neverSeen));
    expect(first.status).toBe(422);
    expect(second.status).toBe(first.status);
    expect(comparable(second.body)).toEqual(comparable(first.body));
    expect(first.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/episodes/1/consent']);

    const events = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ action: 'episode.refused.registration-refused', institutionId: curious.id })
      .set(admin.headers)
      .expect(200);
    expect(events.body.items).toHaveLength(2);
    expect(events.body.items[0]).toMatchObject({ actorType: 'api_client', actorId: curious.apiKey.id, rowCount: 2 });
  });

  it('answers an accepted batch the same way too', async () => {
    const withdrawn = await withdrawnElsewhere();
    const neverSeen = newNationalId(1945);
    const [one, two] = [episodeBody(), episodeBody()];
    const first = await submit(curious, [{ ...one, patient: { nationalId: withdrawn } }]);
    const second = await submit(curious, [{ ...two, externalId: one.externalId, patient: { nationalId: neverSeen } }]);
    // the second re-sends the first's externalId with another patient: that is this institution's own conflict
    expect(second.status).toBe(409);
    const third = await submit(curious, [{ ...two, patient: { nationalId: neverSeen } }]);
    expect(first.status).toBe(201);
    expect(third.status).toBe(first.status);
    expect(comparable({ ...third.body, episodes: [{ ...third.body.episodes[0], externalId: 'x' }] })).toEqual(
      comparable({ ...first.body, episodes: [{ ...first.body.episodes[0], externalId: 'x' }] }),
    );
  });
});

describe('a client that sends many refused national IDs', () => {
  let t: TestApp;
  let admin: Actor;
  let world: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp({ REFUSED_ID_LIMIT_PER_MINUTE: '5' });
    admin = await createAdmin(t);
    world = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  it('is paused with 429 once over the limit, and flagged in the audit log', async () => {
    const probes = Array.from({ length: 6 }, () => episodeBody({ patient: { nationalId: invalidNationalId() } }));
    const refused = await t
      .http()
      .post('/api/v1/submissions')
      .set(world.apiKey.headers)
      .set('Idempotency-Key', randomUUID())
      .send({ episodes: probes })
      .expect(400);
    expect(refused.body.errors).toHaveLength(6);

    const paused = await t.http().post('/api/v1/episodes').set(world.apiKey.headers).send(episodeBody()).expect(429);
    expect(paused.headers['content-type']).toContain('application/problem+json');
    expect(paused.headers['retry-after']).toBeDefined();
    expect(paused.body.type).toBe('urn:rehabreg:problem:too-many-refused-national-ids');

    const flagged = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ action: 'security.refused_ids_flagged', institutionId: world.id })
      .set(admin.headers)
      .expect(200);
    expect(flagged.body.items).toEqual([expect.objectContaining({ actorId: world.apiKey.id, rowCount: 6 })]);
    // the staff of the same institution are another caller, and are not paused
    await t.http().post('/api/v1/episodes').set(world.staff.headers).send(episodeBody()).expect(201);
  });
});
