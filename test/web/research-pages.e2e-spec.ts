/**
 * The researchers' pages and the administrators' decisions (issue 21) through HTTP as a browser
 * posts them: the catalogue, an application (with errors first), its status, approval with a note,
 * the built extract's files downloaded from the page; another researcher and staff see none of it.
 */
import { Actor, createAdmin, createInstitutionWorld, createUser } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, get, post, signIn } from './web-support';

describe('the researchers’ pages', () => {
  let t: TestApp;
  let admin: Actor;
  let researcher: Browser;
  let researcherCsrf: string;
  let other: Browser;
  let adminBrowser: Browser;
  let adminCsrf: string;
  let staff: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    const world = await createInstitutionWorld(t, admin, 'helse-vest');
    ({ browser: researcher, csrf: researcherCsrf } = await signIn(t, (await createUser(t, admin, 'researcher')).email));
    other = (await signIn(t, (await createUser(t, admin, 'researcher')).email)).browser;
    ({ browser: adminBrowser, csrf: adminCsrf } = await signIn(t, admin.email));
    staff = (await signIn(t, world.staff.email)).browser;
  });
  afterAll(() => t.close());

  it('lets a researcher apply, an administrator approve with a note, and the researcher download the built CSV', async () => {
    const catalogue = await get(t, researcher, '/app/research/variables');
    expect(catalogue.status).toBe(200);
    expect(catalogue.text).toContain('<code>age_band</code>');

    const form = {
      _csrf: researcherCsrf,
      title: 'Funksjon etter slag',
      purpose: 'Compare Barthel change',
      legalBasis: 'GDPR art. 6(1)(e) and 9(2)(j)',
      ethicsReference: 'REK 2026/4711',
    };
    const invalid = await post(t, researcher, '/app/research/extracts', { ...form, periodFrom: '1990-13-01', periodTo: '1990-12-31' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('href="#variables"');
    expect(invalid.text).toContain('href="#periodFrom"');
    expect(invalid.text).toContain('value="Funksjon etter slag"');

    const applied = await t
      .http()
      .post('/app/research/extracts')
      .type('form')
      .set({ Cookie: researcher.cookie(), Accept: 'text/html' })
      .send(
        `_csrf=${researcherCsrf}&title=Funksjon&purpose=Compare&legalBasis=GDPR%20art.%209&ethicsReference=REK%201&periodFrom=1990-01-01&periodTo=1990-12-31&variables=patient&variables=age_band`,
      );
    researcher.keep(applied);
    expect(applied.status).toBe(303);
    const path = applied.headers.location as string;
    const id = path.split('/').at(-1)!;
    const status = await get(t, researcher, path);
    expect(status.text).toContain('Søknaden er sendt.');
    expect(status.text).toContain('<dd>Sendt</dd>');
    expect((await get(t, researcher, '/app/research/extracts')).text).toContain(`href="/app/research/extracts/${id}"`);

    // Nobody else's: another researcher gets 404, staff 403, the researcher cannot decide.
    expect((await get(t, other, path)).status).toBe(404);
    expect((await get(t, staff, path)).status).toBe(403);
    expect((await get(t, researcher, `/app/admin/extracts/${id}`)).status).toBe(403);

    expect((await get(t, adminBrowser, '/app/admin/extracts')).text).toContain(`href="/app/admin/extracts/${id}"`);
    const short = await post(t, adminBrowser, `/app/admin/extracts/${id}/decision`, { _csrf: adminCsrf, decision: 'approve', note: 'ok' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('id="note-error"');
    for (const decision of ['constructor', 'approved', '']) {
      const unknown = await post(t, adminBrowser, `/app/admin/extracts/${id}/decision`, {
        _csrf: adminCsrf,
        decision,
        note: 'REK approval checked',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.text).toContain('id="note-error"');
    }
    const approved = await post(t, adminBrowser, `/app/admin/extracts/${id}/decision`, {
      _csrf: adminCsrf,
      decision: 'approve',
      note: 'REK approval checked',
    });
    expect(approved.status).toBe(303);
    const again = await post(t, adminBrowser, `/app/admin/extracts/${id}/decision`, {
      _csrf: adminCsrf,
      decision: 'reject',
      note: 'Changed my mind',
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Søknaden er allerede behandlet.');

    let page = await get(t, researcher, path);
    for (let i = 0; i < 240 && !page.text.includes('<dd>Klar</dd>'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      page = await get(t, researcher, path);
    }
    expect(page.text).toContain('REK approval checked');
    const link = /href="(\/app\/research\/extracts\/[0-9a-f-]{36}\/files\/[^"]+\.csv)"/.exec(page.text)![1];
    const csv = await t.http().get(link).set({ Cookie: researcher.cookie() });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment/);
    expect((await t.http().get(link).set({ Cookie: other.cookie() })).status).toBe(404);

    // The administrator rebuilds it (same pseudonyms, build 2), then revokes it: the files go at once.
    const adminPage = await get(t, adminBrowser, `/app/admin/extracts/${id}`);
    expect(adminPage.text).toContain('value="rebuild"');
    expect(adminPage.text).toContain('value="revoke"');
    const rebuilt = await post(t, adminBrowser, `/app/admin/extracts/${id}/decision`, {
      _csrf: adminCsrf,
      decision: 'rebuild',
      note: 'Withdrawals since the build',
    });
    expect(rebuilt.status).toBe(303);
    const rebuiltPage = await get(t, adminBrowser, `/app/admin/extracts/${id}`);
    expect(rebuiltPage.text).toContain('Uttrekket lages på nytt.');
    expect(rebuiltPage.text).toContain('rebuild (Withdrawals since the build)');
    const revoked = await post(t, adminBrowser, `/app/admin/extracts/${id}/decision`, {
      _csrf: adminCsrf,
      decision: 'revoke',
      note: 'Ethics approval withdrawn',
    });
    expect(revoked.status).toBe(303);
    const revokedPage = await get(t, researcher, path);
    expect(revokedPage.text).toContain('Ethics approval withdrawn');
    expect(revokedPage.text).not.toMatch(/files\/[^"]+\.csv"/);
    expect((await t.http().get(link).set({ Cookie: researcher.cookie() })).status).toBe(410);
    const late = await post(t, adminBrowser, `/app/admin/extracts/${id}/decision`, {
      _csrf: adminCsrf,
      decision: 'rebuild',
      note: 'Try once more',
    });
    expect(late.status).toBe(409);
    expect(late.text).toContain('Uttrekket er ikke lenger godkjent');
    expect(late.text).not.toContain('value="revoke"');
  });

  it('rejects with a note, which the researcher sees', async () => {
    const applied = await t
      .http()
      .post('/app/research/extracts')
      .type('form')
      .set({ Cookie: researcher.cookie(), Accept: 'text/html' })
      .send(
        `_csrf=${researcherCsrf}&title=Avslag&purpose=Test&legalBasis=GDPR%20art.%209&ethicsReference=REK%202&periodFrom=1990-01-01&periodTo=1990-12-31&variables=patient`,
      );
    const path = applied.headers.location as string;
    const id = path.split('/').at(-1)!;
    expect(
      (
        await post(t, adminBrowser, `/app/admin/extracts/${id}/decision`, {
          _csrf: adminCsrf,
          decision: 'reject',
          note: 'No REK approval attached',
        })
      ).status,
    ).toBe(303);
    const page = await get(t, researcher, path);
    expect(page.text).toContain('<dd>Avslått</dd>');
    expect(page.text).toContain('No REK approval attached');
  });
});
