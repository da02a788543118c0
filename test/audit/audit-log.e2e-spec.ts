import { AuditSealer } from '../../src/audit/audit-sealer';
import { AuditVerifier } from '../../src/audit/audit-verifier';
import { asAppRole, asOwner } from '../support/database';
import { Actor, createAdmin, createInstitution, createUser, randomOrgNumber } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('audit log', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  it('records an admin action with actor, institution, object, request id and address, but not the data', async () => {
    const res = await t
      .http()
      .post('/api/v1/admin/institutions')
      .set(admin.headers)
      .set('X-Request-Id', 'audit-test-request-1')
      .send({ name: 'Audited HF', orgNumber: randomOrgNumber(), kind: 'private', region: 'helse-sor-ost' });
    expect(res.status).toBe(201);
    const events = await t.http().get('/api/v1/admin/audit-events').query({ objectId: res.body.id }).set(admin.headers).expect(200);
    expect(events.body.items).toEqual([
      expect.objectContaining({
        actorType: 'user',
        actorId: admin.id,
        institutionId: res.body.id,
        action: 'institution.create',
        objectType: 'institution',
        objectIds: [res.body.id],
        requestId: 'audit-test-request-1',
      }),
    ]);
    expect(events.body.items[0].clientAddress).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(events.body)).not.toContain('Audited HF');
  });

  it('filters by actor and action and pages backwards', async () => {
    const other = await createAdmin(t);
    for (let i = 0; i < 3; i++) await createInstitution(t, other);
    const page1 = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ actorId: other.id, action: 'institution.create', limit: 2 })
      .set(admin.headers)
      .expect(200);
    expect(page1.body).toMatchObject({ count: 3, countIsExact: true, nextCursor: expect.any(String) });
    expect(page1.body.items).toHaveLength(2);
    const page2 = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ actorId: other.id, action: 'institution.create', limit: 2, cursor: page1.body.nextCursor })
      .set(admin.headers)
      .expect(200);
    expect(page2.body).toMatchObject({ count: 3, nextCursor: null });
    expect(page2.body.items).toHaveLength(1);
    expect(new Set([...page1.body.items, ...page2.body.items].map((e: { id: string }) => e.id)).size).toBe(3);
  });

  it('rejects bad filters with field-level errors', async () => {
    const res = await t.http().get('/api/v1/admin/audit-events').query({ from: 'yesterday', limit: 5000 }).set(admin.headers).expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/from', '/limit']);
    const damaged = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ cursor: 'eyJzIjoiLWlkIiwiayI6WyIwIl19' })
      .set(admin.headers)
      .expect(400);
    expect(damaged.body.errors).toEqual([{ pointer: '/cursor', detail: expect.stringContaining('damaged') }]);
    const retired = await t.http().get('/api/v1/admin/audit-events').query({ before: 10 }).set(admin.headers).expect(400);
    expect(retired.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/before']);
  });

  it('is append-only for the app role: no UPDATE and no DELETE', async () => {
    await expect(asAppRole((c) => c.query(`UPDATE audit_events SET action = 'x'`))).rejects.toThrow(/permission denied/);
    await expect(asAppRole((c) => c.query(`DELETE FROM audit_events`))).rejects.toThrow(/permission denied/);
  });

  it('chains every row, and the verifier finds the first edited row', async () => {
    await createUser(t, admin, 'researcher');
    await t.app.get(AuditSealer).sealPending();
    const verifier = t.app.get(AuditVerifier);
    const before = await verifier.verify();
    expect(before.ok).toBe(true);
    expect(before.checked).toBeGreaterThan(0);

    // Tamper as the owner (the app role cannot), then restore so other tests keep a valid chain.
    const [victim] = (
      await asOwner((c) =>
        c.query(`SELECT id, chain_seq, action FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1 OFFSET 1`),
      )
    ).rows;
    await asOwner((c) => c.query(`UPDATE audit_events SET action = 'nothing.happened' WHERE id = $1`, [victim.id]));
    try {
      const after = await verifier.verify();
      expect(after.ok).toBe(false);
      expect(after.firstBroken).toMatchObject({ chainSeq: Number(victim.chain_seq), auditEventId: String(victim.id) });
      expect(after.firstBroken!.problem).toMatch(/edited/);
    } finally {
      await asOwner((c) => c.query(`UPDATE audit_events SET action = $2 WHERE id = $1`, [victim.id, victim.action]));
    }
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('notices a deleted row as a gap in the chain', async () => {
    await createUser(t, admin, 'researcher');
    await createUser(t, admin, 'researcher');
    await t.app.get(AuditSealer).sealPending();
    const [victim] = (
      await asOwner((c) => c.query(`SELECT * FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1 OFFSET 1`))
    ).rows;
    await asOwner((c) => c.query(`DELETE FROM audit_events WHERE id = $1`, [victim.id]));
    try {
      const after = await t.app.get(AuditVerifier).verify();
      expect(after.ok).toBe(false);
      expect(after.firstBroken!.problem).toMatch(/missing/);
    } finally {
      const columns = Object.keys(victim);
      await asOwner((c) =>
        c.query(
          `INSERT INTO audit_events (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          columns.map((k) => victim[k]),
        ),
      );
    }
  });
});

describe('admin actions in the audit log', () => {
  it('records reads of register data as well as changes', async () => {
    const t = await createTestApp();
    try {
      const admin = await createAdmin(t);
      const institution = await createInstitution(t, admin);
      await t.http().get('/api/v1/admin/institutions').set(admin.headers).expect(200);
      await t.http().get(`/api/v1/admin/institutions/${institution.id}`).set(admin.headers).expect(200);
      await t.http().get('/api/v1/admin/users').set(admin.headers).expect(200);
      await t.http().get(`/api/v1/admin/institutions/${institution.id}/api-keys`).set(admin.headers).expect(200);
      const events = await t.http().get('/api/v1/admin/audit-events').query({ actorId: admin.id }).set(admin.headers).expect(200);
      expect(events.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
        'api_key.list',
        'institution.create',
        'institution.list',
        'institution.read',
        'user.list',
      ]);
    } finally {
      await t.close();
    }
  });
});
