/**
 * The workspace's POSTs count against the API's write budget (WRITE_RATE_LIMIT_PER_MINUTE per user,
 * SECURITY.md rule 6): a browser session is no way around it, and the API and the pages share one
 * budget per user. Over it, a page answers with the 429 page and Retry-After; reading still works.
 */
import { asOwner } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, episodeBody, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { get, post, signIn } from './web-support';

describe('the write rate limit on workspace pages', () => {
  let t: TestApp;
  let admin: Actor;
  let world: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '3' });
    admin = await createAdmin(t);
    world = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  it("counts page POSTs and the user's API writes in one budget, refuses the next with a 429 page and stores nothing", async () => {
    const { browser, csrf } = await signIn(t, world.staff.email);
    await t.http().post('/api/v1/episodes').set(world.staff.headers).send(episodeBody()).expect(201);
    const form = (externalId: string) => ({
      _csrf: csrf,
      externalId,
      nationalId: '',
      admissionDate: '2026-03-02',
      setting: 'inpatient',
      serviceLevel: 'specialist',
      programme: 'stroke',
      mainDiagnosis: 'I63.9',
    });
    expect((await post(t, browser, '/app/episodes', form('PAGE-LIMIT-1'))).status).toBe(400); // a refused form counts too
    expect((await post(t, browser, '/app/episodes', form('PAGE-LIMIT-2'))).status).toBe(400);

    const refused = await post(t, browser, '/app/episodes', form('PAGE-LIMIT-3'));
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.headers['retry-after']).toBe('60');
    await t.http().post('/api/v1/episodes').set(world.staff.headers).send(episodeBody()).expect(429);
    const stored = await asOwner((c) => c.query(`SELECT 1 FROM episodes WHERE external_id LIKE 'PAGE-LIMIT-%'`));
    expect(stored.rowCount).toBe(0);

    // reading is not a write; another user has a budget of their own
    expect((await get(t, browser, '/app/episodes')).status).toBe(200);
    const other = await signIn(t, admin.email);
    expect((await get(t, other.browser, '/app/admin/institutions')).status).toBe(200);
    expect((await post(t, other.browser, '/app/admin/audit/verify', { _csrf: other.csrf })).status).toBe(200);
  });

  it('does not count a POST refused for its CSRF token (the access guard refuses it first)', async () => {
    const staff = await createInstitutionWorld(t, admin);
    const { browser, csrf } = await signIn(t, staff.staff.email);
    for (let i = 0; i < 4; i += 1) expect((await post(t, browser, '/app/episodes', { _csrf: 'wrong' })).status).toBe(403);
    expect((await post(t, browser, '/app/episodes', { _csrf: csrf, externalId: 'X' })).status).toBe(400);
  });
});
