/**
 * Sign-in at an external OpenID Connect provider (authorization code + PKCE), against a local mock
 * provider through HTTP: the browser's round trip, the link from the provider's subject to a register
 * user, the session as after a password sign-in, the audit, and a refusal page for every way it fails.
 */
import { randomUUID } from 'node:crypto';
import { asOwner } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, createUser, InstitutionWorld, uniqueEmail } from '../support/fixtures';
import { startMockOidcProvider, type MockOidcProvider } from '../support/mock-oidc-provider';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, csrfOf, get, newBrowser, post } from './web-support';

/** The provider's subject of institution A's staff user. */
const A_SUB = randomUUID();
const SESSION = /^rehabreg_session=([A-Za-z0-9_-]{43}); Path=\/; HttpOnly; SameSite=Lax; Secure$/;

describe('signing in with an external OpenID Connect provider', () => {
  let t: TestApp;
  let provider: MockOidcProvider;
  let admin: Actor;
  let a: InstitutionWorld;

  beforeAll(async () => {
    provider = await startMockOidcProvider();
    t = await createTestApp(provider.env('https://register.test/login/oidc/callback'));
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  /** The browser's trip to the provider and back: the register's redirect, the provider's answer; returns the callback path. */
  async function visitProvider(browser: Browser, next?: string): Promise<string> {
    const start = await get(t, browser, `/login/oidc${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    expect(start.status).toBe(303);
    const answer = await fetch(start.headers.location, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location')!);
    expect(back.origin + back.pathname).toBe('https://register.test/login/oidc/callback');
    return back.pathname + back.search;
  }

  async function signInAtProvider(user: { sub: string; email?: string; email_verified?: boolean }, browser = newBrowser(), next?: string) {
    provider.signInAs(user);
    const callback = await visitProvider(browser, next);
    const res = await get(t, browser, callback);
    return { browser, res, callback };
  }

  const auditOf = (action: string, userId?: string) =>
    asOwner(
      async (c) =>
        (
          await c.query(
            `SELECT actor_type, actor_id::text, object_ids::text[] FROM audit_events WHERE action = $1 AND ($2::text IS NULL OR $2 = ANY (object_ids::text[]))`,
            [action, userId ?? null],
          )
        ).rows as { actor_type: string; actor_id: string | null; object_ids: string[] }[],
    );

  it('offers the provider on the sign-in page and asks it for a code with PKCE (S256), state and nonce', async () => {
    const browser = newBrowser();
    const page = await get(t, browser, '/login?next=/app/episodes');
    expect(page.text).toContain('href="/login/oidc?next=%2Fapp%2Fepisodes"');
    expect(page.text).toContain('Logg inn med HelseID (test)');
    provider.signInAs({ sub: A_SUB, email: a.staff.email });
    const start = await get(t, browser, '/login/oidc');
    const asked = new URL(start.headers.location);
    expect(asked.origin + asked.pathname).toBe(`${provider.issuer}/authorize`);
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      client_id: provider.clientId,
      redirect_uri: 'https://register.test/login/oidc/callback',
      response_type: 'code',
      scope: 'openid email',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
    // The flow's secrets travel in an encrypted, httpOnly cookie for the callback path only.
    const flow = (start.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('rehabreg_oidc='))!;
    expect(flow).toMatch(/^rehabreg_oidc=[^;]+; Path=\/login\/oidc; HttpOnly; SameSite=Lax; Secure; Max-Age=600$/);
    expect(flow).not.toContain(asked.searchParams.get('state'));
    expect(flow).not.toContain(asked.searchParams.get('nonce'));
  });

  it('links the subject to the user with that email at the first sign-in and starts a session as the password sign-in does', async () => {
    const staff = await createUser(t, admin, 'staff', [a.id]);
    const sub = randomUUID();
    const browser = newBrowser();
    const old = await get(t, browser, '/login');
    await post(t, browser, '/login', { _csrf: csrfOf(old.text), email: staff.email, password: 'correct horse battery staple' });
    const before = browser.jar.get('rehabreg_session')!;
    const { res } = await signInAtProvider({ sub, email: staff.email.toUpperCase() }, browser, '/app/episodes');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/app/episodes');
    const cookies = res.headers['set-cookie'] as unknown as string[];
    const session = cookies.find((c) => c.startsWith('rehabreg_session='))!;
    expect(session).toMatch(SESSION);
    expect(SESSION.exec(session)![1]).not.toBe(before);
    expect(cookies.find((c) => c.startsWith('rehabreg_oidc='))).toMatch(/Max-Age=0/);
    const app = await get(t, browser, '/app');
    expect(app.status).toBe(200);
    expect(app.text).toContain(staff.email);
    // The session the browser had before is over (rotation).
    const stale = newBrowser();
    stale.jar.set('rehabreg_session', before);
    expect((await get(t, stale, '/app')).status).toBe(303);
    expect(await auditOf('user.external-identity.link', staff.id)).toEqual([
      { actor_type: 'user', actor_id: staff.id, object_ids: [staff.id] },
    ]);
    expect(await auditOf('user.sign-in.oidc', staff.id)).toEqual([{ actor_type: 'user', actor_id: staff.id, object_ids: [staff.id] }]);
    expect(await auditOf('user.sign-in.password', staff.id)).toHaveLength(1);
    const links = await asOwner(
      async (c) => (await c.query(`SELECT issuer, subject FROM user_external_identities WHERE user_id = $1`, [staff.id])).rows,
    );
    expect(links).toEqual([{ issuer: provider.issuer, subject: sub }]);
  });

  it('signs a linked subject in by the subject alone, and refuses another subject with the same email', async () => {
    const staff = await createUser(t, admin, 'staff', [a.id]);
    const sub = randomUUID();
    expect((await signInAtProvider({ sub, email: staff.email })).res.status).toBe(303);
    // The provider changed the email: the link still holds.
    const again = await signInAtProvider({ sub, email: uniqueEmail('moved') });
    expect(again.res.status).toBe(303);
    expect((await get(t, again.browser, '/app')).text).toContain(staff.email);
    // Someone else at the provider who now has the email does not become the user.
    const other = await signInAtProvider({ sub: randomUUID(), email: staff.email });
    expect(other.res.status).toBe(403);
    expect(other.res.headers['content-type']).toMatch(/^text\/html/);
    expect(other.res.text).toContain('knyttet til en annen identitet');
    expect(other.res.headers['set-cookie']?.toString()).not.toContain('rehabreg_session=');
    expect(await auditOf('user.sign-in.refused', staff.id)).toHaveLength(1);
  });

  it('refuses a verified identity that is no active user, with a page that says so', async () => {
    const unknown = await signInAtProvider({ sub: randomUUID(), email: uniqueEmail('stranger') });
    expect(unknown.res.status).toBe(403);
    expect(unknown.res.text).toContain('ingen aktiv bruker i registeret');
    // The page still offers the password form with a working CSRF token.
    expect(csrfOf(unknown.res.text)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const unverified = await signInAtProvider({ sub: randomUUID(), email: a.staff.email, email_verified: false });
    expect(unverified.res.status).toBe(403);
    const deactivated = await createUser(t, admin, 'staff', [a.id]);
    const sub = randomUUID();
    expect((await signInAtProvider({ sub, email: deactivated.email })).res.status).toBe(303);
    await t.http().patch(`/api/v1/admin/users/${deactivated.id}`).set(admin.headers).send({ active: false }).expect(200);
    expect((await signInAtProvider({ sub, email: deactivated.email })).res.status).toBe(403);
  });

  it('refuses a tampered state, and an answer without the flow this browser started', async () => {
    provider.signInAs({ sub: A_SUB, email: a.staff.email });
    const browser = newBrowser();
    const callback = new URL(await visitProvider(browser), 'https://register.test');
    callback.searchParams.set('state', 'A'.repeat(43));
    const tampered = await get(t, browser, callback.pathname + callback.search);
    expect(tampered.status).toBe(400);
    expect(tampered.text).toContain('hørte ikke til denne innloggingen');
    expect(tampered.headers['set-cookie']?.toString()).not.toContain('rehabreg_session=');

    // The right answer in a browser that did not start the sign-in (a login CSRF attempt).
    const { callback: path } = await signInAtProvider({ sub: A_SUB, email: a.staff.email }, newBrowser());
    const elsewhere = await get(t, newBrowser(), path, { 'Accept-Language': 'en' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain('started in another browser');
  });

  it('uses each answer once: the flow cookie is gone after the callback', async () => {
    provider.signInAs({ sub: A_SUB, email: a.staff.email });
    const browser = newBrowser();
    const path = await visitProvider(browser);
    const flow = browser.jar.get('rehabreg_oidc')!;
    expect((await get(t, browser, path)).status).toBe(303);
    const replay = newBrowser();
    replay.jar.set('rehabreg_oidc', flow);
    // The code is spent at the provider: the exchange fails even with the flow's secrets.
    expect((await get(t, replay, path)).status).toBe(401);
  });

  it.each([
    ['another nonce', { claims: { nonce: 'not-the-one-sent' } }],
    ['another audience', { claims: { aud: 'some-other-client' } }],
    ['another issuer', { claims: { iss: 'https://evil.example' } }],
    ['a key outside the JWKS', { foreignKey: true }],
    ['an expired token', { claims: { exp: Math.floor(Date.now() / 1000) - 600 } }],
    ['a subject that may be a national identity number (never stored)', { claims: { sub: '17855018098' } }],
  ])('refuses an ID token with %s', async (_what, spoil) => {
    provider.signInAs({ sub: A_SUB, email: a.staff.email });
    const browser = newBrowser();
    const path = await visitProvider(browser);
    provider.spoilNextIdToken(spoil);
    const res = await get(t, browser, path, { 'Accept-Language': 'en' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('could not be verified');
    expect(res.headers['set-cookie']?.toString()).not.toContain('rehabreg_session=');
  });

  it('shows a refusal at the provider as a page, not an error', async () => {
    const browser = newBrowser();
    const start = await get(t, browser, '/login/oidc');
    const state = new URL(start.headers.location).searchParams.get('state')!;
    const res = await get(t, browser, `/login/oidc/callback?error=access_denied&state=${state}`, { 'Accept-Language': 'nn' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('vart avbroten eller avvist');
  });
});
