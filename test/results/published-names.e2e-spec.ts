/**
 * Institution names only where published (issue 22): an institution that is in no publication (its
 * data are of an unpublished year, or reached a published year after it was published) is named on
 * no results page, picture or CSV, public or another institution's staff pages: not in the region's
 * bars, the funnels or any table. An institution of the same region that was published is named
 * there, which shows the search would find a name.
 */
import { Clock } from '../../src/clock/clock';
import { INDICATOR_IDS } from '../../src/indicators/indicator-specs';
import { createScratchDatabase } from '../support/database';
import { createAdmin, createInstitutionWorld, type InstitutionWorld } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { type Browser, get, signIn } from '../web/web-support';
import { submit } from '../indicators/indicator-data';
import { ownEpisodes } from './results-data';

/** Names as a page may write them: as they are, and with HTML's escapes. */
function spellings(name: string): string[] {
  const escaped = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return [...new Set([name, escaped])];
}

describe('institution names on the results pages', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let own: InstitutionWorld;
  let published: InstitutionWorld;
  let unpublished: InstitutionWorld;
  let staff: Browser;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-06-01T10:00:00Z'));
    const admin = await createAdmin(t);
    own = await createInstitutionWorld(t, admin, 'helse-vest');
    published = await createInstitutionWorld(t, admin, 'helse-vest');
    unpublished = await createInstitutionWorld(t, admin, 'helse-vest');
    await submit(t, own.apiKey.headers, [...ownEpisodes(2025), ...ownEpisodes(2026)]);
    await submit(t, published.apiKey.headers, [...ownEpisodes(2025), ...ownEpisodes(2026)]);
    await submit(t, unpublished.apiKey.headers, ownEpisodes(2026));
    await t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send({ period: '2025' }).expect(201);
    // Late data of the published year: in the live figures, never in the publication.
    await submit(t, unpublished.apiKey.headers, ownEpisodes(2025));
    ({ browser: staff } = await signIn(t, own.staff.email));
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  /** Reads every path (as the staff member, or as the public) and says which of them name the institution. */
  async function naming(paths: string[], browser: Browser | null, name: string): Promise<string[]> {
    const found: string[] = [];
    for (const path of paths) {
      const res = browser ? await get(t, browser, path) : await t.http().get(path).set('Accept', 'text/html');
      expect([path, res.status]).toEqual([path, 200]);
      if (spellings(name).some((s) => res.text.includes(s))) found.push(path);
    }
    return found;
  }

  const staffPaths = (): string[] => {
    const paths: string[] = [];
    for (const period of ['2025', '2026', '12m']) {
      paths.push(`/app/results?period=${period}`, `/app/results/csv?period=${period}`);
      paths.push(`/app/results/completeness?period=${period}`);
      for (const table of ['coverage', 'registration', 'variables']) paths.push(`/app/results/completeness/csv/${table}?period=${period}`);
    }
    for (const period of ['2025', '2026'])
      for (const page of ['eq5d.index_change', 'outcome.home', 'completeness.admission?part=barthel', 'los.median']) {
        const [id, part] = page.split('?');
        const query = `?period=${period}${part ? `&${part}` : ''}`;
        paths.push(`/app/results/${id}${query}`);
        for (const table of ['scopes', 'trend', 'funnel', 'region', 'breakdowns']) paths.push(`/app/results/${id}/csv/${table}${query}`);
      }
    return paths;
  };

  const publicPaths = (): string[] => {
    const paths = ['/', '/resultater', '/resultater?period=2025', '/resultater/csv/regions', '/resultater/csv/institutions'];
    for (const id of INDICATOR_IDS) {
      paths.push(`/resultater/${id}`);
      for (const table of ['scopes', 'institutions', 'funnel', 'trend']) paths.push(`/resultater/${id}/csv/${table}`);
    }
    return paths;
  };

  it("names no unpublished institution on another institution's staff pages, and the published one where it was published", async () => {
    const paths = staffPaths();
    expect(await naming(paths, staff, unpublished.name)).toEqual([]);
    // The published institution is named in the region's bars and the funnel as published for 2025.
    const named = await naming(
      ['/app/results/eq5d.index_change?period=2025', '/app/results/eq5d.index_change/csv/region?period=2025'],
      staff,
      published.name,
    );
    expect(named).toHaveLength(2);
  }, 300_000);

  it('names no unpublished institution on any public page, picture or CSV', async () => {
    const paths = publicPaths();
    expect(await naming(paths, null, unpublished.name)).toEqual([]);
    expect(
      await naming(['/resultater', '/resultater/csv/institutions', '/resultater/eq5d.index_change'], null, published.name),
    ).toHaveLength(3);
    // The machine-readable funnel the pages link to: the published institutions only.
    const funnel = await t
      .http()
      .get('/api/v1/public/indicators/funnel')
      .query({ period: '2025', indicator: 'eq5d.index_change' })
      .expect(200);
    expect(JSON.stringify(funnel.body)).toContain(published.name);
    expect(JSON.stringify(funnel.body)).not.toContain(unpublished.name);
  }, 300_000);

  it('names the unpublished institution to its own staff, who see their own figures live', async () => {
    const { browser } = await signIn(t, unpublished.staff.email);
    expect(
      await naming(['/app/results?period=2026', '/app/results/eq5d.index_change?period=2026'], browser, unpublished.name),
    ).toHaveLength(2);
  }, 120_000);
});
