/**
 * Issue 21's access proof for the workspace: a staff user (and data manager) of institution B reaches
 * no page, list, CSV or invitation of institution A. A browser signed in as A's data manager crawls
 * every workspace link it can reach (episodes, their pages and forms, responses, invitations and their
 * print pages, exports and their files, list pages with their cursors); then B's browser asks
 * for every one of those URLs. A URL that names one of A's objects must be a 403 or 404 page; a URL that
 * names none (a list, a form) may answer, but with nothing of A's in it.
 */
import { asOwner } from '../support/database';
import {
  Actor,
  BARTHEL_FULL,
  createAdmin,
  createDataManager,
  createEpisode,
  createInstitutionWorld,
  EQ5D_WORST,
  InstitutionWorld,
} from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, csrfOf, get, post, signIn } from './web-support';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** URLs of one shape (the same path but for the ids and the cursor) crawled: every kind of page, not every episode's. */
const PER_SHAPE = 2;
const shapeOf = (url: string) => url.replace(UUID, ':id').replace(/cursor=[\w-]+/, 'cursor=:cursor');

jest.setTimeout(240_000);

describe("a staff user of institution B reaches nothing of institution A's in the workspace", () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let browserA: Browser;
  let browserB: Browser;
  let managerB: Actor;
  /** What names A's person-level data: its episodes' and responses' ids and its own episode ids. */
  const markersOfA: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    b = await createInstitutionWorld(t, admin, 'helse-vest');
    // A: 27 episodes (two list pages of 25), one discharged with its forms, an invitation, an export
    for (let i = 0; i < 27; i += 1) {
      const { id, body } = await createEpisode(t, a.apiKey.headers, {
        externalId: `ISO-A-${String(i).padStart(2, '0')}`,
        // the first is the newest, so the crawl (a few pages of each kind) meets its responses and invitation
        admissionDate: `2026-01-${String(28 - i).padStart(2, '0')}`,
      });
      markersOfA.push(id, String(body.externalId));
    }
    const [first] = markersOfA;
    for (const [instrument, answers] of [
      ['eq5d-5l', EQ5D_WORST],
      ['barthel', BARTHEL_FULL],
    ] as const) {
      const response = await t
        .http()
        .post(`/api/v1/episodes/${first}/responses`)
        .set(a.apiKey.headers)
        .send({ timepoint: 'admission', instrument, completedDate: '2026-01-28', mode: 'clinician', answers })
        .expect(201);
      markersOfA.push(response.body.id);
    }
    await t.http().patch(`/api/v1/episodes/${first}`).set(a.apiKey.headers).send({ dischargeDate: '2026-02-10' }).expect(200);
    const invitation = await t
      .http()
      .post(`/api/v1/episodes/${first}/invitations`)
      .set(a.apiKey.headers)
      .send({ timepoint: 'discharge', instrument: 'eq5d-5l' })
      .expect(201);
    markersOfA.push(invitation.body.id);

    const managerA = await createDataManager(t, admin, a);
    browserA = (await signIn(t, managerA.email)).browser;
    managerB = await createDataManager(t, admin, b);
    browserB = (await signIn(t, managerB.email)).browser;
    await createEpisode(t, b.apiKey.headers, { externalId: 'ISO-B-00' });

    const exports = await get(t, browserA, '/app/exports');
    const requested = await post(t, browserA, '/app/exports', {
      _csrf: csrfOf(exports.text),
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
      format: 'csv',
    });
    expect(requested.status).toBe(303);
    for (let i = 0; i < 240 && !(await get(t, browserA, requested.headers.location)).text.includes('/files/episodes.csv'); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 250));
  });
  afterAll(() => t.close());

  /** Every /app/ URL A's browser reaches by following links from the start page, breadth first. */
  async function crawlAsA(): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    const shapes = new Map<string, number>();
    // The results pages are left out: they show the institution's aggregates, not its person-level data,
    // build cubes (seconds each on CI), and the route × role matrix covers their access.
    const queue = ['/app', '/app/episodes', '/app/exports', '/app/withdrawals'];
    while (queue.length > 0) {
      const url = queue.shift()!;
      const shape = shapeOf(url);
      if (seen.has(url) || (shapes.get(shape) ?? 0) >= PER_SHAPE) continue;
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      const res = await get(t, browserA, url);
      seen.set(url, res.status);
      if (!/^text\/html/.test(String(res.headers['content-type']))) continue;
      for (const [, href] of res.text.matchAll(/href="(\/app[^"#]*)"/g)) {
        const link = href.replace(/&amp;/g, '&');
        if (!seen.has(link) && !/^\/app\/(password|language|results)/.test(link)) queue.push(link);
      }
    }
    return seen;
  }

  it('crawled as A, every URL answers B with a 403 or 404 page, or with nothing of A in it', async () => {
    const crawled = await crawlAsA();
    const urls = [...crawled.keys()];
    // the crawl reached every kind of A's object: episode, its forms, a response, the invitation print page, the export file
    for (const kind of [
      /^\/app\/episodes\/[0-9a-f-]{36}$/,
      /^\/app\/episodes\/[0-9a-f-]{36}\/discharge$/,
      /^\/app\/episodes\/[0-9a-f-]{36}\/responses\/[0-9a-f-]{36}$/,
      /^\/app\/episodes\/[0-9a-f-]{36}\/invitations$/,
      /^\/app\/episodes\/[0-9a-f-]{36}\/invitations\/[0-9a-f-]{36}\/print$/,
      /^\/app\/exports\/[0-9a-f-]{36}\/files\/episodes\.csv$/,
      /^\/app\/episodes\?cursor=/,
    ])
      expect({ kind: String(kind), reached: urls.some((url) => kind.test(url)) }).toEqual({ kind: String(kind), reached: true });
    expect(urls.filter((url) => crawled.get(url) !== 200)).toEqual([]);

    const objectIdsOfA = new Set(urls.flatMap((url) => url.match(UUID) ?? []));
    const leaks: string[] = [];
    for (const url of urls) {
      const res = await get(t, browserB, url);
      const namesAnObject = (url.match(UUID) ?? []).some((id) => objectIdsOfA.has(id));
      if (namesAnObject) {
        if (![403, 404].includes(res.status)) leaks.push(`${url} → ${res.status}`);
        else if (!/^text\/html/.test(String(res.headers['content-type']))) leaks.push(`${url} → ${res.status} not a page`);
      } else {
        const found = markersOfA.filter((marker) => res.text.includes(marker));
        if (found.length > 0) leaks.push(`${url} → ${res.status} shows ${found.join(', ')}`);
      }
      if (res.status >= 500) leaks.push(`${url} → ${res.status}`);
    }
    expect(leaks).toEqual([]);
    expect(urls.length).toBeGreaterThan(25);

    // and B's own list is B's: the one episode, whatever cursor of A's it is handed
    const own = await get(t, browserB, '/app/episodes');
    expect(own.text).toContain('ISO-B-00');
    expect(own.text).toContain('1 episoder');
    // B read nothing of A's: no audit event of B's user names institution A
    const readsOfA = await asOwner(
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1 AND institution_id = $2`, [managerB.id, a.id]))
          .rows[0].n as number,
    );
    expect(readsOfA).toBe(0);
  });
});
