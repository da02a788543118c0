import { createHash } from 'node:crypto';
import { asOwner } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, createUser, InstitutionWorld } from '../support/fixtures';
import { createTestApp, fromAddress, TestApp, TRUST_ONE_PROXY } from '../support/test-app';
import { csrfOf, get, newBrowser, post, signIn } from './web-support';

const SESSION = /^rehabreg_session=([A-Za-z0-9_-]{43}); Path=\/; HttpOnly; SameSite=Lax; Secure$/;

describe('signing in to the web workspace', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  it('sends a browser without a session to the sign-in page, and back to where it was going after', async () => {
    const browser = newBrowser();
    const refused = await get(t, browser, '/app/episodes?programme=stroke');
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe('/login?next=%2Fapp%2Fepisodes%3Fprogramme%3Dstroke');
    const page = await get(t, browser, refused.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="next" value="/app/episodes?programme=stroke"');
    const res = await post(t, browser, '/login', {
      _csrf: csrfOf(page.text),
      email: a.staff.email,
      password: 'correct horse battery staple',
      next: '/app/episodes?programme=stroke',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/app/episodes?programme=stroke');
  });

  it('sets an httpOnly, SameSite=Lax, Secure session cookie and a new one at every sign-in', async () => {
    const { browser } = await signIn(t, a.staff.email);
    const first = browser.jar.get('rehabreg_session')!;
    const page = await get(t, browser, '/login');
    expect(page.status).toBe(303); // already signed in
    const login = newBrowser();
    const form = await get(t, login, '/login?lang=en');
    login.jar.set('rehabreg_session', first);
    const res = await post(t, login, '/login', {
      _csrf: csrfOf(form.text),
      email: a.staff.email,
      password: 'correct horse battery staple',
    });
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('rehabreg_session='))!;
    expect(cookie).toMatch(SESSION);
    expect(SESSION.exec(cookie)![1]).not.toBe(first);
    // The session the browser had before signing in again is over.
    browser.jar.set('rehabreg_session', first);
    expect((await get(t, browser, '/app')).status).toBe(303);
  });

  it('shows the user, role, institution, navigation and a message once after signing in', async () => {
    const browser = newBrowser();
    const form = await get(t, browser, '/login');
    await post(t, browser, '/login', { _csrf: csrfOf(form.text), email: a.staff.email, password: 'correct horse battery staple' });
    const page = await get(t, browser, '/app', { 'Accept-Language': 'nb' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain(`Logget inn som ${a.staff.email}`);
    expect(page.text).toContain(a.name);
    expect(page.text).toContain('Behandler');
    expect(page.text).toContain('href="/app/episodes">Episoder</a>');
    expect(page.text).toContain('Hopp til hovedinnholdet');
    expect(page.text).toContain('Du er logget inn.');
    expect((await get(t, browser, '/app')).text).not.toContain('Du er logget inn.');
  });

  it('answers a wrong password on the sign-in page, with the error at the field and in a summary', async () => {
    const browser = newBrowser();
    const form = await get(t, browser, '/login?lang=en');
    const res = await post(t, browser, '/login', { _csrf: csrfOf(form.text), email: a.staff.email, password: 'wrong', lang: 'en' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<title>Error: Sign in');
    expect(res.text).toContain('href="#email">The email address or password is wrong');
    expect(browser.jar.has('rehabreg_session')).toBe(false);
  });

  it('refuses a POST without the CSRF token with a 403 page, never problem+json', async () => {
    const browser = newBrowser();
    await get(t, browser, '/login');
    const login = await post(t, browser, '/login', { email: a.staff.email, password: 'correct horse battery staple' });
    expect(login.status).toBe(403);
    expect(login.headers['content-type']).toMatch(/^text\/html/);
    expect(browser.jar.has('rehabreg_session')).toBe(false);

    const { browser: signedIn, csrf } = await signIn(t, a.staff.email);
    for (const [path, form] of [
      ['/app/language', { language: 'en' }],
      ['/logout', {}],
    ] as const) {
      const res = await post(t, signedIn, path, form);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('Siden var utdatert');
      expect((await post(t, signedIn, path, { ...form, _csrf: `${csrf.slice(1)}x` })).status).toBe(403);
    }
    expect((await get(t, signedIn, '/app')).status).toBe(200); // still signed in
  });

  it('keeps the language on the user and switches it', async () => {
    const { browser, csrf } = await signIn(t, a.staff.email);
    const res = await post(t, browser, '/app/language', { _csrf: csrf, language: 'nn', back: '/app/episodes' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/app/episodes');
    const { browser: elsewhere } = await signIn(t, a.staff.email);
    const page = await get(t, elsewhere, '/app', { 'Accept-Language': 'en' });
    expect(page.text).toContain('<html lang="nn"');
    expect(page.text).toContain('Logga inn som');
    await post(t, browser, '/app/language', { _csrf: csrf, language: 'nb', back: 'https://evil.example/' });
    expect((await get(t, elsewhere, '/app')).text).toContain('<html lang="nb"');
  });

  it('signs out: the session is over, and a later page goes back to sign-in', async () => {
    const { browser, csrf } = await signIn(t, a.staff.email);
    const cookie = browser.jar.get('rehabreg_session')!;
    const res = await post(t, browser, '/logout', { _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(browser.jar.has('rehabreg_session')).toBe(false);
    expect((await get(t, browser, '/login')).text).toContain('Du er logget ut.');
    browser.jar.set('rehabreg_session', cookie);
    const after = await get(t, browser, '/app');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login?next=%2Fapp');
  });

  it('ends a session unused for 30 minutes, and any session after 12 hours', async () => {
    const idle = await signIn(t, a.staff.email);
    const old = await signIn(t, a.staff.email);
    await asOwner(async (c) => {
      const hash = (token: string) => createHash('sha256').update(token).digest();
      await c.query(`UPDATE web_sessions SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = $1`, [
        hash(idle.browser.jar.get('rehabreg_session')!),
      ]);
      await c.query(`UPDATE web_sessions SET created_at = now() - interval '12 hours 1 minute' WHERE token_hash = $1`, [
        hash(old.browser.jar.get('rehabreg_session')!),
      ]);
    });
    expect((await get(t, idle.browser, '/app')).headers.location).toBe('/login?next=%2Fapp');
    expect((await get(t, old.browser, '/app')).headers.location).toBe('/login?next=%2Fapp');
  });

  it("lets an administrator end a user's sessions (audited); others may not", async () => {
    const first = await signIn(t, a.staff.email);
    const second = await signIn(t, a.staff.email);
    await t.http().delete(`/api/v1/admin/users/${a.staff.id}/sessions`).set(a.staff.headers).expect(403);
    await t.http().delete(`/api/v1/admin/users/${a.staff.id}/sessions`).set(admin.headers).expect(204);
    await t.http().delete(`/api/v1/admin/users/00000000-0000-4000-8000-000000000000/sessions`).set(admin.headers).expect(404);
    for (const { browser } of [first, second]) expect((await get(t, browser, '/app')).status).toBe(303);
    const audit = await asOwner(
      async (c) =>
        (
          await c.query(`SELECT actor_id, row_count FROM audit_events WHERE action = 'user.sessions.end' AND $1 = ANY (object_ids)`, [
            a.staff.id,
          ])
        ).rows,
    );
    expect(audit).toEqual([expect.objectContaining({ actor_id: admin.id })]);
    expect(Number(audit[0].row_count)).toBeGreaterThanOrEqual(2);
  });

  it('offers no external sign-in when OIDC_CLIENT_ID is not set', async () => {
    const browser = newBrowser();
    expect((await get(t, browser, '/login')).text).not.toContain('/login/oidc');
    const res = await get(t, browser, '/login/oidc');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('shows unknown pages and refused roles as pages in the user language', async () => {
    const { browser, csrf } = await signIn(t, a.staff.email);
    await post(t, browser, '/app/language', { _csrf: csrf, language: 'en' });
    const missing = await get(t, browser, '/app/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    expect(missing.text).toContain('Page not found');
    const { browser: adminBrowser } = await signIn(t, admin.email);
    const refused = await get(t, adminBrowser, '/app/episodes', { 'Accept-Language': 'nn' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Inga tilgang');
  });

  it('lets a signed-in user change their own password, with errors at the fields (audited)', async () => {
    const user = await createUser(t, admin, 'researcher');
    const { browser, csrf } = await signIn(t, user.email);
    const page = await get(t, browser, '/app/password');
    expect(page.status).toBe(200);
    const change = (form: Record<string, string>) => post(t, browser, '/app/password', { _csrf: csrf, ...form });
    const wrong = await change({
      currentPassword: 'not it',
      newPassword: 'a new long passphrase',
      newPasswordRepeat: 'a new long passphrase',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('href="#currentPassword">Det nåværende passordet er feil.');
    const short = await change({ currentPassword: 'correct horse battery staple', newPassword: 'short', newPasswordRepeat: 'short' });
    expect(short.text).toContain('id="newPassword-error"');
    const mismatch = await change({
      currentPassword: 'correct horse battery staple',
      newPassword: 'a new long passphrase',
      newPasswordRepeat: 'another one',
    });
    expect(mismatch.text).toContain('id="newPasswordRepeat-error"');
    const done = await change({
      currentPassword: 'correct horse battery staple',
      newPassword: 'a new long passphrase',
      newPasswordRepeat: 'a new long passphrase',
    });
    expect(done.status).toBe(303);
    expect((await get(t, browser, '/app')).text).toContain('Passordet er endret.');
    await expect(signIn(t, user.email)).rejects.toThrow(/failed: 401/);
    await signIn(t, user.email, newBrowser(), 'a new long passphrase');
    expect((await post(t, browser, '/app/password', { currentPassword: 'x', newPassword: 'y' })).status).toBe(403); // no CSRF token
    const audit = await asOwner(
      async (c) =>
        (await c.query(`SELECT actor_id FROM audit_events WHERE action = 'user.password.change' AND $1 = ANY (object_ids)`, [user.id]))
          .rows,
    );
    expect(audit).toEqual([{ actor_id: user.id }]);
  });

  it('shows the public results as the front page, with a sign-in link', async () => {
    const res = await get(t, newBrowser(), '/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/login"');
    expect(res.text).toContain('Resultater fra rehabiliteringsregisteret');
  });
});

describe('the sign-in limit on the sign-in page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', ...TRUST_ONE_PROXY });
  });
  afterAll(() => t.close());

  it('counts sign-in attempts per address and answers the fourth with a 429 page', async () => {
    const address = fromAddress();
    const browser = newBrowser();
    const form = await get(t, browser, '/login', address);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push(
        (await post(t, browser, '/login', { _csrf: csrfOf(form.text), email: 'nobody@test.rehabreg.no', password: 'x' }, address)).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429]);
    const last = await post(t, browser, '/login', { _csrf: csrfOf(form.text), email: 'nobody@test.rehabreg.no', password: 'x' }, address);
    expect(last.headers['content-type']).toMatch(/^text\/html/);
    expect(last.headers['retry-after']).toBe('60');
  });
});
