/**
 * The administrators' pages (issue 21) through HTTP as a browser posts them: institutions and units,
 * API keys, users and memberships, ending sessions, publishing, indicator settings and the audit log.
 * Register-wide state (publishing, settings): a database of its own and a clock after 2026's grace period.
 */
import { Clock } from '../../src/clock/clock';
import { createScratchDatabase, withClient } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, InstitutionWorld, randomOrgNumber, uniqueEmail } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, csrfOf, get, newBrowser, post, signIn } from './web-support';

describe('the administrators’ pages', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let browser: Browser;
  let csrf: string;
  // 2027-Q1 ended on 31 March: on 15 April it is inside its 60-day grace period; 2026's is over, 2027 has not ended.
  const now = jest.fn(() => new Date('2027-04-15T10:00:00Z'));

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now());
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    ({ browser, csrf } = await signIn(t, admin.email));
  });
  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  const auditActions = (action: string) =>
    withClient(scratch.ownerUrl, async (c) => (await c.query('SELECT actor_id FROM audit_events WHERE action = $1', [action])).rows);

  it('registers an institution, shows field errors and a taken organization number in the page language, and adds a unit', async () => {
    const list = await get(t, browser, '/app/admin/institutions');
    expect(list.status).toBe(200);
    expect(list.text).toContain('aria-current="page">Institusjoner</a>');
    expect(list.text).toContain(a.name);

    const invalid = await post(t, browser, '/app/admin/institutions', {
      _csrf: csrf,
      name: '',
      orgNumber: '123',
      kind: 'private',
      region: 'helse-vest',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('<title>Feil: Institusjoner');
    expect(invalid.text).toContain('href="#name"');
    expect(invalid.text).toContain('id="orgNumber-error"');
    expect(invalid.text).toContain('value="123"');

    const orgNumber = randomOrgNumber();
    const created = await post(t, browser, '/app/admin/institutions', {
      _csrf: csrf,
      name: 'Sider HF',
      orgNumber,
      kind: 'private',
      region: 'helse-vest',
    });
    expect(created.status).toBe(303);
    const id = /\/app\/admin\/institutions\/([0-9a-f-]{36})$/.exec(created.headers.location)![1];
    const page = await get(t, browser, created.headers.location);
    expect(page.text).toContain('Institusjonen er registrert.');
    expect(page.text).toContain(orgNumber);
    expect((await auditActions('institution.create')).map((r) => r.actor_id)).toContain(admin.id);

    const taken = await post(t, browser, '/app/admin/institutions', {
      _csrf: csrf,
      name: 'Again',
      orgNumber,
      kind: 'private',
      region: 'helse-vest',
    });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('En institusjon med dette organisasjonsnummeret er allerede registrert.');

    expect((await post(t, browser, `/app/admin/institutions/${id}/units`, { _csrf: csrf, unitName: 'Hjerneskade' })).status).toBe(303);
    expect((await get(t, browser, `/app/admin/institutions/${id}`)).text).toContain('<li>Hjerneskade</li>');
    const twice = await post(t, browser, `/app/admin/institutions/${id}/units`, { _csrf: csrf, unitName: 'Hjerneskade' });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain('Institusjonen har allerede en enhet med dette navnet.');
    expect((await get(t, browser, '/app/admin/institutions/not-an-id')).status).toBe(404);
  });

  it('creates an API key that is shown once and works, and revokes it', async () => {
    const created = await post(t, browser, `/app/admin/institutions/${a.id}/api-keys`, { _csrf: csrf, name: 'DIPS' });
    expect(created.status).toBe(200);
    const key = /data-testid="api-key">(rr_[^<]+)</.exec(created.text)![1];
    await t.http().get('/api/v1/episodes').set({ 'X-API-Key': key }).expect(200);
    const later = await get(t, browser, `/app/admin/institutions/${a.id}/api-keys`);
    expect(later.text).not.toContain(key);
    const keyId = /DIPS<\/th>.*?\/api-keys\/([0-9a-f-]{36})\/revoke/s.exec(later.text)![1];
    expect((await post(t, browser, `/app/admin/institutions/${a.id}/api-keys/${keyId}/revoke`, { _csrf: csrf })).status).toBe(303);
    await t.http().get('/api/v1/episodes').set({ 'X-API-Key': key }).expect(401);
    expect((await post(t, browser, `/app/admin/institutions/${a.id}/api-keys`, { _csrf: csrf, name: '' })).status).toBe(400);
  });

  it('creates a staff user with institutions, refuses institutions for a researcher, grants the data-manager role and ends sessions', async () => {
    const researcher = await post(t, browser, '/app/admin/users', {
      _csrf: csrf,
      email: uniqueEmail('researcher'),
      role: 'researcher',
      institutionIds: a.id,
    });
    expect(researcher.status).toBe(400);
    expect(researcher.text).toContain('Bare behandlere hører til institusjoner.');
    expect(researcher.text).toContain('href="#institutionIds"');

    const email = uniqueEmail('staff');
    const created = await post(t, browser, '/app/admin/users', {
      _csrf: csrf,
      email,
      role: 'staff',
      institutionIds: a.id,
    });
    expect(created.status).toBe(303);
    const userPath = created.headers.location;
    const userId = userPath.split('/').at(-1)!;
    expect((await get(t, browser, '/app/admin/users')).text).toContain(email);
    const exists = await post(t, browser, '/app/admin/users', { _csrf: csrf, email, role: 'admin' });
    expect(exists.text).toContain('En bruker med denne e-postadressen finnes allerede.');

    expect((await post(t, browser, `${userPath}/data-manager`, { _csrf: csrf, institutionId: a.id, held: 'true' })).status).toBe(303);
    expect((await get(t, browser, userPath)).text).toContain(`Fjern som dataansvarlig for ${a.name}`);

    // A password of the user's own (through the API, not a temporary one), to sign in with
    await t.http().patch(`/api/v1/admin/users/${userId}`).set(admin.headers).send({ password: 'a password of my own' }).expect(200);
    const staff = await signIn(t, email, undefined, 'a password of my own');
    expect((await get(t, staff.browser, '/app')).status).toBe(200);
    expect((await get(t, staff.browser, '/app/admin/users')).status).toBe(403);
    expect((await post(t, browser, `${userPath}/sessions/end`, { _csrf: csrf })).status).toBe(303);
    const after = await get(t, staff.browser, '/app');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login?next=%2Fapp');

    const deactivated = await post(t, browser, userPath, { _csrf: csrf, role: 'staff', institutionIds: a.id, active: 'false' });
    expect(deactivated.status).toBe(303);
    expect((await get(t, browser, userPath)).text).toContain('<dd>Deaktivert</dd>');
    expect((await auditActions('user.sessions.end')).map((r) => r.actor_id)).toContain(admin.id);
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('makes a user created with a password, and one whose password was reset, choose their own before anything else', async () => {
    const email = uniqueEmail('staff');
    const created = await post(t, browser, '/app/admin/users', {
      _csrf: csrf,
      email,
      password: 'the first temporary',
      role: 'staff',
      institutionIds: a.id,
    });
    const userPath = created.headers.location;
    expect((await get(t, browser, userPath)).text).toContain('Brukeren har et midlertidig passord');
    const apiLogin = (password: string) => t.http().post('/api/v1/auth/login').send({ email, password });
    expect((await apiLogin('the first temporary').expect(401)).body.type).toBe('urn:rehabreg:problem:password-change-required');

    const user = newBrowser();
    const signInPage = await get(t, user, '/login');
    expect((await post(t, user, '/login', { _csrf: csrfOf(signInPage.text), email, password: 'the first temporary' })).status).toBe(303);
    for (const path of ['/app', '/app/episodes', `/app/episodes/${a.id}`]) {
      const refused = await get(t, user, path);
      expect([path, refused.status, refused.headers.location]).toEqual([path, 303, '/app/password']);
    }
    const passwordPage = await get(t, user, '/app/password');
    expect(passwordPage.text).toContain('Passordet ditt er midlertidig.');
    const userCsrf = csrfOf(passwordPage.text);
    expect((await post(t, user, '/app/language', { _csrf: userCsrf, language: 'en', back: '/app' })).headers.location).toBe(
      '/app/password',
    );
    const changed = await post(t, user, '/app/password', {
      _csrf: userCsrf,
      currentPassword: 'the first temporary',
      newPassword: 'my very own password',
      newPasswordRepeat: 'my very own password',
    });
    expect(changed.headers.location).toBe('/app');
    expect((await get(t, user, '/app')).status).toBe(200);
    await apiLogin('my very own password').expect(200);

    // An administrator resets it: the open session can only change it, and the API refuses the temporary one.
    const tooShort = await post(t, browser, `${userPath}/password`, { _csrf: csrf, password: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.text).toContain('id="password-error"');
    expect((await post(t, browser, `${userPath}/password`, { _csrf: csrf, password: 'the second temporary' })).status).toBe(303);
    expect((await get(t, user, '/app')).headers.location).toBe('/app/password');
    await apiLogin('my very own password').expect(401);
    await apiLogin('the second temporary').expect(401);
  });

  it('publishes a period with the grace-period rule, and a correction with its reason', async () => {
    const open = await post(t, browser, '/app/admin/publishing', { _csrf: csrf, period: '2027' });
    expect(open.status).toBe(409);
    expect(open.text).toContain('Perioden er ikke over ennå');
    const grace = await post(t, browser, '/app/admin/publishing', { _csrf: csrf, period: '2027-Q1' });
    expect(grace.status).toBe(409);
    expect(grace.text).toContain('href="#force"');
    const noReason = await post(t, browser, '/app/admin/publishing', { _csrf: csrf, period: '2027-Q1', force: 'true' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('href="#reason"');
    const early = await post(t, browser, '/app/admin/publishing', {
      _csrf: csrf,
      period: '2027-Q1',
      force: 'true',
      reason: 'The board meets next week; every institution has confirmed',
    });
    expect(early.status).toBe(303);
    expect((await get(t, browser, '/app/admin/publishing')).text).toContain('Tidlig: The board meets next week');

    expect((await post(t, browser, '/app/admin/publishing', { _csrf: csrf, period: '2026' })).status).toBe(303);
    const again = await post(t, browser, '/app/admin/publishing', { _csrf: csrf, period: '2026' });
    expect(again.text).toContain('Perioden er allerede publisert.');
    const shortReason = await post(t, browser, '/app/admin/publishing/correction', {
      _csrf: csrf,
      correctionPeriod: '2026',
      correctionReason: 'short',
    });
    expect(shortReason.status).toBe(400);
    expect(shortReason.text).toContain('href="#correctionReason"');
    const correction = await post(t, browser, '/app/admin/publishing/correction', {
      _csrf: csrf,
      correctionPeriod: '2026',
      correctionReason: 'Nord corrected discharge dates',
    });
    expect(correction.status).toBe(303);
    const snapshots = (await t.http().get('/api/v1/admin/indicator-snapshots').set(admin.headers).expect(200)).body as {
      period: string;
      version: number;
    }[];
    expect(
      snapshots
        .filter((s) => s.period === '2026')
        .map((s) => s.version)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('changes the indicator settings with a reason, keeps the history, and refuses values out of range at their field', async () => {
    const page = await get(t, browser, '/app/admin/indicator-settings');
    const form = Object.fromEntries(
      [...page.text.matchAll(/<input class="ds-input" id="(\w+)" name="\w+"[^>]* value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    expect(form.suppressionThreshold).toBe('10');
    const low = await post(t, browser, '/app/admin/indicator-settings', {
      ...form,
      _csrf: csrf,
      suppressionThreshold: '2',
      reason: 'Testing too low a threshold',
    });
    expect(low.status).toBe(400);
    expect(low.text).toContain('href="#suppressionThreshold"');
    expect(low.text).not.toContain('href="#eq5dMid"');
    const changed = await post(t, browser, '/app/admin/indicator-settings', {
      ...form,
      _csrf: csrf,
      eq5dMid: '0,07',
      reason: 'Board decision: a smaller MID',
    });
    expect(changed.status).toBe(303);
    const after = await get(t, browser, '/app/admin/indicator-settings');
    expect(after.text).toContain('value="0.07"');
    expect(after.text).toContain('Board decision: a smaller MID');
  });

  it('filters the audit log, pages to older events, refuses a wrong date at its field, and verifies the chain', async () => {
    const filtered = await get(t, browser, `/app/admin/audit?action=institution.create&actorId=${admin.id}`);
    expect(filtered.status).toBe(200);
    expect(filtered.text).toContain('<th scope="row">institution.create</th>');
    expect(filtered.text).not.toContain('<th scope="row">user.create</th>');
    for (let i = 0; i < 30; i += 1) await get(t, browser, '/app/admin/institutions'); // more than a page (50) of events
    const first = await get(t, browser, '/app/admin/audit');
    expect(first.text.match(/<th scope="row">/g)).toHaveLength(50);
    expect(first.text).toMatch(/(\d+|Mer enn 1000) hendelser passer til filteret\./);
    const older = /href="(\/app\/admin\/audit\?cursor=[\w-]+)" rel="next"/.exec(first.text)![1];
    const olderPage = await get(t, browser, older);
    expect(olderPage.text).toContain('Nyeste hendelser');
    expect(olderPage.text.match(/<th scope="row">/g)!.length).toBeGreaterThan(0);
    // Back to the newer page: the same events as the first. Filtered to this administrator's reads of the
    // institutions, which no other test file writes (the audit log is shared by the files running at once; each view of
    // the log adds one more, newer than these, which is why the page keeps a link to newer events).
    for (let i = 0; i < 25; i += 1) await get(t, browser, '/app/admin/institutions');
    const mine = `/app/admin/audit?actorId=${admin.id}&action=institution.list`;
    const eventsOf = (html: string) => html.match(/<tr>\s*<td>[^<]*<\/td>\s*<th scope="row">[^<]*<\/th>/g);
    const newest = await get(t, browser, mine);
    expect(eventsOf(newest.text)).toHaveLength(50);
    const older2 = /href="(\/app\/admin\/audit\?[^"]*cursor=[\w-]+)" rel="next"/.exec(newest.text)![1].replace(/&amp;/g, '&');
    const olderEvents = await get(t, browser, older2);
    expect(eventsOf(olderEvents.text)!.length).toBeGreaterThanOrEqual(5);
    const newer = /href="(\/app\/admin\/audit\?[^"]*cursor=[\w-]+)" rel="prev">Nyere hendelser<\/a>/
      .exec(olderEvents.text)![1]
      .replace(/&amp;/g, '&');
    const newerPage = await get(t, browser, newer);
    expect(eventsOf(newerPage.text)).toEqual(eventsOf(newest.text));
    const damaged = await get(t, browser, '/app/admin/audit?cursor=eyJzIjoiLWlkIiwiayI6WyIwIl19');
    expect(damaged.status).toBe(400);
    expect(damaged.text).toContain('href="#newest"');
    expect(damaged.text).toContain('id="newest"');
    const bad = await get(t, browser, '/app/admin/audit?from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="from-error"');
    const verified = await post(t, browser, '/app/admin/audit/verify', { _csrf: csrfOf(first.text) });
    expect(verified.status).toBe(200);
    expect(verified.text).toContain('Kjeden er hel');
    expect(await auditActions('audit.verify')).toHaveLength(1);
  });
});
