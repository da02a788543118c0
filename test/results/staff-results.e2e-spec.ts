/**
 * The staff's results pages (issue 22): the own institution beside its region and the nation, as
 * the live API gives them (contributor rule included), each table's CSV the same numbers, no
 * unpublished figure of another institution, bad input as 400/404 pages, and `12m`.
 */
import { Clock } from '../../src/clock/clock';
import { loadConfig } from '../../src/config/config';
import { generateSyntheticRegister } from '../../src/demo/synthetic-register';
import { scaleOf, shownValue } from '../../src/results/results-format';
import { createScratchDatabase } from '../support/database';
import { createAdmin, createInstitutionWorld, type InstitutionWorld } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { type Browser, get, signIn } from '../web/web-support';
import { submissionEpisode, submit } from '../indicators/indicator-data';
import { ownEpisodes } from './results-data';

interface ApiFigure {
  id: string;
  unit: string;
  value: number | null;
  n: number | null;
  ciLow?: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
}

function tableRows(html: string, id: string): { header: string; cells: string[] }[] {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!table) throw new Error(`no table ${id}`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[1])![1];
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => {
    const cells = [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]);
    return { header: cells[0].replace(/<[^>]+>/g, '').trim(), cells: cells.slice(1) };
  });
}

function cellNumbers(cell: string) {
  const num = (cls: string) => {
    const m = new RegExp(`<span class="${cls}">([^<]*)</span>`).exec(cell);
    if (!m) return null;
    const cleaned = m[1].replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.');
    return cleaned === '–' ? null : Number(cleaned);
  };
  return { value: num('rr-value'), n: num('rr-n'), hidden: cell.includes('rr-suppressed') };
}

describe('the staff results pages', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let own: InstitutionWorld;
  let other: InstitutionWorld;
  let browser: Browser;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
    await generateSyntheticRegister(scratch.ownerUrl, config, { episodes: 600, institutions: 5, seed: 31, year: 2025, chunkSize: 400 });
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-06-01T10:00:00Z'));
    const admin = await createAdmin(t);
    own = await createInstitutionWorld(t, admin, 'helse-vest');
    other = await createInstitutionWorld(t, admin, 'helse-vest');
    await submit(t, own.apiKey.headers, [...ownEpisodes(2025), ...ownEpisodes(2026)]);
    // Another institution of the region with unpublished 2026 figures the staff must not see.
    await submit(t, other.apiKey.headers, ownEpisodes(2026));
    await t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send({ period: '2025' }).expect(201);
    ({ browser } = await signIn(t, own.staff.email));
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  const live = async (scope: string, period: string): Promise<ApiFigure[]> =>
    (await t.http().get('/api/v1/indicators').query({ scope, period }).set(own.staff.headers).expect(200)).body.indicators;

  it.each(['2025', '2026'])(
    'shows the own institution, its region and the nation as the live API does (%s), and the CSV of the table',
    async (period) => {
      const res = await get(t, browser, `/app/results?period=${period}`);
      expect(res.status).toBe(200);
      const html = res.text;
      expect(html).toContain(`<th scope="col">${own.name}</th>`);
      expect(html).toContain('<th scope="col">Helse Vest</th>');
      expect(html).toContain('<th scope="col">Nasjonalt</th>');
      if (period === '2026') expect(html).toContain('Foreløpig');
      const rows = tableRows(html, 'overview');
      const scopes = [`institution:${own.id}`, 'region:helse-vest', 'national'];
      const api = await Promise.all(scopes.map((scope) => live(scope, period)));
      let compared = 0;
      for (const id of ['eq5d.index_change', 'barthel.change', 'outcome.home', 'los.median']) {
        const row = rows.find(
          (r) =>
            r.header ===
            {
              'eq5d.index_change': 'Endring i EQ-5D-indeks',
              'barthel.change': 'Endring i Barthel-indeks',
              'outcome.home': 'Utskrevet til hjemmet',
              'los.median': 'Liggetid',
            }[id],
        )!;
        scopes.forEach((_, s) => {
          const figure = api[s].find((f) => f.id === id)!;
          const shown = cellNumbers(row.cells[s + 1]);
          if (figure.suppressed || figure.n === 0) {
            expect(shown.hidden).toBe(true);
            if (figure.suppressionReason === 'contributors') expect(row.cells[s + 1]).toContain('for få institusjoner bidrar');
          } else {
            expect(shown).toEqual({ value: shownValue(figure.value, scaleOf(figure.unit)), n: figure.n, hidden: false });
            compared++;
          }
        });
      }
      expect(compared).toBeGreaterThanOrEqual(4);
      const csv = (await get(t, browser, `/app/results/csv?period=${period}`)).text.trim().split('\r\n');
      expect(csv.length - 1).toBe(rows.length);
      rows.forEach((row, i) => {
        const line = csv[i + 1].split(',');
        row.cells.slice(1).forEach((cell, s) => {
          const shown = cellNumbers(cell);
          const value = line[line.length - 18 + s * 6];
          expect(value === '' ? null : Number(value)).toEqual(shown.value);
        });
      });
    },
  );

  it("shows an indicator's trend, funnel, region, breakdowns and case-mix, and no unpublished figure of another institution", async () => {
    const html = (await get(t, browser, '/app/results/eq5d.index_change?period=2026')).text;
    for (const id of ['scopes', 'casemix', 'trend', 'funnel', 'region', 'breakdowns'])
      expect(html).toMatch(new RegExp(`<table[^>]*id="${id}"`));
    expect(tableRows(html, 'trend').map((r) => r.header)).toEqual([
      '2023-Q3',
      '2023-Q4',
      '2024-Q1',
      '2024-Q2',
      '2024-Q3',
      '2024-Q4',
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
    ]);
    expect(html.match(/<svg[^>]*role="img"/g)?.length).toBeGreaterThanOrEqual(2);
    // 2026 is not published: the funnel is live with the own institution only; the other's name is only where it was published (2025, where it had nothing).
    expect(tableRows(html, 'funnel').map((r) => r.header)).toEqual([own.name]);
    expect(html).not.toContain(other.name);
    for (const csv of ['funnel', 'region', 'trend', 'breakdowns', 'casemix']) {
      const res = await get(t, browser, `/app/results/eq5d.index_change/csv/${csv}?period=2026`);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(other.name);
    }
    // The region's institutions as published for 2025.
    expect(html).toContain('Institusjonene i Helse Vest slik de ble publisert for året 2025.');
  });

  it('takes 12m, the last 12 complete months, live only', async () => {
    const res = await get(t, browser, '/app/results?period=12m&lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain('the last 12 complete months');
    expect(res.text).toContain('Live figures are not published');
  });

  it('answers bad input with a 400 page and unknown things with a 404 page', async () => {
    const bad = await get(t, browser, '/app/results?period=2026-Q5');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Perioden «2026-Q5» finnes ikke');
    expect(bad.text).toContain('href="/app/results"');
    expect((await get(t, browser, '/app/results?lang=xx')).status).toBe(400);
    expect((await get(t, browser, '/app/results/nope?lang=en')).text).toContain('There is no such indicator.');
    expect((await get(t, browser, '/app/results/nope')).status).toBe(404);
    expect((await get(t, browser, `/app/results?institution=${other.id}`)).status).toBe(404);
    expect((await get(t, browser, '/app/results/eq5d.pchc?part=nope')).status).toBe(400);
  });

  it('renders each page in each language', async () => {
    for (const lang of ['nb', 'nn', 'en']) {
      for (const path of ['/app/results', '/app/results/outcome.home', '/app/results/completeness.admission?part=barthel']) {
        const res = await get(t, browser, `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res.status).toBe(200);
        expect(res.text).toContain(`<html lang="${lang}"`);
      }
    }
  });

  it('shows an episode registered a moment ago in the overview, as the API does (the own cube rebuilt for its cell)', async () => {
    const ownIndexChange = async () => {
      const row = tableRows((await get(t, browser, '/app/results?period=2026')).text, 'overview').find(
        (r) => r.header === 'Endring i EQ-5D-indeks',
      )!;
      return cellNumbers(row.cells[1]);
    };
    const before = await ownIndexChange();
    await submit(t, own.apiKey.headers, [
      submissionEpisode({ admission: '2026-04-01', los: 12, destination: 'home', eq5d: ['44444', '22222'], vas: [30, 70] }),
    ]);
    const after = await ownIndexChange();
    expect(after.n).toBe(before.n! + 1);
    const figure = (await live(`institution:${own.id}`, '2026')).find((f) => f.id === 'eq5d.index_change')!;
    expect(after).toEqual({ value: shownValue(figure.value, scaleOf(figure.unit)), n: figure.n, hidden: false });
  });
});
