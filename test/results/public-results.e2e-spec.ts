/**
 * The public results pages (issue 22) on a synthetic register published for 2024 and 2025, plus a
 * small institution whose figures are all hidden: the tables show the public API's numbers, each
 * CSV the numbers of its table, hidden cells say why and never show their value, every page
 * renders in nb, nn and en, bad input is a 400 or 404 page, and a correction renews cached pages.
 */
import { Clock } from '../../src/clock/clock';
import { loadConfig } from '../../src/config/config';
import { generateSyntheticRegister } from '../../src/demo/synthetic-register';
import { scaleOf, shownValue } from '../../src/results/results-format';
import { createScratchDatabase } from '../support/database';
import { type Actor, createAdmin, createInstitutionWorld } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { submissionEpisode, submit } from '../indicators/indicator-data';

interface ApiFigure {
  id: string;
  unit: string;
  kind: string;
  value: number | null;
  n: number | null;
  ciLow?: number | null;
  ciHigh?: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
  parts?: ApiFigure[];
  part?: string;
}

/** The cells of a table on a page, by row, as text with the figure's shown numbers parsed. */
function tableRows(html: string, id: string): { header: string; cells: string[] }[] {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!table) throw new Error(`no table ${id}`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[1])![1];
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => {
    const cells = [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]);
    return { header: text(cells[0]), cells: cells.slice(1) };
  });
}

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .trim();
}

/** The numbers of a figure cell: value, CI, n (parsed from the language's format), or the hidden mark. */
function cellNumbers(cell: string): {
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number | null;
  hidden: boolean;
} {
  const num = (cls: string) => {
    const m = new RegExp(`<span class="${cls}">([^<]*)</span>`).exec(cell);
    if (!m) return null;
    const cleaned = m[1].replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.');
    return cleaned === '–' ? null : Number(cleaned);
  };
  return {
    value: num('rr-value'),
    ciLow: num('rr-ci-low'),
    ciHigh: num('rr-ci-high'),
    n: num('rr-n'),
    hidden: cell.includes('rr-suppressed'),
  };
}

function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted && c === '"' && csv[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  return rows;
}

describe('public results pages', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;
  let small: { id: string; name: string };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
    for (const [seed, year] of [
      [11, 2024],
      [12, 2025],
    ])
      await generateSyntheticRegister(scratch.ownerUrl, config, { episodes: 700, institutions: 5, seed, year, chunkSize: 400 });
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-06-01T10:00:00Z'));
    admin = await createAdmin(t);
    // A small institution: four closed episodes in 2025, so every figure of it is hidden (small_n).
    const world = await createInstitutionWorld(t, admin, 'helse-vest');
    small = { id: world.id, name: world.name };
    await submit(
      t,
      world.apiKey.headers,
      [0, 1, 2, 3].map((i) =>
        submissionEpisode({
          admission: `2025-03-0${i + 1}`,
          los: 20 + i,
          destination: 'home',
          eq5d: ['33333', '11111'],
          barthel: [40, 95],
        }),
      ),
    );
    for (const period of ['2024', '2025'])
      await t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send({ period }).expect(201);
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  const page = (path: string, headers: Record<string, string> = {}) =>
    t
      .http()
      .get(path)
      .set({ Accept: 'text/html', ...headers });
  const api = async (query: Record<string, string>): Promise<ApiFigure[]> =>
    (await t.http().get('/api/v1/public/indicators').query(query).expect(200)).body.indicators;

  it('shows the newest period with the public API numbers, and CSVs of exactly the tables', async () => {
    for (const path of ['/', '/resultater']) {
      const res = await page(path).expect(200);
      expect(res.text).toContain('<html lang="nb"');
      expect(res.text).toContain('året 2025');
    }
    const html = (await page('/resultater?lang=nb').expect(200)).text;
    const rows = tableRows(html, 'regions');
    const scopes = ['national', 'region:helse-nord', 'region:helse-midt-norge', 'region:helse-vest', 'region:helse-sor-ost'];
    const published = await Promise.all(scopes.map((scope) => api({ period: '2025', scope })));
    const index = rows.find((r) => r.header === 'Endring i EQ-5D-indeks')!;
    expect(index).toBeDefined();
    let compared = 0;
    scopes.forEach((_, s) => {
      const figure = published[s].find((f) => f.id === 'eq5d.index_change')!;
      const shown = cellNumbers(index.cells[s + 1]);
      if (figure.suppressed) expect(shown.hidden).toBe(true);
      else {
        const scale = scaleOf(figure.unit);
        expect(shown).toMatchObject({ value: shownValue(figure.value, scale), ciLow: shownValue(figure.ciLow, scale), n: figure.n });
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(1);
    // Every figure cell of the table against its CSV row.
    const csv = parseCsv(
      (
        await t
          .http()
          .get('/resultater/csv/regions?lang=nb')
          .expect(200)
          .expect('Content-Type', /text\/csv/)
      ).text,
    );
    expect(csv.length - 1).toBe(rows.length);
    rows.forEach((row, i) => {
      const line = csv[i + 1];
      expect(line[0]).toBe(row.header);
      row.cells.slice(1).forEach((cell, s) => {
        const shown = cellNumbers(cell);
        const [value, ciLow, ciHigh, n, , reason] = line.slice(2 + s * 6, 8 + s * 6);
        expect({ value: value === '' ? null : Number(value), n: n === '' ? null : Number(n), hidden: reason !== '' }).toEqual({
          value: shown.value,
          n: shown.n,
          hidden: shown.hidden,
        });
        if (shown.ciLow !== null) expect([Number(ciLow), Number(ciHigh)]).toEqual([shown.ciLow, shown.ciHigh]);
      });
    });
  });

  it('shows a small institution as hidden with the reason, and its values nowhere', async () => {
    // Its own live figures, as its staff would see them: the values are there, but hidden below the threshold.
    const html = (await page('/resultater').expect(200)).text;
    const row = tableRows(html, 'institutions').find((r) => r.header.startsWith(small.name))!;
    expect(row).toBeDefined();
    // Coverage is unknown without expected counts (–); the three indicators are hidden.
    for (const cell of row.cells.slice(2)) expect(cell).toContain('Skjult: færre enn 10 forløp');
    const indicatorPages: string[] = [];
    for (const id of ['barthel.change', 'outcome.home', 'los.median', 'eq5d.index_change'])
      indicatorPages.push((await page(`/resultater/${id}`).expect(200)).text);
    for (const shown of indicatorPages) {
      const own = tableRows(shown, 'institutions').find((r) => r.header.startsWith(small.name))!;
      expect(own.cells[1]).toContain('Skjult: færre enn 10 forløp');
      expect(own.cells[1]).not.toContain('rr-value');
      // Hidden institutions are not drawn: the name is in no picture.
      for (const svg of shown.match(/<svg[\s\S]*?<\/svg>/g) ?? []) expect(svg).not.toContain(small.name);
    }
    const csvs = await Promise.all(
      ['/resultater/csv/institutions', '/resultater/barthel.change/csv/institutions', '/resultater/barthel.change/csv/funnel'].map(
        async (path) => parseCsv((await t.http().get(path).expect(200)).text),
      ),
    );
    for (const csv of csvs) {
      const own = csv.find((r) => r[0].startsWith(small.name))!;
      expect(own).toBeDefined();
      const columns = csv[0];
      // Every number of the row is empty and every figure says why: nothing but the names and the reasons is left.
      own.forEach((value, i) => {
        if (columns[i].startsWith('coverage'))
          expect(value).toBe(''); // unknown without expected counts
        else if (columns[i].endsWith('suppressed_reason')) expect(value).toBe('small_n');
        else if (i > 1) expect(value).toBe('');
      });
    }
    // The values it would have (55 Barthel points, everyone home, 21.5 days) are in none of its rows.
    for (const shown of [html, ...indicatorPages]) {
      const rows = (shown.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? []).filter((row) => row.includes(small.name));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).not.toMatch(/55[,.]0|100[,.]0|21[,.]5/);
    }
  });

  it('draws the funnel, bars and trend as SVG with a title, a description and a table each', async () => {
    const html = (await page('/resultater/outcome.home?lang=en').expect(200)).text;
    expect(html.match(/<svg[^>]*role="img"/g)?.length).toBe(3);
    for (const prefix of ['funnel', 'bars', 'trend']) {
      expect(html).toContain(`<title id="${prefix}-title">`);
      expect(html).toMatch(new RegExp(`<desc id="${prefix}-desc">[^<]{20,}`));
    }
    for (const id of ['scopes', 'funnel', 'institutions', 'trend']) expect(html).toMatch(new RegExp(`<table[^>]*id="${id}"`));
    expect(html).toContain('<th scope="col">');
    expect(html).toContain('<caption');
    expect(tableRows(html, 'trend').map((r) => r.header)).toEqual(['2024', '2025']);
    expect(html).toContain('Discharged home');
    expect(html).not.toContain('<script');
  });

  it('renders every page in nb, nn and en, with the language’s numbers', async () => {
    const titles = { nb: 'Utskrevet til hjemmet', nn: 'Utskriven til heimen', en: 'Discharged home' };
    for (const lang of ['nb', 'nn', 'en'] as const) {
      for (const path of [
        '/',
        '/resultater',
        '/resultater/outcome.home',
        '/resultater/eq5d.pchc?part=worse',
        '/resultater/completeness.admission',
      ]) {
        const res = await page(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`).expect(200);
        expect(res.text).toContain(`<html lang="${lang}"`);
      }
      const html = (await page(`/resultater?lang=${lang}`).expect(200)).text;
      expect(html).toContain(titles[lang]);
      const value = /<span class="rr-value">([^<]*)<\/span>/.exec(html.slice(html.indexOf('Endring') > 0 ? 0 : 0))![1];
      expect(value).toMatch(lang === 'en' ? /^-?\d+\.\d+/ : /^-?\d+,\d+/);
    }
    // Accept-Language decides without ?lang=; ?lang= wins over it.
    expect((await page('/resultater', { 'Accept-Language': 'nn-NO' })).text).toContain('<html lang="nn"');
    expect((await page('/resultater?lang=en', { 'Accept-Language': 'nn-NO' })).text).toContain('<html lang="en"');
  });

  it("gives the API's human texts in the language asked for, with English field names", async () => {
    const title = async (query: Record<string, string>, headers: Record<string, string> = {}) =>
      (
        await t
          .http()
          .get('/api/v1/public/indicators')
          .query({ period: '2025', indicator: 'outcome.home', ...query })
          .set(headers)
          .expect(200)
      ).body.indicators[0].title;
    expect(await title({})).toBe('Discharged home');
    expect(await title({ lang: 'nb' })).toBe('Utskrevet til hjemmet');
    expect(await title({}, { 'Accept-Language': 'nn-NO,nn;q=0.9' })).toBe('Utskriven til heimen');
    expect(await title({ lang: 'en' }, { 'Accept-Language': 'nb' })).toBe('Discharged home');
    await t.http().get('/api/v1/public/indicators').query({ period: '2025', lang: 'xx' }).expect(400);
    // The pages' link to the API works as linked.
    const html = (await page('/resultater?lang=nn').expect(200)).text;
    const link = /href="(\/api\/v1\/public\/indicators\?[^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');
    expect((await t.http().get(link).expect(200)).body.indicators[0].title).toBe('Registrering ved innlegging');
  });

  it('answers bad input with a 400 page and unknown things with a 404 page, in the reader’s language', async () => {
    const bad = await page('/resultater?period=2025-Q7&lang=en').expect(400);
    expect(bad.text).toContain('There is no period “2025-Q7”');
    expect(bad.text).toContain('href="/resultater?lang=en"');
    expect((await page('/resultater?lang=xx', { 'Accept-Language': 'nn' }).expect(400)).text).toContain('Språket «xx» finst ikkje');
    expect((await page('/resultater/eq5d.pchc?part=nope').expect(400)).text).toContain('Delen «nope» finnes ikke');
    expect((await page('/resultater/no.such.indicator').expect(404)).text).toContain('Indikatoren finnes ikke.');
    await page('/resultater?period=2019').expect(404);
    await page('/resultater?period=12m').expect(404);
    await page('/resultater/csv/nothing').expect(404);
    await page('/resultater?version=0').expect(400);
  });

  it('renews every cached page of a period when a correction is published', async () => {
    const before = (await page('/resultater?lang=en').expect(200)).text;
    expect(before).toContain('<dd class="rr-version">1 / 1</dd>');
    const beforeIndicator = (await page('/resultater/outcome.home?lang=en').expect(200)).text;
    expect(beforeIndicator).toContain('1 / 1');
    await t
      .http()
      .post('/api/v1/admin/indicator-snapshots')
      .set(admin.headers)
      .send({ period: '2025', correctionReason: 'Late discharge forms from one institution were added' })
      .expect(201);
    const after = (await page('/resultater?lang=en').expect(200)).text;
    expect(after).toContain('<dd class="rr-version">2 / 2</dd>');
    expect(after).toContain('Late discharge forms from one institution were added');
    expect((await page('/resultater/outcome.home?lang=en').expect(200)).text).toContain('2 / 2');
    // The first version stays readable, and says it has been corrected since.
    expect((await page('/resultater?lang=en&version=1').expect(200)).text).toContain('These figures have been corrected since');
  });
});
