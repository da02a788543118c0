import * as fs from 'node:fs';
import * as path from 'node:path';
import { FirstAdmin } from '../../src/users/first-admin';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import request from 'supertest';
import { DEMO_PASSWORD, DEMO_REGISTER, DEMO_USERS, DemoData, demoApiKey } from '../../src/demo/demo-data';
import { createScratchDatabase } from '../support/database';
import { Actor, createAdmin, createInstitution, login, TEST_PASSWORD, uniqueEmail } from '../support/fixtures';
import { checkedAgainstContract, createTestApp, TestApp } from '../support/test-app';

describe('administering users', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  it('creates a staff user in two institutions who can then sign in', async () => {
    const [one, two] = [await createInstitution(t, admin), await createInstitution(t, admin)];
    const email = uniqueEmail('staff');
    const res = await t
      .http()
      .post('/api/v1/admin/users')
      .set(admin.headers)
      .send({ email, password: TEST_PASSWORD, role: 'staff', institutionIds: [one.id, two.id] })
      .expect(201);
    expect(res.body).toMatchObject({ email, role: 'staff', active: true });
    expect(res.body.institutionIds.sort()).toEqual([one.id, two.id].sort());
    expect(res.body).not.toHaveProperty('password');
    expect(res.body).not.toHaveProperty('passwordHash');
    await login(t, email);
  });

  it('requires an institution for staff and none for other roles', async () => {
    const institution = await createInstitution(t, admin);
    const noInstitution = await t
      .http()
      .post('/api/v1/admin/users')
      .set(admin.headers)
      .send({ email: uniqueEmail('s'), password: TEST_PASSWORD, role: 'staff' })
      .expect(400);
    expect(noInstitution.body.errors[0].pointer).toBe('/institutionIds');
    await t
      .http()
      .post('/api/v1/admin/users')
      .set(admin.headers)
      .send({ email: uniqueEmail('r'), password: TEST_PASSWORD, role: 'researcher', institutionIds: [institution.id] })
      .expect(400);
    const unknown = await t
      .http()
      .post('/api/v1/admin/users')
      .set(admin.headers)
      .send({ email: uniqueEmail('s'), password: TEST_PASSWORD, role: 'staff', institutionIds: ['00000000-0000-4000-8000-000000000000'] })
      .expect(400);
    expect(unknown.body.errors[0].pointer).toBe('/institutionIds/0');
  });

  it('refuses a duplicate email (in any case) with 409 and a short password with 400', async () => {
    const email = uniqueEmail('dup');
    await t.http().post('/api/v1/admin/users').set(admin.headers).send({ email, password: TEST_PASSWORD, role: 'researcher' }).expect(201);
    await t
      .http()
      .post('/api/v1/admin/users')
      .set(admin.headers)
      .send({ email: email.toUpperCase(), password: TEST_PASSWORD, role: 'researcher' })
      .expect(409);
    const short = await t
      .http()
      .post('/api/v1/admin/users')
      .set(admin.headers)
      .send({ email: uniqueEmail('x'), password: 'short', role: 'researcher' })
      .expect(400);
    expect(short.body.errors[0]).toMatchObject({ pointer: '/password', detail: 'password must be at least 12 characters' });
  });

  it('moves a staff user between institutions and changes the password', async () => {
    const [one, two] = [await createInstitution(t, admin), await createInstitution(t, admin)];
    const email = uniqueEmail('mover');
    const created = await t
      .http()
      .post('/api/v1/admin/users')
      .set(admin.headers)
      .send({ email, password: TEST_PASSWORD, role: 'staff', institutionIds: [one.id] })
      .expect(201);
    await t
      .http()
      .patch(`/api/v1/admin/users/${created.body.id}`)
      .set(admin.headers)
      .send({ institutionIds: [two.id], password: 'another long password' })
      .expect(200);
    const fresh = await login(t, email, 'another long password');
    const me = await t.http().get('/api/v1/auth/me').set(fresh.headers).expect(200);
    expect(me.body.institutionIds).toEqual([two.id]);
  });
});

describe('first administrator and demo data on a new register', () => {
  it('creates the bootstrap admin only when no admin exists, and loads demo data (accounts and a register) once', async () => {
    const scratch = await createScratchDatabase();
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: scratch.appUrl,
      DATABASE_OWNER_URL: scratch.ownerUrl,
      BOOTSTRAP_ADMIN_EMAIL: 'First.Admin@Example.org',
      BOOTSTRAP_ADMIN_PASSWORD: 'first admin passphrase',
      AUDIT_SEAL_INTERVAL_MS: '0',
    });
    const app = await createApp(config);
    try {
      expect(await app.get(FirstAdmin).ensure()).toBe('created');
      expect(await app.get(FirstAdmin).ensure()).toBe('exists');
      expect(await app.get(DemoData).ensureLoaded()).toBe('loaded');
      expect(await app.get(DemoData).ensureLoaded()).toBe('already-loaded');
      const http = () => checkedAgainstContract(request(app.getHttpServer()));
      const staff = await http()
        .post('/api/v1/auth/login')
        .send({ email: 'staff.nord@demo.rehabreg.no', password: DEMO_PASSWORD })
        .expect(200);
      const viaToken = await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${staff.body.accessToken}`).expect(200);
      const viaKey = await http().get('/api/v1/auth/me').set('X-Api-Key', demoApiKey('nord').key).expect(200);
      expect(viaKey.body.institutionIds).toEqual(viaToken.body.institutionIds);
      // the demo's member of both institutions (who chooses one in the workspace)
      const nordvest = await http()
        .post('/api/v1/auth/login')
        .send({ email: 'staff.nordvest@demo.rehabreg.no', password: DEMO_PASSWORD })
        .expect(200);
      const ofBoth = await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${nordvest.body.accessToken}`).expect(200);
      expect(ofBoth.body.institutionIds).toHaveLength(2);
      expect(ofBoth.body.institutionIds).toContain(viaToken.body.institutionIds[0]);
      // The demo register: last year's indicators published, this year's live at the demo institutions too.
      const lastYear = String(new Date().getUTCFullYear() - 1);
      const published = await http()
        .get('/api/v1/public/indicators')
        .query({ period: lastYear, indicator: 'eq5d.index_change' })
        .expect(200);
      expect(published.body.indicators[0].n).toBeGreaterThan(1000);
      const own = await http()
        .get('/api/v1/indicators')
        .query({
          period: String(Number(lastYear) + 1),
          scope: `institution:${viaToken.body.institutionIds[0]}`,
          indicator: 'completeness.admission',
        })
        .set('X-Api-Key', demoApiKey('nord').key)
        .expect(200);
      expect(own.body.indicators[0].n).toBeGreaterThan(DEMO_REGISTER.thisYear / 20);
      await http().post('/api/v1/auth/login').send({ email: 'first.admin@example.org', password: 'first admin passphrase' }).expect(200);
    } finally {
      await app.close();
      await scratch.drop();
    }
  }, 180_000); // the demo register, its extract and its export are built here

  it('does nothing without the bootstrap settings', async () => {
    const t = await createTestApp();
    try {
      expect(await t.app.get(FirstAdmin).ensure()).toBe('not-configured');
    } finally {
      await t.close();
    }
  });
});

describe('the README', () => {
  it('lists the demo API keys the demo data creates', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(demoApiKey('nord').key);
    expect(readme).toContain(demoApiKey('vest').key);
    expect(readme).toContain(DEMO_PASSWORD);
    for (const user of DEMO_USERS) expect(readme).toContain(`\`${user.email}\``);
  });
});
