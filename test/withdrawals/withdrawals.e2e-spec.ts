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

describe('withdrawal of a patient', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let c: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    [a, b, c] = [await createInstitutionWorld(t, admin), await createInstitutionWorld(t, admin), await createInstitutionWorld(t, admin)];
  });
  afterAll(() => t.close());

  it('takes the patient out of use at every institution and refuses new registrations', async () => {
    const nationalId = newNationalId(1950);
    const atA = await createEpisode(t, a.apiKey.headers, { patient: { nationalId } });
    const atB = await createEpisode(t, b.apiKey.headers, { patient: { nationalId } });
    const res = await t.http().post('/api/v1/withdrawals').set(a.staff.headers).send({ nationalId }).expect(200);
    expect(res.body).toEqual({ withdrawnEpisodes: 2 });

    await t.http().get(`/api/v1/episodes/${atA.id}`).set(a.staff.headers).expect(404);
    await t.http().get(`/api/v1/episodes/${atB.id}`).set(b.staff.headers).expect(404);
    const list = await t.http().get('/api/v1/episodes').query({ pageSize: 500 }).set(b.staff.headers).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(atB.id);

    const again = await t
      .http()
      .post('/api/v1/episodes')
      .set(c.apiKey.headers)
      .send(episodeBody({ patient: { nationalId } }))
      .expect(422);
    expect(again.body.errors[0].detail).toContain('withdrawn');
  });

  it('lets staff withdraw only patients their institution treated, without revealing others', async () => {
    const nationalId = newNationalId(1970);
    await createEpisode(t, a.apiKey.headers, { patient: { nationalId } });
    await t.http().post('/api/v1/withdrawals').set(c.staff.headers).send({ nationalId }).expect(404);
    await t.http().post('/api/v1/withdrawals').set(a.apiKey.headers).send({ nationalId }).expect(403);
    await t.http().post('/api/v1/withdrawals').set(admin.headers).send({ nationalId }).expect(200);
  });

  it('audits the withdrawal without the identity', async () => {
    const nationalId = newNationalId(1980);
    await createEpisode(t, a.apiKey.headers, { patient: { nationalId } });
    await t
      .http()
      .post('/api/v1/withdrawals')
      .set(a.staff.headers)
      .set('X-Request-Id', `withdrawal-${nationalId.slice(0, 4)}x`)
      .send({ nationalId })
      .expect(200);
    const events = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ action: 'patient.withdraw', institutionId: a.id })
      .set(admin.headers)
      .expect(200);
    expect(events.body.items[0]).toMatchObject({ actorId: a.staff.id, rowCount: 1 });
    expect(JSON.stringify(events.body)).not.toContain(nationalId);
  });

  it('refuses an invalid identity number without echoing it', async () => {
    const res = await t.http().post('/api/v1/withdrawals').set(a.staff.headers).send({ nationalId: '31129912345' }).expect(400);
    expect(res.body.errors[0].pointer).toBe('/nationalId');
    expect(JSON.stringify(res.body)).not.toContain('31129912345');
  });
});
