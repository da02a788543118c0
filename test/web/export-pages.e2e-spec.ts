/**
 * A data manager's own-data exports in the browser (/app/exports): request one with the API's
 * validation, follow its status and download its files (audited); staff who are not data managers
 * get a 403 page, and a data manager of another institution none of A's exports.
 */
import { asOwner } from '../support/database';
import { Actor, createAdmin, createDataManager, createEpisode, createInstitutionWorld, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, csrfOf, get, post, signIn } from './web-support';

describe('the data managers export pages', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let managerA: Actor;
  let browserA: Browser;
  let browserB: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    b = await createInstitutionWorld(t, admin, 'helse-vest');
    await createEpisode(t, a.apiKey.headers, { admissionDate: '2026-02-02' });
    managerA = await createDataManager(t, admin, a);
    browserA = (await signIn(t, managerA.email)).browser;
    browserB = (await signIn(t, (await createDataManager(t, admin, b)).email)).browser;
  });
  afterAll(() => t.close());

  async function waitForReady(path: string): Promise<string> {
    for (let i = 0; i < 240; i += 1) {
      const page = await get(t, browserA, path);
      if (page.text.includes('<dd>Klart</dd>')) return page.text;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the export was not built within a minute');
  }

  it('requests an export, shows its status and files, and downloads a file, audited for the data manager', async () => {
    const list = await get(t, browserA, '/app/exports');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Ingen uttrekk er bestilt.');
    expect(list.text).toContain('aria-current="page">Uttrekk</a>');
    const res = await post(t, browserA, '/app/exports', {
      _csrf: csrfOf(list.text),
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
      format: 'csv',
    });
    expect(res.status).toBe(303);
    const id = /^\/app\/exports\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
    expect((await get(t, browserA, res.headers.location)).text).toContain('Uttrekket er bestilt.');
    const ready = await waitForReady(res.headers.location);
    expect(ready).toContain('1 episoder');
    expect(ready).toContain(`href="/app/exports/${id}/files/episodes.csv"`);
    const file = await get(t, browserA, `/app/exports/${id}/files/episodes.csv`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    expect(file.text.split('\n').filter(Boolean)).toHaveLength(2);
    const audit = await asOwner(
      async (c) =>
        (
          await c.query(
            `SELECT action, actor_id FROM audit_events WHERE $1 = ANY (object_ids) AND action LIKE 'export.%' ORDER BY action`,
            [id],
          )
        ).rows,
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'export.download', actor_id: managerA.id },
        { action: 'export.request', actor_id: managerA.id },
      ]),
    );
    expect((await get(t, browserA, '/app/exports')).text).toContain(`href="/app/exports/${id}"`);

    // Another institution's data manager: not found; a file name that is no file of an export: not found.
    for (const path of [`/app/exports/${id}`, `/app/exports/${id}/files/episodes.csv`])
      expect((await get(t, browserB, path)).status).toBe(404);
    expect((await get(t, browserB, '/app/exports')).text).not.toContain(id);
    expect((await get(t, browserA, `/app/exports/${id}/files/secrets.txt`)).status).toBeGreaterThanOrEqual(400);
  });

  it('shows a period it cannot take at its fields and in the summary', async () => {
    const list = await get(t, browserA, '/app/exports');
    const res = await post(t, browserA, '/app/exports', {
      _csrf: csrfOf(list.text),
      periodFrom: '2026-06-01',
      periodTo: '2026-01-01',
      format: 'csv',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#periodTo"');
    expect(res.text).toContain('value="2026-06-01"');
  });

  it('gives staff who are not data managers a 403 page and no navigation entry', async () => {
    const { browser } = await signIn(t, a.staff.email);
    const res = await get(t, browser, '/app/exports');
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect((await get(t, browser, '/app')).text).not.toContain('href="/app/exports"');
  });
});
