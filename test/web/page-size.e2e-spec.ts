/**
 * Each main page of the workspace transfers less than 50 KB compressed, its stylesheet included (issue 21),
 * measured through HTTP as a browser fetches it (Accept-Encoding: gzip): the bytes on the wire are the
 * gzipped body's Content-Length. The pages are filled as in use: a full list page of 25 episodes with every
 * register field, an episode with its forms, a response with versions, the audit log's page of 50.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createAdmin, createEpisode, createInstitutionWorld, EQ5D_WORST, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, get, signIn } from './web-support';

const LIMIT = 50 * 1024;

describe('the size of the workspace pages', () => {
  let t: TestApp;
  let a: InstitutionWorld;
  let staff: Browser;
  let admin: Browser;
  let episodeId: string;
  let responseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const adminActor = await createAdmin(t);
    a = await createInstitutionWorld(t, adminActor);
    for (let i = 0; i < 26; i++) {
      const { id } = await createEpisode(t, a.apiKey.headers, {
        externalId: `SIZE-${String(i).padStart(3, '0')}-${'X'.repeat(60)}`,
        rehabLevel: '5.1',
        professions: ['physician', 'nurse', 'physiotherapist', 'occupational_therapist', 'speech_therapist', 'psychologist'],
        individualPlan: 'established',
        coordinator: 'assigned',
        municipalityNotifiedDate: '2026-03-10',
      });
      episodeId = id;
    }
    const response = await t
      .http()
      .post(`/api/v1/episodes/${episodeId}/responses`)
      .set(a.apiKey.headers)
      .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-03', mode: 'patient_paper', answers: EQ5D_WORST });
    responseId = response.body.id;
    for (let version = 0; version < 3; version++)
      await t
        .http()
        .put(`/api/v1/episodes/${episodeId}/responses/${responseId}`)
        .set(a.apiKey.headers)
        .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-03', mode: 'patient_paper', answers: EQ5D_WORST })
        .then((res) => (responseId = res.body.id));
    staff = (await signIn(t, a.staff.email)).browser;
    admin = (await signIn(t, adminActor.email)).browser;
  });
  afterAll(() => t.close());

  /** The bytes a browser receives for a page, gzipped, and the stylesheet it links to. */
  async function transferred(browser: Browser, path: string): Promise<{ page: number; stylesheet: number; html: string }> {
    const res = await get(t, browser, path, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const css = /href="(\/assets\/workspace\.css\?v=[0-9a-f]+)"/.exec(res.text)![1];
    const sheet = await t.http().get(css).set('Accept-Encoding', 'gzip');
    expect(sheet.headers['content-encoding']).toBe('gzip');
    return { page: Number(res.headers['content-length']), stylesheet: Number(sheet.headers['content-length']), html: res.text };
  }

  it.each([
    ['the episode list, a full page of 25', () => ({ browser: staff, path: '/app/episodes' })],
    ['an episode with its forms', () => ({ browser: staff, path: `/app/episodes/${episodeId}` })],
    ['the change form of an episode', () => ({ browser: staff, path: `/app/episodes/${episodeId}/edit` })],
    ['a response with its versions', () => ({ browser: staff, path: `/app/episodes/${episodeId}/responses/${responseId}` })],
    [
      'the EQ-5D-5L form',
      () => ({ browser: staff, path: `/app/episodes/${episodeId}/responses/new?instrument=eq5d-5l&timepoint=discharge` }),
    ],
    ['the audit log, a page of 50', () => ({ browser: admin, path: '/app/admin/audit' })],
  ])('sends %s in less than 50 KB with its stylesheet', async (_name, page) => {
    const { browser, path } = page();
    const { page: bytes, stylesheet, html } = await transferred(browser, path);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes + stylesheet).toBeLessThan(LIMIT);
    // The page is what it claims to be: filled, not an empty or refused one.
    if (path === '/app/episodes') expect(html.match(/SIZE-\d{3}-/g)?.length).toBeGreaterThanOrEqual(25);
  });

  it('ships only the Designsystemet components the pages use', async () => {
    const res = await get(t, staff, '/app/episodes');
    const css = /href="(\/assets\/workspace\.css\?v=[0-9a-f]+)"/.exec(res.text)![1];
    const sheet = await t.http().get(css).set('Accept-Encoding', 'gzip');
    const shipped = sheet.text;
    for (const unused of ['.ds-dialog', '.ds-tabs', '.ds-combobox', '.ds-tooltip', '.ds-avatar']) expect(shipped).not.toContain(unused);
    for (const used of ['.ds-button', '.ds-table', '.ds-error-summary']) expect(shipped).toContain(used);
    const whole = ['theme', 'index']
      .map((name) => readFileSync(require.resolve(`@digdir/designsystemet-css/${name}.css`), 'utf8'))
      .join('\n');
    expect(Number(sheet.headers['content-length'])).toBeLessThan(gzipSync(whole, { level: 9 }).length);
  });
});
