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
import { asOwner, pseudonymOf } from '../support/database';

const DAY = 24 * 60 * 60 * 1000;

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

  it('takes the patient out of use at every institution, with the erasure date', async () => {
    const nationalId = newNationalId(1950);
    const atA = await createEpisode(t, a.apiKey.headers, { patient: { nationalId } });
    const atB = await createEpisode(t, b.apiKey.headers, { patient: { nationalId } });
    const before = Date.now();
    const res = await t.http().post('/api/v1/withdrawals').set(a.staff.headers).send({ nationalId }).expect(200);
    expect(res.body.withdrawnEpisodes).toBe(2);
    const due = Date.parse(res.body.erasureDueAt) - before;
    expect(due).toBeGreaterThan(29.9 * DAY);
    expect(due).toBeLessThan(30.1 * DAY);

    await t.http().get(`/api/v1/episodes/${atA.id}`).set(a.staff.headers).expect(404);
    await t.http().get(`/api/v1/episodes/${atB.id}`).set(b.staff.headers).expect(404);
    const list = await t.http().get('/api/v1/episodes').query({ limit: 500 }).set(b.staff.headers).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(atB.id);
  });

  it('keeps a later episode without a newer consent for its own institution only, answering as for anyone', async () => {
    const nationalId = newNationalId(1951);
    await createEpisode(t, a.apiKey.headers, { patient: { nationalId } });
    await t.http().post('/api/v1/withdrawals').set(a.staff.headers).send({ nationalId }).expect(200);

    const later = await t
      .http()
      .post('/api/v1/episodes')
      .set(c.apiKey.headers)
      .send(episodeBody({ patient: { nationalId } }))
      .expect(201);
    // its institution sees it like any other episode ...
    await t.http().get(`/api/v1/episodes/${later.body.id}`).set(c.staff.headers).expect(200);
    const list = await t.http().get('/api/v1/episodes').query({ externalId: later.body.externalId }).set(c.staff.headers).expect(200);
    expect(list.body.count).toBe(1);
    // ... but no central figure or extract reads it
    const [row] = (
      await asOwner((db) =>
        db.query(`SELECT withdrawn_at IS NOT NULL AS out_of_central_use, local_only FROM episodes WHERE id = $1`, [later.body.id]),
      )
    ).rows;
    expect(row).toEqual({ out_of_central_use: true, local_only: true });
  });

  it('re-enrols a patient whose later episode records a consent given after the withdrawal, and audits it', async () => {
    const nationalId = newNationalId(1952);
    await createEpisode(t, a.apiKey.headers, { patient: { nationalId } });
    await t.http().post('/api/v1/withdrawals').set(a.staff.headers).send({ nationalId }).expect(200);
    await asOwner((db) =>
      db.query(`UPDATE withdrawals SET withdrawn_at = '2026-03-01 12:00+01' WHERE pseudonym = $1`, [pseudonymOf(t, nationalId)]),
    );

    const later = await t
      .http()
      .post('/api/v1/episodes')
      .set(c.apiKey.headers)
      .send(episodeBody({ patient: { nationalId }, admissionDate: '2026-03-05', consent: { status: 'given', date: '2026-03-05' } }))
      .expect(201);
    const [row] = (await asOwner((db) => db.query(`SELECT withdrawn_at, local_only FROM episodes WHERE id = $1`, [later.body.id]))).rows;
    expect(row).toEqual({ withdrawn_at: null, local_only: false });
    const events = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ action: 'patient.reenrol', institutionId: c.id })
      .set(admin.headers)
      .expect(200);
    expect(events.body.items[0]).toMatchObject({ rowCount: 1, actorId: c.apiKey.id });
  });

  it('lets staff withdraw only patients their institution treated, without revealing others', async () => {
    const nationalId = newNationalId(1970);
    await createEpisode(t, a.apiKey.headers, { patient: { nationalId } });
    await t.http().post('/api/v1/withdrawals').set(c.staff.headers).send({ nationalId }).expect(404);
    await t.http().post('/api/v1/withdrawals').set(a.apiKey.headers).send({ nationalId }).expect(403);
    await t.http().post('/api/v1/withdrawals').set(admin.headers).send({ nationalId }).expect(200);
  });

  it('audits the withdrawal without the identity', async () => {
    // A birth year no other suite uses: the suites share one database, and a random individual number
    // for the same birth date can repeat in another suite, whose episode the withdrawal would count too.
    const nationalId = newNationalId(1931, 'male');
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
