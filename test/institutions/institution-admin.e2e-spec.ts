import { Actor, createAdmin, createInstitution, randomOrgNumber } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('administering institutions, units and API keys', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  it('registers an institution and lists it', async () => {
    const orgNumber = randomOrgNumber();
    const created = await t
      .http()
      .post('/api/v1/admin/institutions')
      .set(admin.headers)
      .send({ name: 'Sunnaas', orgNumber, kind: 'health_trust', region: 'helse-sor-ost' })
      .expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      name: 'Sunnaas',
      orgNumber,
      kind: 'health_trust',
      region: 'helse-sor-ost',
      active: true,
    });
    const list = await t.http().get('/api/v1/admin/institutions').set(admin.headers).expect(200);
    expect(list.body.map((i: { id: string }) => i.id)).toContain(created.body.id);
  });

  it('refuses a second institution with the same organization number with 409', async () => {
    const institution = await createInstitution(t, admin);
    const again = await t.http().get(`/api/v1/admin/institutions/${institution.id}`).set(admin.headers).expect(200);
    const res = await t
      .http()
      .post('/api/v1/admin/institutions')
      .set(admin.headers)
      .send({ name: 'Copy', orgNumber: again.body.orgNumber, kind: 'private', region: 'helse-vest' });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain(again.body.orgNumber);
  });

  it('explains every invalid field by JSON pointer, including unknown fields', async () => {
    const res = await t
      .http()
      .post('/api/v1/admin/institutions')
      .set(admin.headers)
      .send({ name: '', orgNumber: '123456789', kind: 'hospital', region: 'oslo', color: 'blue' })
      .expect(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(new Set(pointers)).toEqual(new Set(['/name', '/orgNumber', '/kind', '/region', '/color']));
    expect(res.body.errors.find((e: { pointer: string }) => e.pointer === '/kind').detail).toContain('health_trust, private, municipality');
    expect(res.body.errors.find((e: { pointer: string }) => e.pointer === '/color').detail).toContain('Unknown field');
  });

  it('updates and deactivates an institution', async () => {
    const institution = await createInstitution(t, admin);
    const res = await t
      .http()
      .patch(`/api/v1/admin/institutions/${institution.id}`)
      .set(admin.headers)
      .send({ name: 'Renamed', active: false })
      .expect(200);
    expect(res.body).toMatchObject({ name: 'Renamed', active: false });
  });

  it('answers 404 for an institution that does not exist and 400 for an id that is not one', async () => {
    await t.http().get('/api/v1/admin/institutions/00000000-0000-4000-8000-000000000000').set(admin.headers).expect(404);
    await t.http().get('/api/v1/admin/institutions/42').set(admin.headers).expect(400);
  });

  it('adds, lists, renames and deactivates units', async () => {
    const institution = await createInstitution(t, admin);
    const unit = await t
      .http()
      .post(`/api/v1/admin/institutions/${institution.id}/units`)
      .set(admin.headers)
      .send({ name: 'Hjerneskade' })
      .expect(201);
    await t.http().post(`/api/v1/admin/institutions/${institution.id}/units`).set(admin.headers).send({ name: 'Hjerneskade' }).expect(409);
    await t
      .http()
      .patch(`/api/v1/admin/institutions/${institution.id}/units/${unit.body.id}`)
      .set(admin.headers)
      .send({ name: 'Hjerne', active: false })
      .expect(200);
    const list = await t.http().get(`/api/v1/admin/institutions/${institution.id}/units`).set(admin.headers).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: unit.body.id, name: 'Hjerne', active: false })]);
  });

  it('shows an API key once, keeps only its prefix in listings, and revokes it', async () => {
    const institution = await createInstitution(t, admin);
    const created = await t
      .http()
      .post(`/api/v1/admin/institutions/${institution.id}/api-keys`)
      .set(admin.headers)
      .send({ name: 'EPJ' })
      .expect(201);
    expect(created.body.key).toMatch(new RegExp(`^rr_${created.body.prefix}_`));
    const list = await t.http().get(`/api/v1/admin/institutions/${institution.id}/api-keys`).set(admin.headers).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(list.body[0]).toMatchObject({ id: created.body.id, prefix: created.body.prefix, revokedAt: null });
    const revoked = await t
      .http()
      .delete(`/api/v1/admin/institutions/${institution.id}/api-keys/${created.body.id}`)
      .set(admin.headers)
      .expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    await t.http().get('/api/v1/auth/me').set('X-Api-Key', created.body.key).expect(401);
  });
});
