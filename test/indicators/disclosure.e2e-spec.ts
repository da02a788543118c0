/**
 * Disclosure control through the API (issue 19): a register where the old per-table rules leaked,
 * published, then attacked by an independent LP audit over the public API's answers; and the
 * dry run and the refusal (409) of a publication whose audit fails.
 */
import { PROGRAMMES, SERVICE_LEVELS, SETTINGS } from '../../src/episodes/episode.enums';
import { REGIONS } from '../../src/institutions/institution.entity';
import { createScratchDatabase } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { expectProtected, type ReaderTable } from './disclosure-reader';
import { EpisodeSpec, submissionEpisode, submit } from './indicator-data';

const MARGIN = 3;
const THRESHOLD = 10;
const BREAKDOWNS = [
  'all',
  ...PROGRAMMES.map((p) => `programme:${p}`),
  ...SETTINGS.map((s) => `setting:${s}`),
  ...SERVICE_LEVELS.map((l) => `serviceLevel:${l}`),
];

const day = (i: number) => `2025-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + ((i * 3) % 27)).padStart(2, '0')}`;
const episode = (i: number, more: Partial<EpisodeSpec> = {}): EpisodeSpec => ({
  admission: day(i),
  los: 10 + (i % 9),
  wait: 5 + (i % 7),
  destination: i % 4 === 0 ? 'nursing_home' : 'home',
  eq5d: [['33333', '44444', '32323', '23232'][i % 4], ['22222', '33333', '21212', '12121'][i % 4]],
  vas: [40 + (i % 5), 60 + (i % 7)],
  barthel: [50 + (i % 6) * 5, 70 + (i % 5) * 5],
  ...more,
});

type Figure = ReaderTable['indicators'][number] & { value: number | null; suppressed: boolean };
const find = (t: ReaderTable, id: string) => t.indicators.find((i) => i.id === id) as Figure;

describe('disclosure control across everything published for a period', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let c: InstitutionWorld;
  const publish = (body: object) => t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send(body);

  /** Every published table of the period as the public gets it; a 404 is a table not published. */
  async function publicTables(period: string): Promise<ReaderTable[]> {
    const scopes: { scope: string; region?: string }[] = [
      { scope: 'national' },
      ...REGIONS.map((r) => ({ scope: `region:${r}` })),
      ...[a, b, c].map((w) => ({ scope: `institution:${w.id}`, region: w.region })),
    ];
    const tables: ReaderTable[] = [];
    for (const { scope, region } of scopes) {
      for (const breakdown of BREAKDOWNS) {
        const [filter, value] = breakdown.split(':');
        const res = await t
          .http()
          .get('/api/v1/public/indicators')
          .query({ period, scope, ...(value ? { [filter]: value } : {}) });
        if (res.status === 404) continue;
        expect(res.status).toBe(200);
        tables.push({ scope, breakdown, region, indicators: res.body.indicators });
      }
    }
    return tables;
  }

  beforeAll(async () => {
    // Publishing is register-wide: a database of its own.
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    b = await createInstitutionWorld(t, admin, 'helse-nord');
    c = await createInstitutionWorld(t, admin, 'helse-vest');
    // A: 16 inpatient and 8 ambulatory stroke episodes. The ambulatory cell (8) was recoverable
    // from helse-nord's total and inpatient row and the institutions' totals by setting.
    const aSpecs = [...Array(16).keys()]
      .map((i) => episode(i))
      .concat([...Array(8).keys()].map((i) => episode(100 + i, { setting: 'ambulatory' })));
    // B: 18 inpatient episodes, 11 stroke and 7 cardiac.
    const bSpecs = [...Array(18).keys()].map((i) => episode(200 + i, { programme: i < 11 ? 'stroke' : 'cardiac' }));
    // C: 13 episodes, Barthel paired on 7 of them only (the completeness of Barthel pairs showed 7
    // while barthel.change, n = 7, was hidden) and no EQ VAS at all (n = 0 cells were published).
    const cSpecs = [...Array(13).keys()].map((i) => episode(300 + i, { vas: undefined, ...(i < 7 ? {} : { barthel: undefined }) }));
    await submit(t, a.apiKey.headers, aSpecs.map(submissionEpisode));
    await submit(t, b.apiKey.headers, bSpecs.map(submissionEpisode));
    await submit(t, c.apiKey.headers, cSpecs.map(submissionEpisode));
  });

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  it('answers a dry run with what would be hidden and the audit, and publishes nothing', async () => {
    const dry = await publish({ period: '2025', dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({
      period: '2025',
      dryRun: true,
      audit: { passed: true, threshold: THRESHOLD, margin: MARGIN, failures: [] },
    });
    expect(dry.body.audit.hiddenCounts).toBeGreaterThan(0);
    expect(dry.body.hidden).toContainEqual({
      scope: `institution:${a.id}`,
      breakdown: 'setting:ambulatory',
      indicator: 'eq5d.index_change',
      reason: 'small_n',
    });
    await t.http().get('/api/v1/public/indicators').query({ period: '2025' }).expect(404);
    const list = await t.http().get('/api/v1/admin/indicator-snapshots').set(admin.headers).expect(200);
    expect(list.body).toEqual([]);
  });

  it('publishes so that an independent LP audit of the public answers finds every hidden count undetermined by ± the margin', async () => {
    const published = await publish({ period: '2025' }).expect(201);
    expect(published.body.disclosureAudit).toMatchObject({ passed: true, margin: MARGIN, threshold: THRESHOLD, failures: [] });
    const tables = await publicTables('2025');

    // The three leaks of the old rules are closed.
    const cAll = tables.find((x) => x.scope === `institution:${c.id}` && x.breakdown === 'all')!;
    expect(find(cAll, 'barthel.change')).toMatchObject({ suppressed: true, n: null });
    const pairedBarthel = find(cAll, 'completeness.paired').parts!.find((p) => p.part === 'barthel')!;
    expect(pairedBarthel).toMatchObject({ events: null });
    expect(find(cAll, 'eq5d.vas_change')).toMatchObject({ suppressed: true, suppressionReason: 'small_n', n: null, value: null });
    const aAmbulatory = tables.find((x) => x.scope === `institution:${a.id}` && x.breakdown === 'setting:ambulatory')!;
    expect(find(aAmbulatory, 'eq5d.index_change')).toMatchObject({ suppressed: true, n: null });
    // No shown count is small, and no hidden one is pinned (the independent reader's LP).
    expectProtected(tables, THRESHOLD, MARGIN);
  });

  it('refuses to publish (409) when the audit fails, naming each cell, and a dry run shows the same audit', async () => {
    // A margin of 20 episodes cannot be kept for hidden counts of a register this small.
    const current = await t.http().get('/api/v1/admin/indicator-settings').set(admin.headers).expect(200);
    await t
      .http()
      .put('/api/v1/admin/indicator-settings')
      .set(admin.headers)
      .send({
        reason: 'Audit with a very wide protection margin',
        parameters: { ...current.body.parameters, protectionMargin: 20 },
        targets: current.body.targets,
      })
      .expect(200);
    const dry = await publish({ period: '2025-Q2', dryRun: true }).expect(200);
    expect(dry.body.audit.passed).toBe(false);
    expect(dry.body.audit.failures.length).toBeGreaterThan(0);

    const refused = await publish({ period: '2025-Q2' }).expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: 'urn:rehabreg:problem:disclosure-audit-failed', status: 409 });
    expect(refused.body.errors).toHaveLength(dry.body.audit.failures.length);
    for (const error of refused.body.errors) {
      expect(error).toEqual({
        pointer: '/period',
        detail: expect.stringContaining(error.scope),
        scope: expect.stringMatching(/^(national|region:|institution:)/),
        breakdown: expect.stringMatching(/^(all|programme:|setting:|serviceLevel:)/),
        indicator: expect.any(String),
      });
    }
    await t.http().get('/api/v1/public/indicators').query({ period: '2025-Q2' }).expect(404);
    const list = await t.http().get('/api/v1/admin/indicator-snapshots').set(admin.headers).expect(200);
    expect(list.body.map((s: { period: string }) => s.period)).toEqual(['2025']);
  });
});
