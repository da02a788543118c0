import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { createAdmin, createInstitutionWorld, createUser, InstitutionWorld, login, TEST_PASSWORD, uniqueEmail } from '../support/fixtures';
import { createTestApp, fromAddress, TestApp, TRUST_ONE_PROXY } from '../support/test-app';
import type { Actor } from '../support/fixtures';

function expectProblem(res: { status: number; headers: Record<string, string>; body: { status: number } }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.status).toBe(status);
}

describe('authentication', () => {
  let t: TestApp;
  let admin: Actor;
  let nord: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    nord = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  it('signs a staff user in and tells them which institutions they reach', async () => {
    const me = await t.http().get('/api/v1/auth/me').set(nord.staff.headers).expect(200);
    expect(me.body).toMatchObject({ kind: 'user', role: 'staff', institutionIds: [nord.id] });
  });

  it('answers a wrong password and an unknown email alike, with 401', async () => {
    const wrong = await t.http().post('/api/v1/auth/login').send({ email: nord.staff.email, password: 'not the password' });
    const unknown = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@test.rehabreg.no', password: 'whatever' });
    expectProblem(wrong, 401);
    expectProblem(unknown, 401);
    expect(wrong.body.detail).toEqual(unknown.body.detail);
  });

  it('refuses a request without credentials to a protected route with 401 saying what to send', async () => {
    const res = await t.http().get('/api/v1/auth/me');
    expectProblem(res, 401);
    expect(res.body.detail).toContain('X-Api-Key');
  });

  it('refuses malformed, foreign-signed and expired tokens with 401', async () => {
    const malformed = await t.http().get('/api/v1/auth/me').set('Authorization', 'Bearer not-a-jwt');
    expectProblem(malformed, 401);
    const otherKey = new TextEncoder().encode('x'.repeat(40));
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(nord.staff.id)
      .setIssuer('rehabreg')
      .setAudience('rehabreg-api')
      .setExpirationTime('5m')
      .sign(otherKey);
    expectProblem(await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`), 401);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(nord.staff.id)
      .setIssuer('rehabreg')
      .setAudience('rehabreg-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(t.config.jwtSecret);
    const res = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${expired}`);
    expectProblem(res, 401);
    expect(res.body.detail).toContain('expired');
  });

  it('accepts an institution API key and refuses malformed, unknown and revoked keys with 401', async () => {
    const me = await t.http().get('/api/v1/auth/me').set(nord.apiKey.headers).expect(200);
    expect(me.body).toMatchObject({ kind: 'api_client', institutionIds: [nord.id] });

    expectProblem(await t.http().get('/api/v1/auth/me').set('X-Api-Key', 'hello'), 401);
    const unknown = nord.apiKey.key.slice(0, -4) + 'AAAA';
    expectProblem(await t.http().get('/api/v1/auth/me').set('X-Api-Key', unknown), 401);

    const world = await createInstitutionWorld(t, admin);
    await t.http().delete(`/api/v1/admin/institutions/${world.id}/api-keys/${world.apiKey.id}`).set(admin.headers).expect(200);
    const revoked = await t.http().get('/api/v1/auth/me').set(world.apiKey.headers);
    expectProblem(revoked, 401);
    expect(revoked.body.detail).toContain('revoked');
  });

  it('refuses a caller of the wrong role with 403', async () => {
    expectProblem(await t.http().get('/api/v1/admin/institutions').set(nord.staff.headers), 403);
    expectProblem(await t.http().get('/api/v1/admin/institutions').set(nord.apiKey.headers), 403);
  });

  it('locks out a deactivated user at once, even with a token issued before', async () => {
    const staff = await createUser(t, admin, 'staff', [nord.id]);
    await t.http().patch(`/api/v1/admin/users/${staff.id}`).set(admin.headers).send({ active: false }).expect(200);
    expectProblem(await t.http().get('/api/v1/auth/me').set(staff.headers), 401);
    expectProblem(await t.http().post('/api/v1/auth/login').send({ email: staff.email, password: TEST_PASSWORD }), 401);
  });

  it('takes a deactivated institution away from its staff and its API keys', async () => {
    const world = await createInstitutionWorld(t, admin);
    await t.http().patch(`/api/v1/admin/institutions/${world.id}`).set(admin.headers).send({ active: false }).expect(200);
    const me = await t.http().get('/api/v1/auth/me').set(world.staff.headers).expect(200);
    expect(me.body.institutionIds).toEqual([]);
    expectProblem(await t.http().get('/api/v1/auth/me').set(world.apiKey.headers), 401);
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', ...TRUST_ONE_PROXY });
  });
  afterAll(() => t.close());

  it('answers 429 problem+json with Retry-After after too many attempts from one address', async () => {
    const attemptFrom = (address: Record<string, string>) =>
      t.http().post('/api/v1/auth/login').set(address).send({ email: 'x@test.rehabreg.no', password: 'wrong' });
    const address = fromAddress();
    for (let i = 0; i < 3; i++) await attemptFrom(address).expect(401);
    const res = await attemptFrom(address);
    expectProblem(res, 429);
    expect(res.headers['retry-after']).toBeDefined();
    await attemptFrom(fromAddress()).expect(401); // another address is not limited
  });
});

describe('tokens from an external OpenID Connect issuer (HelseID)', () => {
  let t: TestApp;
  let jwksServer: http.Server;
  let privateKey: KeyLike;
  const issuer = 'https://helseid.test.example';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as KeyLike;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    jwksServer = http.createServer((_req, res) => res.setHeader('Content-Type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const port = (jwksServer.address() as AddressInfo).port;
    t = await createTestApp({ OIDC_ISSUER: issuer, OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`, OIDC_AUDIENCE: 'rehabreg' });
  });
  afterAll(async () => {
    await t.close();
    jwksServer.close();
  });

  const externalToken = (claims: Record<string, unknown>, key: KeyLike = privateKey) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(issuer)
      .setAudience('rehabreg')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  it('maps a verified external token to the register user with that email', async () => {
    const admin = await createAdmin(t);
    const world = await createInstitutionWorld(t, admin);
    const token = await externalToken({ email: world.staff.email.toUpperCase() });
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ id: world.staff.id, institutionIds: [world.id] });
  });

  it('refuses an external token signed by a key not in the JWKS, and one for an unknown user', async () => {
    const stranger = await generateKeyPair('RS256');
    const forged = await externalToken({ email: 'someone@test.rehabreg.no' }, stranger.privateKey as KeyLike);
    expectProblem(await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`), 401);
    const unknownUser = await externalToken({ email: uniqueEmail('nobody') });
    expectProblem(await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${unknownUser}`), 401);
  });

  it('still accepts the local issuer beside the external one', async () => {
    const admin = await createAdmin(t);
    const again = await login(t, admin.email);
    await t.http().get('/api/v1/auth/me').set(again.headers).expect(200);
  });
});
