import type { Client } from 'pg';
import { Clock } from '../../src/clock/clock';
import { eq5dIndex } from '../../src/instruments/eq5d.scoring';
import { CELL_KEYS, CELL_MEASURES, CUBE_PARTS, HISTOGRAM_COLUMNS } from '../../src/indicators/cube/cube-cells';
import { cubeSettings } from '../../src/indicators/cube/cube-freshness';
import { defaultIndicatorSettings } from '../../src/indicators/settings/indicator-settings';
import { countsByPopulation, INDICATOR_SPECS, type PublishedCount } from '../../src/indicators/indicator-specs';
import { proportionLimits, proportionOverdispersion } from '../../src/indicators/statistics/funnel';
import { createScratchDatabase, withClient } from '../support/database';
import { Actor, createAdmin, createInstitution, createInstitutionWorld, InstitutionWorld, newNationalId } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { EpisodeSpec, mean, sd, submissionEpisode, submit, T975, tCi, wilson, setProtectionMargin } from './indicator-data';

// Institution A (helse-nord): twelve complete episodes discharged in 2026, worked through by hand below.
const A_SPECS: EpisodeSpec[] = [
  { admission: '2026-01-05', los: 10, wait: 5, destination: 'home', eq5d: ['33333', '22222'], vas: [40, 60], barthel: [40, 70] },
  { admission: '2026-01-12', los: 14, wait: 10, destination: 'home', eq5d: ['44444', '33332'], vas: [30, 55], barthel: [55, 80] },
  {
    admission: '2026-02-02',
    los: 20,
    wait: 20,
    destination: 'home',
    eq5d: ['32323', '21212'],
    vas: [50, 70],
    barthel: [60, 75],
    mrs: [3, 1],
  },
  { admission: '2026-02-09', los: 21, wait: 3, destination: 'home', eq5d: ['22222', '22222'], vas: [60, 60], barthel: [90, 90] },
  { admission: '2026-02-16', los: 7, wait: 40, destination: 'home', eq5d: ['11111', '11111'], vas: [80, 85], barthel: [100, 100] },
  {
    admission: '2026-03-02',
    los: 30,
    wait: 14,
    destination: 'nursing_home',
    eq5d: ['23232', '34343'],
    vas: [70, 50],
    barthel: [85, 75],
    // Register content (issue 18), so every cube measure has something to count; its own figures are in register-content-indicators.
    rehabLevel: '5.2',
    professions: ['physician', 'nurse', 'physiotherapist', 'occupational_therapist'],
    individualPlan: 'established',
    coordinator: 'assigned',
    notifiedDaysBeforeDischarge: 3,
  },
  { admission: '2026-03-09', los: 12, destination: 'home', eq5d: ['32222', '23222'], vas: [55, 60], barthel: [70, 80] },
  { admission: '2026-03-16', los: 18, destination: 'home_with_services', eq5d: ['55555', '33333'], vas: [20, 50], barthel: [20, 60] },
  { admission: '2026-04-06', los: 25, destination: 'home_with_services', eq5d: ['43334', '32223'], vas: [35, 45], barthel: [65, 85] },
  { admission: '2026-04-13', los: 16, destination: 'home', eq5d: ['22332', '21332'], vas: [60, 75], barthel: [80, 95] },
  { admission: '2026-05-04', los: 9, destination: null, eq5d: ['31313', '31312'], vas: [50, 58], barthel: [75, 80] },
  { admission: '2026-05-11', los: 28, destination: 'nursing_home', eq5d: ['24242', '24243'], vas: [65, 60], barthel: [95, 100] },
];
/** A thirteenth episode whose discharge EQ-5D came 20 days after discharge: counted as an episode, never as a pair. */
const A_OUT_OF_WINDOW: EpisodeSpec = {
  admission: '2026-05-18',
  los: 15,
  destination: 'home',
  eq5d: ['33333', '11111'],
  vas: [40, 90],
  eq5dDischargeDelay: 20,
};
/** Never counted for 2026: a withdrawn patient, an open episode, a discharge in 2025. */
const A_WITHDRAWN: EpisodeSpec = {
  admission: '2026-02-20',
  los: 10,
  destination: 'home',
  eq5d: ['55555', '11111'],
  vas: [10, 100],
  barthel: [0, 100],
};
const A_OPEN: EpisodeSpec = { admission: '2026-06-01', eq5d: ['55555', null] };
const A_2025: EpisodeSpec = {
  admission: '2025-12-01',
  los: 19,
  destination: 'hospital',
  eq5d: ['55555', '11111'],
  vas: [10, 100],
  barthel: [0, 100],
};

// Institution C (helse-vest): eleven episodes, no Barthel; institution B (helse-vest): four, too few to publish.
const C_STATES: [string, string][] = [
  ['22222', '22222'],
  ['33333', '33333'],
  ['22322', '32322'],
  ['21111', '11111'],
  ['33233', '33333'],
  ['44444', '44444'],
  ['23222', '22222'],
  ['12121', '12121'],
  ['32323', '33323'],
  ['22222', '21222'],
  ['33333', '32333'],
];
const C_SPECS: EpisodeSpec[] = C_STATES.map((eq5d, i) => ({
  admission: `2026-04-${String(1 + i * 2).padStart(2, '0')}`,
  los: 10 + i,
  destination: i < 2 ? 'hospital' : 'home',
  eq5d,
  vas: [50, 50 + (i % 3) * 5],
}));
const B_SPECS: EpisodeSpec[] = [
  { admission: '2026-02-01', los: 20, destination: 'home', eq5d: ['44444', '22222'], vas: [30, 60], barthel: [50, 80] },
  { admission: '2026-02-05', los: 22, destination: 'home', eq5d: ['33333', '22222'], vas: [40, 70], barthel: [60, 90] },
  { admission: '2026-03-01', los: 18, destination: 'home', eq5d: ['55555', '44444'], vas: [20, 40], barthel: [30, 50] },
  { admission: '2026-03-10', los: 25, destination: 'home', eq5d: ['34343', '23232'], vas: [35, 55], barthel: [70, 85] },
];

const pairs = (specs: EpisodeSpec[]) => specs.map((s) => s.eq5d as [string, string]);
const indexChanges = (specs: EpisodeSpec[]) => pairs(specs).map(([a, d]) => eq5dIndex(d) - eq5dIndex(a));

type Indicator = {
  id: string;
  n: number | null;
  value: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
  [key: string]: unknown;
};
const find = (body: { indicators: Indicator[] }, id: string) => body.indicators.find((i) => i.id === id)!;
const partOf = (indicator: Indicator, part: string) => (indicator.parts as Indicator[]).find((p) => p.part === part)!;

describe('quality indicators on a hand-made register', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let c: InstitutionWorld;
  let d: { id: string };
  const asScratchOwner = <T>(work: (client: Client) => Promise<T>) => withClient(scratch.ownerUrl, work);
  const get = (actor: { headers: Record<string, string> } | null, path: string, query: Record<string, string>) =>
    t
      .http()
      .get(path)
      .query(query)
      .set(actor?.headers ?? {});

  /**
   * A's paired EQ-5D episodes in a published version: the n of eq5d.index_change where shown, else the
   * hidden count as the snapshot's disclosure audit keeps it (this small register hides A's total).
   */
  const pairedOfA = async (version: number): Promise<number> => {
    const report = await get(null, '/api/v1/public/indicators', {
      period: '2026',
      scope: `institution:${a.id}`,
      version: String(version),
    }).expect(200);
    const shown = find(report.body, 'eq5d.index_change').n as number | null;
    if (shown !== null) return shown;
    const { rows } = await asScratchOwner((client) =>
      client.query<{ n: string }>(
        `SELECT cell->>'n' AS n FROM indicator_snapshots s, jsonb_array_elements(s.disclosure_audit->'cells') cell
          WHERE s.period = '2026' AND s.version = $1 AND cell->>'id' = $2 AND cell->>'population' = 'eq5d_paired'`,
        [version, `institution:${a.id}|all`],
      ),
    );
    return Number(rows[0].n);
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    // Publishing 2026 needs a day after its grace period (docs/indicators.md, "Publishing rules").
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2027-06-01T10:00:00Z'));
    admin = await createAdmin(t);
    await setProtectionMargin(t, admin, 1);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    b = await createInstitutionWorld(t, admin, 'helse-vest');
    c = await createInstitutionWorld(t, admin, 'helse-vest');
    d = await createInstitution(t, admin, 'helse-sor-ost');

    // Episode 1's admission EQ-5D is first sent as 55555, then corrected to 33333: only the correction counts.
    const first = submissionEpisode(A_SPECS[0]);
    const wrong = {
      ...first,
      responses: (first.responses as Record<string, unknown>[]).map((r, i) =>
        i === 0
          ? {
              ...r,
              answers: { ...(r.answers as object), mobility: 5, selfCare: 5, usualActivities: 5, painDiscomfort: 5, anxietyDepression: 5 },
            }
          : r,
      ),
    };
    const withdrawnId = newNationalId(1950, 'male');
    await submit(t, a.apiKey.headers, [
      wrong,
      ...A_SPECS.slice(1).map(submissionEpisode),
      submissionEpisode(A_OUT_OF_WINDOW),
      submissionEpisode({ ...A_WITHDRAWN, nationalId: withdrawnId }),
      submissionEpisode(A_OPEN),
      submissionEpisode(A_2025),
    ]);
    await submit(t, a.apiKey.headers, [first]);
    await t.http().post('/api/v1/withdrawals').set(a.staff.headers).send({ nationalId: withdrawnId }).expect(200);
    await submit(t, b.apiKey.headers, B_SPECS.map(submissionEpisode));
    await submit(t, c.apiKey.headers, C_SPECS.map(submissionEpisode));
    await t
      .http()
      .put('/api/v1/admin/indicator-expectations/2026')
      .set(admin.headers)
      .send({
        institutions: [
          { institutionId: a.id, expectedEpisodes: 20 },
          { institutionId: b.id, expectedEpisodes: 4 },
          { institutionId: c.id },
          { institutionId: d.id, expectedEpisodes: 10 },
        ],
      })
      .expect(200);
  });

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  it('works out every indicator of institution A by hand, leaving out the withdrawn, open, out-of-window, superseded and 2025 data', async () => {
    const res = await get(a.staff, '/api/v1/indicators', { scope: `institution:${a.id}`, period: '2026' }).expect(200);
    expect(res.body).toMatchObject({
      period: '2026',
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
      source: 'live',
      scope: { kind: 'institution', institutionId: a.id },
      suppressionThreshold: 10,
      valueSet: { id: 'norway' },
    });
    expect(res.body.indicators.map((i: Indicator) => i.id)).toHaveLength(22);
    for (const indicator of res.body.indicators)
      expect(indicator).toMatchObject({ title: expect.any(String), definition: expect.any(String), kind: expect.any(String) });

    // 12 paired + 1 out-of-window = 13 closed episodes in 2026.
    const admission = find(res.body, 'completeness.admission');
    expect(partOf(admission, 'eq5d-5l')).toMatchObject({ n: 13, events: 13, value: 1 });
    expect(partOf(admission, 'barthel')).toMatchObject({ n: 13, events: 12, value: 12 / 13 });
    expect(partOf(admission, 'barthel').ciLow).toBeCloseTo(wilson(12, 13)[0], 6);
    const paired = find(res.body, 'completeness.paired');
    expect(partOf(paired, 'eq5d-5l')).toMatchObject({ n: 13, events: 12, zone: 'target_met' });

    // EQ-5D index change over the 12 pairs (the corrected 33333 → 22222 for episode 1), with a t interval (t(0.975, 11) = 2.200985).
    const changes = indexChanges(A_SPECS);
    const index = find(res.body, 'eq5d.index_change');
    expect(index).toMatchObject({ n: 12, valueSet: { id: 'norway', name: expect.any(String) }, suppressed: false });
    expect(index.value).toBeCloseTo(mean(changes), 12);
    expect(index.ciLow).toBeCloseTo(tCi(changes)[0], 6);
    expect(index.ciHigh).toBeCloseTo(tCi(changes)[1], 6);

    // VAS: changes 20 25 20 0 5 −20 5 30 10 15 8 −5 → 113/12.
    const vas = find(res.body, 'eq5d.vas_change');
    const vasChanges = [20, 25, 20, 0, 5, -20, 5, 30, 10, 15, 8, -5];
    expect(vas).toMatchObject({ n: 12, valueSet: null });
    expect(vas.value).toBeCloseTo(113 / 12, 12);
    expect(vas.ciLow).toBeCloseTo(mean(vasChanges) - (T975[11] * sd(vasChanges)) / Math.sqrt(12), 5);

    // PCHC by hand: better 1 2 3 8 9 10 11, worse 6 12, mixed 7, unchanged 4 5.
    const pchc = find(res.body, 'eq5d.pchc');
    expect(pchc.n).toBe(12);
    const shares = pchc.shares as Record<string, { events: number; proportion: number; ciLow: number; ciHigh: number }>;
    expect(Object.fromEntries(Object.entries(shares).map(([k, v]) => [k, v.events]))).toEqual({
      better: 7,
      worse: 2,
      mixed: 1,
      unchanged: 2,
    });
    expect(shares.better.proportion).toBeCloseTo(7 / 12, 12);
    expect(shares.better.ciLow).toBeCloseTo(wilson(7, 12)[0], 6);
    expect(shares.mixed.ciHigh).toBeCloseTo(wilson(1, 12)[1], 6);

    const improved = find(res.body, 'eq5d.improved');
    const reached = changes.filter((change) => change >= 0.08 - 1e-9).length;
    expect(improved).toMatchObject({ n: 12, events: reached, parameters: { eq5dMid: 0.08 } });

    // Barthel: changes 30 25 15 0 0 −10 10 40 20 15 5 5; ≥ 10 in 7; 100 at discharge in 2.
    const barthelChanges = [30, 25, 15, 0, 0, -10, 10, 40, 20, 15, 5, 5];
    const barthel = find(res.body, 'barthel.change');
    expect(barthel.value).toBeCloseTo(155 / 12, 12);
    expect(barthel.ciHigh).toBeCloseTo(tCi(barthelChanges)[1], 5); // Barthel points: six significant digits of the t table
    expect(find(res.body, 'barthel.improved')).toMatchObject({ n: 12, events: 7, parameters: { barthelMcid: 10 } });
    expect(find(res.body, 'barthel.independent')).toMatchObject({ n: 12, events: 2 });

    // Destinations: 10 of the 12 recorded are home or home with services (episode 11 has none).
    const home = find(res.body, 'outcome.home');
    expect(home).toMatchObject({ n: 12, events: 10 });
    expect(home.ciLow).toBeCloseTo(wilson(10, 12)[0], 6);

    // Length of stay 7 9 10 12 14 15 16 18 20 21 25 28 30: median 16, quartiles at positions 3 and 9.
    expect(find(res.body, 'los.median')).toMatchObject({ n: 13, value: 16, q1: 12, q3: 21, unit: 'days' });
    // Only six episodes give a referral date: too few to show.
    expect(find(res.body, 'wait.median')).toMatchObject({
      suppressed: true,
      suppressionReason: 'small_n',
      n: null,
      value: null,
      q1: null,
      q3: null,
    });

    const variables = find(res.body, 'completeness.variables');
    expect(partOf(variables, 'referral_date')).toMatchObject({ n: 13, events: 6 });
    expect(partOf(variables, 'barthel_discharge')).toMatchObject({ n: 13, events: 12 });
    expect(partOf(variables, 'eq5d_discharge')).toMatchObject({ n: 13, events: 12 });

    // Expected 20 episodes, registered 13: coverage 0.65, above the 60% warning level but below the 80% target.
    expect(find(res.body, 'completeness.coverage')).toMatchObject({
      value: 0.65,
      n: 20,
      events: 13,
      lowCoverage: false,
      zone: 'minimum_met',
    });
    expect(find(res.body, 'completeness.participation')).toMatchObject({ n: 1, events: 1, value: 1 });
  });

  it('adjusts the index change for case mix with a linear model fitted on the national data', async () => {
    // Everyone here is a woman of 70-79 in inpatient stroke rehabilitation, so the model reduces to
    // change = α + β·baseline over the 27 national pairs; worked out with the textbook formulas.
    const all = [...A_SPECS, ...B_SPECS, ...C_SPECS];
    const x = pairs(all).map(([adm]) => eq5dIndex(adm));
    const y = indexChanges(all);
    const xBar = mean(x);
    const yBar = mean(y);
    const beta = x.reduce((s, xi, i) => s + (xi - xBar) * (y[i] - yBar), 0) / x.reduce((s, xi) => s + (xi - xBar) ** 2, 0);
    const alpha = yBar - beta * xBar;
    const xa = pairs(A_SPECS).map(([adm]) => eq5dIndex(adm));
    const ya = indexChanges(A_SPECS);
    const expected = mean(xa.map((xi) => alpha + beta * xi));
    const adjusted = mean(ya) - expected + yBar;
    const residuals = ya.map((yi, i) => yi - alpha - beta * xa[i]);
    const half = (T975[11] * sd(residuals)) / Math.sqrt(12);

    const res = await get(admin, '/api/v1/indicators', { scope: `institution:${a.id}`, period: '2026' }).expect(200);
    const result = find(res.body, 'eq5d.index_change_adjusted');
    expect(result).toMatchObject({ n: 12, valueSet: { id: 'norway' } });
    expect(result.value).toBeCloseTo(adjusted, 9);
    expect(result.ciLow).toBeCloseTo(adjusted - half, 6);
    expect(result.ciHigh).toBeCloseTo(adjusted + half, 6);

    // Nationally the residuals sum to zero, so the adjusted value is the national mean.
    const national = await get(admin, '/api/v1/indicators', { period: '2026' }).expect(200);
    expect(find(national.body, 'eq5d.index_change_adjusted').value).toBeCloseTo(yBar, 9);
    expect(find(national.body, 'eq5d.index_change')).toMatchObject({ n: 27 });
  });

  it('counts participation and coverage against the administrators’ expectations', async () => {
    const res = await get(admin, '/api/v1/indicators', { period: '2026' }).expect(200);
    // Expected A, B, C, D; D registered nothing → 3 of 4. Coverage over those with counts: (13 + 4 + 0) / (20 + 4 + 10).
    expect(find(res.body, 'completeness.participation')).toMatchObject({ n: 4, events: 3, value: 0.75 });
    expect(find(res.body, 'completeness.coverage')).toMatchObject({
      n: 34,
      events: 17,
      value: 0.5,
      lowCoverage: true,
      zone: 'below_minimum',
    });
    const expectations = await get(admin, '/api/v1/admin/indicator-expectations/2026', {}).expect(200);
    expect(expectations.body.institutions).toHaveLength(4);
    await t
      .http()
      .put('/api/v1/admin/indicator-expectations/2026')
      .set(admin.headers)
      .send({ institutions: [{ institutionId: '00000000-0000-4000-8000-000000000000' }] })
      .expect(400);
  });

  it('limits a quarter to its discharges', async () => {
    const res = await get(a.staff, '/api/v1/indicators', { scope: `institution:${a.id}`, period: '2026-Q1' }).expect(200);
    expect(res.body).toMatchObject({ periodFrom: '2026-01-01', periodTo: '2026-03-31' });
    // Discharged in Q1: episodes 1 2 3 4 5 7 — six, so the outcome figures are suppressed.
    expect(partOf(find(res.body, 'completeness.admission'), 'eq5d-5l')).toMatchObject({ suppressed: true, n: null });
    const admin2025 = await get(admin, '/api/v1/indicators', { scope: `institution:${a.id}`, period: '2025' }).expect(200);
    expect(find(admin2025.body, 'los.median')).toMatchObject({ suppressed: true, suppressionReason: 'small_n' });
  });

  it('suppresses figures below ten and hides live aggregates with too few or a dominant contributing institution', async () => {
    const ownB = await get(b.staff, '/api/v1/indicators', { scope: `institution:${b.id}`, period: '2026' }).expect(200);
    for (const indicator of ownB.body.indicators as Indicator[]) {
      if (['completeness.participation', 'completeness.coverage'].includes(indicator.id)) continue;
      expect(indicator).toMatchObject({ suppressed: true, suppressionReason: 'small_n', n: null, value: null });
    }
    // helse-vest = B + C. For A's staff, another region of two institutions: hidden (fewer than 3 contribute).
    const forA = await get(a.staff, '/api/v1/indicators', { scope: 'region:helse-vest', period: '2026' }).expect(200);
    expect(find(forA.body, 'eq5d.index_change')).toMatchObject({
      suppressed: true,
      suppressionReason: 'contributors',
      n: null,
      value: null,
    });
    // For B's staff it is their own region, and region − own = C: hidden.
    const forB = await get(b.staff, '/api/v1/indicators', { scope: 'region:helse-vest', period: '2026' }).expect(200);
    expect(find(forB.body, 'eq5d.index_change')).toMatchObject({ suppressed: true, suppressionReason: 'few_institutions', value: null });
    // Barthel in helse-vest comes from B alone: for B's staff that is their own data, so it stays (then small: 4).
    expect(find(forB.body, 'barthel.change')).toMatchObject({ suppressed: true, suppressionReason: 'small_n' });
    // The nation for A's staff: A, B (4 pairs) and C (11) contribute; C has 73% of the others' pairs, within 80%: shown.
    const nationForA = await get(a.staff, '/api/v1/indicators', { scope: 'national', period: '2026' }).expect(200);
    expect(find(nationForA.body, 'eq5d.index_change')).toMatchObject({ n: 27, suppressed: false });
    // Barthel there: A and B only, so nation − A = B: hidden. For an administrator nothing is.
    expect(find(nationForA.body, 'barthel.change')).toMatchObject({ suppressed: true, suppressionReason: 'few_institutions', n: null });
    const nationForAdmin = await get(admin, '/api/v1/indicators', { scope: 'national', period: '2026' }).expect(200);
    expect(find(nationForAdmin.body, 'barthel.change')).toMatchObject({ suppressed: false, n: expect.any(Number) });
    // With the dominance share set to 70%, C's 73% of what A's staff cannot subtract hides the figure.
    const settings = (await get(admin, '/api/v1/admin/indicator-settings', {}).expect(200)).body;
    const setShare = (liveMaxContributorShare: number) =>
      t
        .http()
        .put('/api/v1/admin/indicator-settings')
        .set(admin.headers)
        .send({
          parameters: { ...settings.parameters, liveMaxContributorShare },
          targets: settings.targets,
          reason: 'Test of the dominance rule',
        })
        .expect(200);
    await setShare(0.7);
    try {
      const dominated = await get(a.staff, '/api/v1/indicators', { scope: 'national', period: '2026' }).expect(200);
      expect(find(dominated.body, 'eq5d.index_change')).toMatchObject({ suppressed: true, suppressionReason: 'dominance', n: null });
    } finally {
      await setShare(0.8);
    }
  });

  it("does not show institution B's live figures to staff of A, and audits live reads", async () => {
    await get(a.staff, '/api/v1/indicators', { scope: `institution:${b.id}`, period: '2026' }).expect(404);
    await get(a.apiKey, '/api/v1/indicators', { scope: `institution:${c.id}`, period: '2026' }).expect(404);
    await get(null, '/api/v1/indicators', { period: '2026' }).expect(401);
    await get(a.staff, '/api/v1/indicators', { period: '20266' }).expect(400);
    await get(a.staff, '/api/v1/indicators', { period: '2026', scope: 'region:nowhere' }).expect(404);
    const audited = await asScratchOwner((client) =>
      client.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'indicators.read' AND institution_id = $1`, [a.id]),
    );
    expect(audited.rows[0].n).toBeGreaterThan(0);
  });

  it('gives funnel data: each institution against the national limits at its n, staff seeing only their own live point', async () => {
    const res = await get(admin, '/api/v1/indicators/funnel', {
      indicator: 'completeness.admission',
      part: 'barthel',
      period: '2026',
    }).expect(200);
    // Barthel at admission: A 12/13, B 4/4, C 0/11 → national 16/28.
    const live = res.body.live;
    expect(live.kind).toBe('proportion');
    expect(live.target).toBeCloseTo(16 / 28, 12);
    const units = [
      { id: a.id, events: 12, n: 13 },
      { id: b.id, events: 4, n: 4 },
      { id: c.id, events: 0, n: 11 },
    ];
    // Three institutions, fewer than the 5 overdispersion is estimated from: the limits are not widened, and the note says so.
    const od = proportionOverdispersion(units, 16 / 28, { minInstitutions: 5 });
    expect(live.overdispersion).toMatchObject({ overdispersed: od.overdispersed, method: 'none', tau2: 0, tooFewInstitutions: true, k: 3 });
    expect(live.note).toContain('fewer than 5');
    const pointC = live.points.find((p: { institutionId: string }) => p.institutionId === c.id);
    expect(pointC).toMatchObject({ n: 11, value: 0, name: c.name, suppressed: false, lowCoverage: null }); // C has no expected count
    expect(live.points.find((p: { institutionId: string }) => p.institutionId === a.id)).toMatchObject({ lowCoverage: false }); // 13 of 20
    const limits = proportionLimits(16 / 28, 11, od);
    expect(pointC.limits.lower998).toBeCloseTo(limits.lower998, 12);
    expect(pointC.flagged).toBe(0 < limits.lower998);
    expect(pointC.side).toBe(0 < pointC.limits.lower95 ? 'below' : null);
    expect(live.points.find((p: { institutionId: string }) => p.institutionId === b.id)).toMatchObject({ suppressed: true, value: null });

    const mine = await get(a.staff, '/api/v1/indicators/funnel', { indicator: 'eq5d.index_change', period: '2026' }).expect(200);
    expect(mine.body.live.points.map((p: { institutionId: string }) => p.institutionId)).toEqual([a.id]);
    expect(mine.body.published).toBeNull();
    await get(a.staff, '/api/v1/indicators/funnel', { indicator: 'los.median', period: '2026' }).expect(400);

    // The same as pictures: administrators see every institution named, staff their own only.
    const picture = await get(admin, '/api/v1/indicators/funnel.svg', {
      indicator: 'completeness.admission',
      part: 'barthel',
      period: '2026',
    }).expect(200);
    expect(picture.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svgOf(picture)).toContain('<title id="funnel-title">Admission registration (barthel), 2026 (live');
    expect(svgOf(picture)).toContain(c.name);
    expect(svgOf(picture)).toContain('1 institution is not shown'); // B: four episodes
    const ownPicture = await get(a.staff, '/api/v1/indicators/funnel.svg', { indicator: 'eq5d.index_change', period: '2026' }).expect(200);
    expect(svgOf(ownPicture)).toContain(a.name);
    expect(svgOf(ownPicture)).not.toContain(c.name);
    const unpublished = await get(null, '/api/v1/public/indicators/funnel.svg', { indicator: 'eq5d.index_change', period: '2026' }).expect(
      404,
    );
    expect(unpublished.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('reuses the cached national figures until data of the period change', async () => {
    const first = await get(admin, '/api/v1/indicators', { period: '2026' }).expect(200);
    const again = await get(admin, '/api/v1/indicators', { period: '2026' }).expect(200);
    expect(again.body.asOf).toBe(first.body.asOf);
    // A late 2025 discharge changes 2025, not 2026.
    await submit(t, c.apiKey.headers, [
      submissionEpisode({ admission: '2025-11-01', los: 5, destination: 'home', eq5d: ['33333', '22222'] }),
    ]);
    expect((await get(admin, '/api/v1/indicators', { period: '2026' }).expect(200)).body.asOf).toBe(first.body.asOf);
    const cubes = await asScratchOwner((client) =>
      client.query(
        `SELECT count(*)::int AS n FROM indicator_cubes WHERE period = '2026' AND institution_id IS NULL AND kind = 'live' AND superseded_at IS NULL`,
      ),
    );
    expect(cubes.rows[0].n).toBe(1);
  });

  it('computes only the indicators asked for, from a cube of the parts they rest on, with the figures of the full report', async () => {
    const liveNationalCubes = () =>
      asScratchOwner(
        async (client) =>
          (
            await client.query(
              `SELECT settings->'parts' AS parts, cell_count FROM indicator_cubes WHERE period = '2026' AND institution_id IS NULL AND kind = 'live' AND superseded_at IS NULL`,
            )
          ).rows,
      );
    await asScratchOwner((client) =>
      client.query(`UPDATE indicator_cubes SET superseded_at = now() WHERE kind = 'live' AND superseded_at IS NULL`),
    );

    const some = await get(admin, '/api/v1/indicators', { period: '2026', indicator: 'outcome.home,eq5d.index_change' }).expect(200);
    expect(some.body.indicators.map((i: Indicator) => i.id)).toEqual(['eq5d.index_change', 'outcome.home']); // in the order of the definitions
    expect(await liveNationalCubes()).toEqual([{ parts: ['eq5d_index', 'stay'], cell_count: expect.any(Number) }]);
    const summed = await asScratchOwner((client) =>
      client.query(
        `SELECT sum(c.index_n)::int AS index_n, sum(c.home_n)::int AS home_n, sum(c.barthel_n)::int AS barthel_n, sum(c.vas_n)::int AS vas_n
           FROM indicator_cube_cells c JOIN indicator_cubes k ON k.id = c.cube_id WHERE k.period = '2026' AND k.institution_id IS NULL AND k.kind = 'live' AND k.superseded_at IS NULL`,
      ),
    );
    // The Barthel answers were not read, nor EQ VAS summed.
    expect(summed.rows[0]).toEqual({
      index_n: find(some.body, 'eq5d.index_change').n,
      home_n: find(some.body, 'outcome.home').events,
      barthel_n: 0,
      vas_n: 0,
    });

    // The full report builds a cube of all parts, which retires the smaller one and serves it from then on.
    const full = await get(admin, '/api/v1/indicators', { period: '2026' }).expect(200);
    for (const id of ['eq5d.index_change', 'outcome.home']) expect(find(some.body, id)).toEqual(find(full.body, id));
    expect(await liveNationalCubes()).toEqual([
      { parts: ['barthel', 'content', 'eq5d_index', 'eq5d_profile', 'mrs', 'stay'], cell_count: expect.any(Number) },
    ]);
    const again = await get(admin, '/api/v1/indicators', { period: '2026' })
      .query('indicator=barthel.change&indicator=eq5d.pchc')
      .expect(200);
    expect(again.body.asOf).toBe(full.body.asOf);
    expect(again.body.indicators.map((i: Indicator) => i.id)).toEqual(['eq5d.pchc', 'barthel.change']);
    for (const id of ['barthel.change', 'eq5d.pchc']) expect(find(again.body, id)).toEqual(find(full.body, id));
    // A cube of just the parts of the PCHC shares (the classes, and the paired episodes) gives them too.
    await asScratchOwner((client) =>
      client.query(`UPDATE indicator_cubes SET superseded_at = now() WHERE kind = 'live' AND superseded_at IS NULL`),
    );
    const pchc = await get(admin, '/api/v1/indicators', { period: '2026', indicator: 'eq5d.pchc' }).expect(200);
    expect(await liveNationalCubes()).toEqual([{ parts: ['eq5d_index', 'eq5d_profile'], cell_count: expect.any(Number) }]);
    expect(pchc.body.indicators).toEqual([find(full.body, 'eq5d.pchc')]);

    // Staff reading another institution get the published figures only; the filter applies there too (nothing published yet).
    await get(a.staff, '/api/v1/indicators', { period: '2026', scope: `institution:${b.id}`, indicator: 'outcome.home' }).expect(404);
    const bad = await get(admin, '/api/v1/indicators', { period: '2026', indicator: 'eq5d.index_change,eq5d.happiness' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(bad.body)).toContain('each indicator must be one of');
  });

  it('publishes a frozen snapshot with primary and secondary suppression that late data do not change', async () => {
    await get(null, '/api/v1/public/indicators', { period: '2026' }).expect(404);
    const published = await t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send({ period: '2026' }).expect(201);
    expect(published.body).toMatchObject({ period: '2026', institutions: 4 });
    await t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send({ period: '2026' }).expect(409);

    const region = await get(null, '/api/v1/public/indicators', { period: '2026', scope: 'region:helse-vest' }).expect(200);
    expect(region.body.source).toBe('snapshot');
    // B (4 pairs) is hidden. helse-vest − C would give B back, and C alone (11, so at least 10) would
    // still pin B to 0–5 through the region's 15: disclosure control (disclosure.e2e-spec.ts) hides more.
    const publicB = await get(null, '/api/v1/public/indicators', { period: '2026', scope: `institution:${b.id}` }).expect(200);
    expect(find(publicB.body, 'eq5d.index_change')).toMatchObject({ suppressed: true, suppressionReason: 'small_n', n: null, value: null });
    const publicC = await get(null, '/api/v1/public/indicators', { period: '2026', scope: `institution:${c.id}` }).expect(200);
    expect(find(publicC.body, 'eq5d.index_change')).toMatchObject({
      suppressed: true,
      suppressionReason: 'secondary',
      n: null,
      ciLow: null,
    });
    expect(find(region.body, 'eq5d.index_change')).toMatchObject({ suppressed: true, n: null });
    // No published cell that is suppressed carries a number.
    for (const body of [region.body, publicB.body, publicC.body]) {
      for (const f of (body.indicators as Indicator[]).flatMap((i) => [i, ...((i.parts as Indicator[]) ?? [])])) {
        if (f.suppressed)
          expect([f.n, f.value, f.ciLow ?? null, f.events ?? null, f.shares ?? null]).toEqual([null, null, null, null, null]);
      }
    }
    await get(null, '/api/v1/public/indicators', { period: '2026-Q1' }).expect(404);
    await get(null, '/api/v1/public/indicators', { period: '2026', programme: 'stroke', setting: 'inpatient' }).expect(400);

    // Staff of A now see B's and C's figures, as published.
    const cForA = await get(a.staff, '/api/v1/indicators', { scope: `institution:${c.id}`, period: '2026' }).expect(200);
    expect(cForA.body).toEqual(publicC.body);
    const homeOnly = await get(null, '/api/v1/public/indicators', {
      period: '2026',
      scope: `institution:${c.id}`,
      indicator: 'outcome.home',
    }).expect(200);
    expect(homeOnly.body).toEqual({ ...publicC.body, indicators: [find(publicC.body, 'outcome.home')] });
    const homeOnlyForA = await get(a.staff, '/api/v1/indicators', {
      scope: `institution:${c.id}`,
      period: '2026',
      indicator: 'outcome.home',
    }).expect(200);
    expect(homeOnlyForA.body).toEqual(homeOnly.body);
    const funnel = await get(a.staff, '/api/v1/indicators/funnel', { indicator: 'eq5d.index_change', period: '2026' }).expect(200);
    expect(funnel.body.published.points.map((p: { name: string }) => p.name).sort()).toEqual([a.name, b.name, c.name].sort());

    // Late data for A: the live view changes, the snapshot does not.
    const before = await get(null, '/api/v1/public/indicators', { period: '2026', scope: `institution:${a.id}` }).expect(200);
    await submit(t, a.apiKey.headers, [
      submissionEpisode({
        admission: '2026-06-01',
        los: 10,
        destination: 'home',
        eq5d: ['55555', '11111'],
        vas: [0, 100],
        barthel: [0, 100],
      }),
    ]);
    const live = await get(a.staff, '/api/v1/indicators', { scope: `institution:${a.id}`, period: '2026' }).expect(200);
    expect(find(live.body, 'eq5d.index_change')).toMatchObject({ n: 13 });
    const after = await get(null, '/api/v1/public/indicators', { period: '2026', scope: `institution:${a.id}` }).expect(200);
    expect(after.body).toEqual(before.body);
    expect(await pairedOfA(1)).toBe(12);
    const national = await get(admin, '/api/v1/indicators', { period: '2026' }).expect(200);
    expect(find(national.body, 'eq5d.index_change')).toMatchObject({ n: 28 });

    // That live cube was rebuilt for A only (B's and C's cells copied); a full rebuild gives the same figures.
    await asScratchOwner((client) =>
      client.query(`DELETE FROM indicator_cubes WHERE kind = 'live' AND period = '2026' AND institution_id IS NULL`),
    );
    const full = await get(admin, '/api/v1/indicators', { period: '2026' }).expect(200);
    expect(full.body.asOf).not.toBe(national.body.asOf);
    // The same up to floating-point rounding: a rebuild may add a cell's values in another order.
    expect(roundedNumbers(full.body.indicators)).toEqual(roundedNumbers(national.body.indicators));
  });

  it('answers a published scope without episodes like one whose few episodes are hidden, and 404 only for what does not exist', async () => {
    const e = await createInstitution(t, admin, 'helse-midt-norge'); // registered nothing, expected by nobody
    const publicB = await get(null, '/api/v1/public/indicators', { period: '2026', scope: `institution:${b.id}` }).expect(200);
    const publicE = await get(null, '/api/v1/public/indicators', { period: '2026', scope: `institution:${e.id}` }).expect(200);
    expect(publicE.body).toMatchObject({
      source: 'snapshot',
      scope: { kind: 'institution', institutionId: e.id },
      publication: { version: 1 },
    });
    const hiddenB = (publicB.body.indicators as Indicator[]).filter((i) => i.suppressed);
    expect(hiddenB.length).toBeGreaterThan(10);
    // Every figure hidden at B (4 episodes) is hidden at E (none) the same way: nothing tells none from a few.
    for (const f of hiddenB)
      expect(find(publicE.body, f.id)).toMatchObject({ suppressed: true, suppressionReason: 'small_n', n: null, value: null });
    expect((publicE.body.indicators as Indicator[]).map((i) => i.id)).toEqual((publicB.body.indicators as Indicator[]).map((i) => i.id));
    expect(find(publicE.body, 'completeness.participation')).toMatchObject({ suppressed: false, n: null, value: null });
    // A region without episodes, broken down; a national breakdown without episodes.
    const region = await get(null, '/api/v1/public/indicators', {
      period: '2026',
      scope: 'region:helse-midt-norge',
      setting: 'day',
    }).expect(200);
    expect(region.body).toMatchObject({ scope: { kind: 'region', region: 'helse-midt-norge' }, filters: { setting: 'day' } });
    expect(find(region.body, 'eq5d.index_change')).toMatchObject({ suppressed: true, suppressionReason: 'small_n' });
    const national = await get(null, '/api/v1/public/indicators', { period: '2026', serviceLevel: 'municipal' }).expect(200);
    expect(find(national.body, 'los.median')).toMatchObject({ suppressed: true, suppressionReason: 'small_n', n: null });
    // Staff of A reading E get the same as everyone.
    const forA = await get(a.staff, '/api/v1/indicators', { period: '2026', scope: `institution:${e.id}` }).expect(200);
    expect(forA.body).toEqual(publicE.body);
    // 404: an institution id that does not exist, a period or version never published.
    const unknown = await get(null, '/api/v1/public/indicators', {
      period: '2026',
      scope: 'institution:00000000-0000-4000-8000-000000000000',
    }).expect(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    await get(a.staff, '/api/v1/indicators', { period: '2026', scope: 'institution:00000000-0000-4000-8000-000000000000' }).expect(404);
    await get(null, '/api/v1/public/indicators', { period: '2024', scope: `institution:${e.id}` }).expect(404);
    await get(null, '/api/v1/public/indicators', { period: '2026', version: '7', scope: `institution:${e.id}` }).expect(404);
    await get(null, '/api/v1/public/indicators', { period: '2026', scope: 'institution:not-an-id' }).expect(404);
  });

  it('publishes a correction as a new version beside the frozen first one, and only with a reason', async () => {
    const publish = (body: object) => t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send(body);
    const again = await publish({ period: '2026' }).expect(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(again.body.detail).toContain('version 1');
    expect(again.body.detail).toContain('correctionReason');
    const terse = await publish({ period: '2026', correctionReason: 'oops' }).expect(400);
    expect(terse.body.errors).toEqual([expect.objectContaining({ pointer: '/correctionReason' })]);
    const nothing = await publish({ period: '2026-Q3', correctionReason: 'A correction of a period never published' }).expect(409);
    expect(nothing.body.title).toBe('Nothing to correct');

    // The previous test's late episode at A is in the correction, not in version 1.
    const reason = 'Institution A registered a late discharge after publication';
    const corrected = await publish({ period: '2026', correctionReason: reason }).expect(201);
    expect(corrected.body).toMatchObject({ period: '2026', version: 2, latestVersion: 2, correctionReason: reason, institutions: 4 });
    const newest = await get(null, '/api/v1/public/indicators', { period: '2026', scope: `institution:${a.id}` }).expect(200);
    expect(await pairedOfA(2)).toBe(13);
    expect(newest.body.publication).toEqual({
      period: '2026',
      version: 2,
      latestVersion: 2,
      correctionReason: reason,
      earlyPublicationReason: null,
      publishedAt: corrected.body.publishedAt,
    });
    const first = await get(null, '/api/v1/public/indicators', { period: '2026', scope: `institution:${a.id}`, version: '1' }).expect(200);
    expect(await pairedOfA(1)).toBe(12);
    expect(first.body.publication).toMatchObject({ version: 1, latestVersion: 2, correctionReason: null });
    // Staff reading another institution get the newest published version too.
    const aForC = await get(c.staff, '/api/v1/indicators', { period: '2026', scope: `institution:${a.id}` }).expect(200);
    expect(aForC.body).toEqual(newest.body);

    const funnelOf = async (version?: string) => {
      const res = await get(null, '/api/v1/public/indicators/funnel', {
        indicator: 'eq5d.index_change',
        period: '2026',
        ...(version ? { version } : {}),
      }).expect(200);
      return {
        version: res.body.publication.version,
        nOfA: res.body.points.find((p: { institutionId: string }) => p.institutionId === a.id).n,
      };
    };
    // A's point is hidden in both versions of this small register (n null), or shows its n.
    expect([13, null]).toContain((await funnelOf()).nOfA);
    expect(await funnelOf()).toMatchObject({ version: 2 });
    expect([12, null]).toContain((await funnelOf('1')).nOfA);
    expect(await funnelOf('1')).toMatchObject({ version: 1 });
    const firstPicture = await get(null, '/api/v1/public/indicators/funnel.svg', {
      indicator: 'eq5d.index_change',
      period: '2026',
      version: '1',
    }).expect(200);
    expect(svgOf(firstPicture)).toContain('Change in EQ-5D index, 2026 (published, version 1, since corrected)');
    // Every institution's point is hidden in this small register, and the picture says so.
    expect(svgOf(firstPicture)).toContain('3 institutions are not shown: too few episodes to publish');

    const missing = await get(null, '/api/v1/public/indicators', { period: '2026', version: '3' }).expect(404);
    expect(missing.body.detail).toContain('version 3');
    const zero = await get(null, '/api/v1/public/indicators', { period: '2026', version: '0' }).expect(400);
    expect(zero.body.errors).toEqual([expect.objectContaining({ pointer: '/version' })]);

    const publications = await get(null, '/api/v1/public/indicators/publications', {}).expect(200);
    expect(publications.body).toEqual([
      {
        period: '2026',
        version: 1,
        latestVersion: 2,
        correctionReason: null,
        earlyPublicationReason: null,
        publishedAt: expect.any(String),
      },
      {
        period: '2026',
        version: 2,
        latestVersion: 2,
        correctionReason: reason,
        earlyPublicationReason: null,
        publishedAt: corrected.body.publishedAt,
      },
    ]);
    const audited = await asScratchOwner((client) =>
      client.query(`SELECT action FROM audit_events WHERE object_type = 'indicator_snapshot' ORDER BY id`),
    );
    expect(audited.rows.map((r: { action: string }) => r.action)).toEqual(['indicators.publish', 'indicators.correct']);
  });

  it('publishes a period only once it has ended, and within its grace period only with force and a reason', async () => {
    const clock = jest.spyOn(t.app.get(Clock), 'now');
    const publish = (body: object) => t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send(body);
    try {
      clock.mockReturnValue(new Date('2026-05-10T10:00:00Z'));
      for (const period of ['2030', '2026-Q2', '2026-Q4']) {
        const open = await publish({ period }).expect(409);
        expect(open.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(open.body).toMatchObject({ title: 'Period not ended', errors: [{ pointer: '/period', detail: expect.any(String) }] });
        await publish({ period, force: true, reason: 'The board wants the figures now' }).expect(409);
      }
      // 2026-Q1 ended on 31 March; late registrations are waited for until 30 May (60 days).
      const grace = await publish({ period: '2026-Q1' }).expect(409);
      expect(grace.body).toMatchObject({ title: 'Within the grace period', errors: [{ pointer: '/force', detail: expect.any(String) }] });
      expect(grace.body.detail).toContain('2026-05-30');
      const noReason = await publish({ period: '2026-Q1', force: true }).expect(400);
      expect(noReason.body.errors).toEqual([expect.objectContaining({ pointer: '/reason' })]);
      const noForce = await publish({ period: '2026-Q1', reason: 'The board wants the figures now' }).expect(400);
      expect(noForce.body.errors).toEqual([expect.objectContaining({ pointer: '/force' })]);
      const reason = 'Figures for the regional board meeting on 31 May';
      const early = await publish({ period: '2026-Q1', force: true, reason }).expect(201);
      expect(early.body).toMatchObject({ period: '2026-Q1', version: 1, earlyPublicationReason: reason });
      const shown = await get(null, '/api/v1/public/indicators', { period: '2026-Q1' }).expect(200);
      expect(shown.body.publication).toMatchObject({ version: 1, earlyPublicationReason: reason });
      // A correction within the grace period has its own reason and needs no force.
      const corrected = await publish({ period: '2026-Q1', correctionReason: 'Late registrations of March arrived' }).expect(201);
      expect(corrected.body).toMatchObject({ version: 2, earlyPublicationReason: null });
      // 2025-Q4's grace period ended on 1 March 2026, by the Norwegian calendar: 23:30 there is within it, 00:30 the next day not.
      clock.mockReturnValue(new Date('2026-03-01T22:30:00Z'));
      await publish({ period: '2025-Q4' }).expect(409);
      clock.mockReturnValue(new Date('2026-03-01T23:30:00Z'));
      const after = await publish({ period: '2025-Q4' }).expect(201);
      expect(after.body).toMatchObject({ period: '2025-Q4', version: 1, earlyPublicationReason: null });
    } finally {
      clock.mockReturnValue(new Date('2027-06-01T10:00:00Z'));
    }
  });

  it('shows the same number for every count the specs declare of one population', async () => {
    for (const scope of ['national', 'region:helse-vest', `institution:${a.id}`]) {
      const report = (await get(admin, '/api/v1/indicators', { scope, period: '2026' }).expect(200)).body;
      const shown = ({ figure, count }: PublishedCount): number | null => {
        const [id, part] = figure.split(':');
        const indicator = find(report, id);
        const f = part ? partOf(indicator, part) : indicator;
        return (f[count] as number | null) ?? null;
      };
      for (const [population, counts] of countsByPopulation()) {
        const values = counts.map(shown).filter((v) => v !== null);
        expect({ scope, population, values }).toEqual({ scope, population, values: values.map(() => values[0]) });
      }
      const paired = countsByPopulation().get('eq5d_paired')!.map(shown);
      expect(paired.filter((v) => v !== null).length).toBe(paired.length); // not vacuous: every paired count is shown
    }
    expect(
      countsByPopulation()
        .get('eq5d_paired')!
        .map((c) => `${c.figure} ${c.count}`),
    ).toEqual([
      'completeness.paired:eq5d-5l events',
      'eq5d.index_change n',
      'eq5d.index_change_adjusted n',
      'eq5d.pchc n',
      'eq5d.improved n',
    ]);
  });

  it('has a cube column for every measure of the specs, filled by the cube part the specs put it in', async () => {
    const keys = ['cube_id', ...Object.values(CELL_KEYS)];
    const columns = await asScratchOwner((client) =>
      client.query<{ attname: string }>(
        `SELECT attname FROM pg_attribute WHERE attrelid = 'indicator_cube_cells'::regclass AND attnum > 0 AND NOT attisdropped`,
      ),
    );
    expect(
      columns.rows
        .map((r) => r.attname)
        .filter((name) => !keys.includes(name))
        .sort(),
    ).toEqual([...CELL_MEASURES, ...Object.values(HISTOGRAM_COLUMNS)].sort());
    const partOfMeasure = new Map<string, string>(
      INDICATOR_SPECS.flatMap((spec) => Object.entries(spec.measures).flatMap(([part, ms]) => ms.map((m): [string, string] => [m, part]))),
    );
    for (const part of CUBE_PARTS) {
      const sums = await asScratchOwner(async (client) => {
        // No fresh cube of more parts may serve the request: the cube built is of this part alone.
        await client.query(`UPDATE indicator_cubes SET superseded_at = now() WHERE kind = 'live' AND superseded_at IS NULL`);
        const settings = JSON.stringify(cubeSettings(defaultIndicatorSettings(), [part]));
        const cube = await client.query<{ cube_id: string }>(
          `SELECT cube_id FROM indicator_live_cube('2026', '2026-01-01', '2026-12-31', NULL, $1::jsonb, 0)`,
          [settings],
        );
        const totals = [
          ...CELL_MEASURES.map((m) => `sum(${m})::float8 AS ${m}`),
          ...Object.values(HISTOGRAM_COLUMNS).map((h) => `sum(cardinality(${h}))::float8 AS ${h}`),
        ];
        return (await client.query(`SELECT ${totals.join(', ')} FROM indicator_cube_cells WHERE cube_id = $1`, [cube.rows[0].cube_id]))
          .rows[0] as Record<string, number>;
      });
      // On this register every measure is above zero where it is summed at all.
      const filled = Object.keys(sums)
        .filter((m) => sums[m] !== 0)
        .sort();
      const expected = Object.keys(sums).filter(
        (m) =>
          m === 'episodes' || partOfMeasure.get(m) === part || (part === 'stay' && Object.values<string>(HISTOGRAM_COLUMNS).includes(m)),
      );
      expect({ part, filled }).toEqual({ part, filled: expected.sort() });
    }
  });
});

/** The text of an SVG answer (supertest keeps image/* bodies as bytes). */
function svgOf(res: { body: unknown; text?: string }): string {
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : (res.text ?? '');
}

/** A copy with every number rounded to 12 significant digits, for comparing sums added in different orders. */
function roundedNumbers(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));
}
