/**
 * The staff's completeness page (issue 22): participation and coverage against the expected counts,
 * forms and variable completeness as the live API gives them, each table's CSV the same numbers, and
 * the institution's open items (episodes missing a discharge or its forms, responses out of window),
 * paged on the server, linking to the episode pages, audited, never another institution's.
 */
import { Clock } from '../../src/clock/clock';
import { scaleOf, shownValue } from '../../src/results/results-format';
import { asOwner } from '../support/database';
import { createAdmin, createInstitutionWorld, type InstitutionWorld } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { submissionEpisode, submit, type EpisodeSpec } from '../indicators/indicator-data';
import { type Browser, get, signIn } from '../web/web-support';

const COMPLETE: EpisodeSpec = {
  admission: '2026-03-02',
  los: 14,
  eq5d: ['33333', '21211'],
  barthel: [60, 90],
  programme: 'acquired_brain_injury',
};

describe('the staff completeness page', () => {
  let t: TestApp;
  let own: InstitutionWorld;
  let other: InstitutionWorld;
  let browser: Browser;
  const ids = new Map<string, string>();

  const spec = (externalId: string, s: Partial<EpisodeSpec>): EpisodeSpec => ({ ...COMPLETE, externalId, ...s });

  beforeAll(async () => {
    t = await createTestApp();
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-06-01T10:00:00Z'));
    const admin = await createAdmin(t);
    own = await createInstitutionWorld(t, admin, 'helse-vest');
    other = await createInstitutionWorld(t, admin, 'helse-vest');
    await submit(t, own.apiKey.headers, [
      // Twenty complete episodes: none is an open item.
      ...Array.from({ length: 20 }, (_, i) =>
        submissionEpisode(spec(`OK-${i}`, { admission: `2026-02-${String(i + 1).padStart(2, '0')}` })),
      ),
      submissionEpisode(spec('OPEN-1', { admission: '2026-05-20', los: undefined, barthel: undefined })),
      submissionEpisode(spec('NODIS-1', { admission: '2026-04-01', eq5d: ['33333', null], barthel: undefined })),
      submissionEpisode(spec('LATE-1', { admission: '2026-04-10', eq5dDischargeDelay: 12 })),
      // Stroke episodes need mRS too.
      submissionEpisode(spec('STROKE-1', { admission: '2025-12-20', programme: 'stroke', mrs: [3, null] })),
      // Twenty-six more without their discharge forms, for the second page.
      ...Array.from({ length: 26 }, (_, i) =>
        submissionEpisode(
          spec(`MORE-${i}`, { admission: `2026-01-${String(i + 1).padStart(2, '0')}`, eq5d: ['33333', null], barthel: undefined }),
        ),
      ),
    ]);
    await submit(t, other.apiKey.headers, [submissionEpisode(spec('THEIRS-1', { admission: '2026-04-01', eq5d: ['33333', null] }))]);
    await t
      .http()
      .put('/api/v1/admin/indicator-expectations/2026')
      .set(admin.headers)
      .send({ institutions: [{ institutionId: own.id, expectedEpisodes: 80 }, { institutionId: other.id }] })
      .expect(200);
    const listed = await t.http().get('/api/v1/episodes').query({ limit: 500 }).set(own.apiKey.headers).expect(200);
    for (const e of listed.body.items as { id: string; externalId: string }[]) ids.set(e.externalId, e.id);
    ({ browser } = await signIn(t, own.staff.email));
  }, 120_000);

  afterAll(() => t?.close());

  const page = async (query = '') => {
    const res = await get(t, browser, `/app/results/completeness?period=2026${query}`);
    expect(res.status).toBe(200);
    return res.text;
  };
  const listedIds = (html: string) => [...html.matchAll(/href="\/app\/episodes\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  const rowOf = (html: string, externalId: string) =>
    new RegExp(
      `<tr><th scope="row"><a class="ds-link" href="/app/episodes/${ids.get(externalId)}">${externalId}</a></th>([\\s\\S]*?)</tr>`,
    ).exec(html)?.[1];

  it('lists the open items, newest first, 25 a page, each linking to its episode', async () => {
    const first = await page();
    expect(first).toContain(`Kompletthet – ${own.name}`);
    expect(first).toContain('Side 1 av 2');
    const onFirst = listedIds(first);
    expect(onFirst).toHaveLength(25);
    expect(onFirst.slice(0, 3)).toEqual([ids.get('OPEN-1'), ids.get('LATE-1'), ids.get('NODIS-1')]);
    expect(rowOf(first, 'OPEN-1')).toContain('Ikke utskrevet (mangler utskrivning)');
    expect(rowOf(first, 'NODIS-1')).toContain('Mangler utskrivningsskjema: EQ-5D-5L, Barthel');
    expect(rowOf(first, 'NODIS-1')).toContain('Mangler innleggelsesskjema: Barthel');
    expect(rowOf(first, 'LATE-1')).toContain('Svar utenfor tidsvinduet: EQ-5D-5L ved utskrivning, besvart');
    expect(rowOf(first, 'LATE-1')).not.toContain('Mangler utskrivningsskjema');
    const second = await page('&page=2');
    const onSecond = listedIds(second);
    expect(onSecond).toHaveLength(30 - 25);
    expect(rowOf(second, 'STROKE-1')).toContain('Mangler utskrivningsskjema: mRS');
    expect(new Set([...onFirst, ...onSecond]).size).toBe(30);
    for (let i = 0; i < 20; i++) expect([...onFirst, ...onSecond]).not.toContain(ids.get(`OK-${i}`));
    expect(first + second).not.toContain('THEIRS-1');
  });

  it('counts the items by kind and filters by one, keeping the filter when paging', async () => {
    const html = await page();
    expect(html).toContain('Ikke utskrevet (mangler utskrivning): 1 forløp');
    expect(html).toContain('Mangler utskrivningsskjema: 28 forløp');
    expect(html).toContain('Mangler innleggelsesskjema: 27 forløp');
    expect(html).toContain('Svar utenfor tidsvinduet: 1 forløp');
    const late = await page('&item=out_of_window');
    expect(listedIds(late)).toEqual([ids.get('LATE-1')]);
    const missing = await page('&item=discharge_missing');
    expect(listedIds(missing)).toHaveLength(25);
    expect(missing).toContain('href="/app/results/completeness?period=2026&amp;item=discharge_missing&amp;page=2"');
  });

  it('gives every open item under the filter as CSV, not only a page', async () => {
    const all = (await get(t, browser, '/app/results/completeness/csv/open-items?period=2026')).text.trim().split('\r\n');
    expect(all[0]).toBe(
      'external_id,episode_id,admission_date,discharge_date,not_discharged,discharge_missing,admission_missing,out_of_window',
    );
    expect(all).toHaveLength(1 + 30);
    expect(all).toContain(`NODIS-1,${ids.get('NODIS-1')},2026-04-01,2026-04-15,,eq5d-5l barthel,barthel,`);
    expect(all).toContain(`LATE-1,${ids.get('LATE-1')},2026-04-10,2026-04-24,,,,discharge:eq5d-5l:2026-05-06`);
    expect(all).toContain(`OPEN-1,${ids.get('OPEN-1')},2026-05-20,,yes,,,`);
    const missing = (await get(t, browser, '/app/results/completeness/csv/open-items?period=2026&item=discharge_missing')).text
      .trim()
      .split('\r\n');
    expect(missing).toHaveLength(1 + 28);
    expect((await page()).includes('href="/app/results/completeness/csv/open-items?period=2026"')).toBe(true);
  });

  it('audits the listed episodes as a read by the signed-in user', async () => {
    await page('&item=out_of_window');
    const rows = await asOwner(
      async (c) =>
        (
          await c.query(`SELECT actor_id, institution_id FROM audit_events WHERE action = 'episode.list' AND $1 = ANY (object_ids)`, [
            ids.get('LATE-1'),
          ])
        ).rows,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toContainEqual({ actor_id: own.staff.id, institution_id: own.id });
  });

  it('shows participation, coverage against the expected count, forms and variables as the live API, and CSVs of the same numbers', async () => {
    const html = await page();
    const api = await Promise.all(
      [`institution:${own.id}`, 'region:helse-vest', 'national'].map(
        async (scope) =>
          (await t.http().get('/api/v1/indicators').query({ scope, period: '2026' }).set(own.staff.headers).expect(200)).body
            .indicators as {
            id: string;
            unit: string;
            value: number | null;
            n: number | null;
            events?: number | null;
            suppressed: boolean;
            parts?: { part: string; value: number | null; n: number | null; suppressed: boolean }[];
          }[],
      ),
    );
    const coverage = api[0].find((i) => i.id === 'completeness.coverage')!;
    expect(coverage).toMatchObject({ n: 80, events: 49 });
    const coverageCsv = (await get(t, browser, '/app/results/completeness/csv/coverage?period=2026')).text.split('\r\n');
    expect(coverageCsv[0]).toBe(
      'scope,participation,participation_ci_low,participation_ci_high,participation_n,participation_zone,participation_suppressed_reason,coverage,coverage_ci_low,coverage_ci_high,coverage_n,coverage_zone,coverage_suppressed_reason,registered,expected',
    );
    const ownLine = coverageCsv[1].split(',');
    expect(ownLine[0]).toBe(own.name);
    expect(Number(ownLine[7])).toBe(shownValue(coverage.value, scaleOf(coverage.unit)));
    expect(ownLine.slice(-2).map(Number)).toEqual([49, 80]);
    expect(html).toMatch(/<td>49<\/td><td>80<\/td>/);

    const variables = api[0].find((i) => i.id === 'completeness.variables')!;
    const variablesCsv = (await get(t, browser, '/app/results/completeness/csv/variables?period=2026')).text.trim().split('\r\n');
    expect(variablesCsv).toHaveLength(1 + variables.parts!.length);
    const discharge = variables.parts!.find((p) => p.part === 'eq5d_discharge')!;
    const line = variablesCsv.find((l) => l.startsWith('EQ-5D ved utskrivning,'))!.split(',');
    expect([Number(line[1]), Number(line[4])]).toEqual([shownValue(discharge.value, scaleOf('share')), discharge.n]);
    expect(html).toMatch(/<table[^>]*id="registration"/);
    expect((await get(t, browser, '/app/results/completeness/csv/registration?period=2026')).status).toBe(200);
    expect((await get(t, browser, '/app/results/completeness/csv/nope?period=2026')).status).toBe(404);
  });

  it('answers bad input with a 400 page and another institution with a 404 page', async () => {
    expect((await get(t, browser, '/app/results/completeness?item=nope')).status).toBe(400);
    expect((await get(t, browser, '/app/results/completeness?page=0')).status).toBe(400);
    expect((await get(t, browser, '/app/results/completeness?period=2026-Q9')).status).toBe(400);
    const foreign = await get(t, browser, `/app/results/completeness?institution=${other.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain('THEIRS-1');
  });

  it('renders in each language, and the overview links to it', async () => {
    for (const [lang, words] of [
      ['nb', 'Åpne saker'],
      ['nn', 'Opne saker'],
      ['en', 'Open items'],
    ]) {
      const html = await page(`&lang=${lang}`);
      expect(html).toContain(`<html lang="${lang}"`);
      expect(html).toContain(words);
    }
    expect((await get(t, browser, '/app/results?period=2026')).text).toContain('href="/app/results/completeness?period=2026"');
  });
});
