/**
 * The demo register as the README describes it, loaded as on a given day (the injected Clock), so
 * the README's numbers are the generator's and cannot drift; and the demo's publication of last
 * year within its grace period (docs/indicators.md, "Publishing rules").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Clock } from '../../src/clock/clock';
import { DEMO_INSTITUTIONS, DEMO_REGISTER, DemoData } from '../../src/demo/demo-data';
import { createScratchDatabase, withClient } from '../support/database';
import { createTestApp } from '../support/test-app';

/** Loads the demo into a scratch database as on `day`, and returns what `inspect` finds there. */
async function demoLoadedOn<T>(day: string, inspect: (ownerUrl: string) => Promise<T>): Promise<T> {
  const scratch = await createScratchDatabase();
  const t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
  try {
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(`${day}T12:00:00Z`));
    expect(await t.app.get(DemoData).ensureLoaded()).toBe('loaded');
    return await inspect(scratch.ownerUrl);
  } finally {
    await t.close();
    await scratch.drop();
  }
}

// each test loads a whole demo register (with its research extract and own-data export)
jest.setTimeout(180_000);

const rows = <Row>(url: string, sql: string) => withClient(url, async (c) => (await c.query(sql)).rows as Row[]);
const thousands = (n: number) => n.toLocaleString('en-GB');

describe('the demo register', () => {
  it('holds what the README says it holds', async () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const paragraph = /The first start also generates[^#]*?first start\./.exec(readme)![0];
    const found = await demoLoadedOn('2026-11-29', async (url) => ({
      admissions: await rows<{ year: number; episodes: number }>(
        url,
        `SELECT extract(year FROM admission_date)::int AS year, count(*)::int AS episodes FROM episodes GROUP BY 1 ORDER BY 1`,
      ),
      institutions: await rows<{ synthetic: number; demo: number }>(
        url,
        `SELECT count(*) FILTER (WHERE name LIKE 'Syntetisk rehabilitering %')::int AS synthetic,
                count(*) FILTER (WHERE org_number = ANY ('{${DEMO_INSTITUTIONS.map((i) => i.orgNumber).join(',')}}'))::int AS demo
           FROM institutions`,
      ),
      published: await rows<{ period: string; early: string | null }>(
        url,
        `SELECT period, early_publication_reason AS early FROM indicator_snapshots`,
      ),
      // the FHIR transaction Bundle Demo Nord's system sent
      fhirDemo: await rows<{ admitted: string; responses: number }>(
        url,
        `SELECT e.admission_date::text AS admitted, count(r.id)::int AS responses
           FROM episodes e JOIN responses r ON r.episode_id = e.id WHERE e.external_id = 'FHIR-DEMO-1' GROUP BY 1`,
      ),
    }));
    expect(found.fhirDemo).toEqual([{ admitted: '2026-10-20', responses: 4 }]);
    expect(found.institutions).toEqual([{ synthetic: 2 * DEMO_REGISTER.syntheticInstitutions, demo: 2 }]);
    expect(found.admissions.map((r) => r.year)).toEqual([2024, 2025, 2026]);
    const [before, last, current] = found.admissions.map((r) => thousands(r.episodes));
    expect(paragraph).toContain(
      `${thousands(DEMO_REGISTER.lastYear)} episodes around last year and ${thousands(DEMO_REGISTER.thisYear)} around this year`,
    );
    expect(paragraph).toContain(`${2 * DEMO_REGISTER.syntheticInstitutions} synthetic ones`);
    expect(paragraph).toContain(`${last} admissions in 2025, ${current} in 2026 and ${before} in 2024`);
    // 2025 ended 333 days before: published without force.
    expect(found.published).toEqual([{ period: '2025', early: null }]);
  });

  it('publishes last year with force and says why when it starts within the grace period', async () => {
    const published = await demoLoadedOn('2026-02-10', (url) =>
      rows<{ period: string; early: string | null }>(url, `SELECT period, early_publication_reason AS early FROM indicator_snapshots`),
    );
    expect(published).toEqual([{ period: '2025', early: expect.stringContaining('Demo data') }]);
  });
});
