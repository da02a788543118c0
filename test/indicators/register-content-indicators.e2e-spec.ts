import { randomBytes } from 'node:crypto';
import { createScratchDatabase } from '../support/database';
import {
  Actor,
  createAdmin,
  createApiKey,
  createInstitutionWorld,
  InstitutionWorld,
  newNationalId,
  randomOrgNumber,
} from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { Clock } from '../../src/clock/clock';
import { addDays, EpisodeSpec, submissionEpisode, submit, wilson } from './indicator-data';

// Issue 18's indicators on a hand-made register: institution X (a health trust, helse-nord), every
// figure counted by hand below. Episodes are closed in 2026 unless said otherwise.

/** Stroke episodes with mRS [admission, discharge]; "improvable": admission ≥ 1 and discharge < 6. */
const STROKE: EpisodeSpec[] = [
  { admission: '2026-01-05', los: 10, mrs: [4, 2] }, //  1 improvable, improved, independent
  { admission: '2026-01-12', los: 10, mrs: [3, 3] }, //  2 improvable
  { admission: '2026-01-19', los: 10, mrs: [0, 0] }, //  3 admission 0: not improvable; independent
  { admission: '2026-01-26', los: 10, mrs: [5, 6] }, //  4 died: not improvable; discharge mRS known, not independent
  { admission: '2026-02-02', los: 10, mrs: [2, 1] }, //  5 improvable, improved, independent
  { admission: '2026-02-09', los: 10, mrs: [null, 3] }, //  6 no admission mRS
  { admission: '2026-02-16', los: 10, mrs: [4, null] }, //  7 no discharge mRS
  { admission: '2026-02-23', los: 10, mrs: [4, 1] }, //  8 discharge first sent as 5, corrected to 1: improvable, improved, independent
  { admission: '2026-03-02', los: 10, mrs: [3, 2], mrsDischargeDelay: 20 }, //  9 discharge mRS out of window: admission only
  { admission: '2026-03-09', los: 10, mrs: [5, 4] }, // 10 improvable, improved
  { admission: '2026-03-16', los: 10, mrs: [1, 1] }, // 11 improvable, independent
  { admission: '2026-03-23', los: 10, mrs: [2, 3] }, // 12 improvable (worse)
  { admission: '2026-03-30', los: 10, mrs: [4, 4] }, // 13 improvable
  { admission: '2026-04-06', los: 10, mrs: [3, 1] }, // 14 improvable, improved, independent
  { admission: '2026-04-13', los: 10, mrs: [5, 5] }, // 15 improvable
  { admission: '2026-04-20', los: 10 }, //               16 no mRS at all
];
const ALL_PROFESSIONS = [
  'physician',
  'nurse',
  'physiotherapist',
  'occupational_therapist',
  'speech_therapist',
  'social_worker',
  'psychologist',
];
const team = (n: number) => ALL_PROFESSIONS.slice(0, n);

/** Register content of episodes of acquired brain injury (so they add nothing to the stroke counts). */
const CONTENT: EpisodeSpec[] = [
  // level, professions, plan, coordinator, setting, destination, municipality notified (days before discharge)
  {
    rehabLevel: '5.1',
    professions: team(3),
    individualPlan: 'established',
    coordinator: 'assigned',
    destination: 'home_with_services',
    notifiedDaysBeforeDischarge: 2,
  }, // C1
  {
    rehabLevel: '5.1',
    professions: team(2),
    individualPlan: 'offered_declined',
    coordinator: 'not_assigned',
    destination: 'nursing_home',
    notifiedDaysBeforeDischarge: 0,
  }, // C2 notified on the discharge date
  {
    rehabLevel: '5.1',
    individualPlan: 'not_needed',
    coordinator: 'not_needed',
    destination: 'other_institution',
    notifiedDaysBeforeDischarge: -1,
  }, // C3 notified the day after
  {
    rehabLevel: '5.2',
    professions: team(4),
    individualPlan: 'not_assessed',
    coordinator: 'assigned',
    destination: 'home',
    notifiedDaysBeforeDischarge: 5,
  }, // C4 home: no notice due
  { rehabLevel: '5.2', professions: team(5), destination: 'home_with_services' }, // C5 plan, coordinator and notice missing
  {
    rehabLevel: '5.2',
    professions: team(3),
    individualPlan: 'established',
    coordinator: 'assigned',
    destination: 'home_with_services',
    notifiedDaysBeforeDischarge: 10,
  }, // C6
  {
    rehabLevel: '5.2',
    individualPlan: 'established',
    coordinator: 'not_assigned',
    destination: 'nursing_home',
    notifiedDaysBeforeDischarge: 1,
  }, // C7 professions missing
  {
    rehabLevel: '5.3',
    professions: team(6),
    individualPlan: 'established',
    coordinator: 'assigned',
    destination: 'other_institution',
    notifiedDaysBeforeDischarge: 3,
  }, // C8
  {
    rehabLevel: '5.3',
    professions: team(4),
    individualPlan: 'offered_declined',
    coordinator: 'assigned',
    setting: 'day',
    destination: 'home_with_services',
  }, // C9 day: no notice due
  {
    rehabLevel: '5.3',
    professions: team(2),
    individualPlan: 'not_needed',
    coordinator: 'assigned',
    destination: 'hospital',
    notifiedDaysBeforeDischarge: 2,
  }, // C10 hospital: no notice due
  {
    rehabLevel: '5.2',
    professions: team(7),
    individualPlan: 'established',
    coordinator: 'not_needed',
    destination: 'home_with_services',
    notifiedDaysBeforeDischarge: 4,
  }, // C11
  { rehabLevel: '5.1', professions: team(4), individualPlan: 'not_assessed', coordinator: 'not_assigned', setting: 'outpatient' }, // C12
  { professions: team(5), destination: 'nursing_home' }, // C13 no level
  {
    rehabLevel: '5.3',
    professions: team(5),
    individualPlan: 'established',
    coordinator: 'assigned',
    destination: 'home_with_services',
    notifiedDaysBeforeDischarge: 6,
  }, // C14
  {
    rehabLevel: '5.2',
    professions: team(4),
    individualPlan: 'established',
    coordinator: 'assigned',
    destination: 'nursing_home',
    notifiedDaysBeforeDischarge: 2,
  }, // C15
  {
    rehabLevel: '5.1',
    professions: team(1),
    coordinator: 'not_assigned',
    destination: 'home_with_services',
    notifiedDaysBeforeDischarge: 1,
  }, // C16 plan missing
].map((spec, i) => ({ admission: addDays('2026-05-04', i * 7), los: 12, programme: 'acquired_brain_injury', ...spec }));

/** Everything at once, never counted for 2026: what the rules leave out. */
const FULL: Partial<EpisodeSpec> = {
  rehabLevel: '5.2',
  professions: team(6),
  individualPlan: 'established',
  coordinator: 'assigned',
  destination: 'nursing_home',
  notifiedDaysBeforeDischarge: 1,
  mrs: [4, 0],
};
const WITHDRAWN: EpisodeSpec = { admission: '2026-02-03', los: 10, ...FULL };
const OPEN: EpisodeSpec = { admission: '2026-10-01', ...FULL, mrs: [4, null] };
const IN_2025: EpisodeSpec = { admission: '2025-12-01', los: 10, ...FULL };
/** mRS outside the stroke programme: counted as an episode, never for mRS. */
const NOT_STROKE: EpisodeSpec = { admission: '2026-02-04', los: 10, programme: 'musculoskeletal', mrs: [4, 1] };

type Figure = { id: string; n: number | null; value: number | null; events?: number | null; [key: string]: unknown };
const find = (body: { indicators: Figure[] }, id: string) => body.indicators.find((i) => i.id === id)!;
const partOf = (f: Figure, part: string) => (f.parts as Figure[]).find((p) => p.part === part)!;

describe('register content and mRS indicators on a hand-made register', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;
  let x: InstitutionWorld;
  let municipality: { id: string; apiKey: { headers: Record<string, string> } };
  const get = (actor: { headers: Record<string, string> }, path: string, query: Record<string, string>) =>
    t.http().get(path).query(query).set(actor.headers);

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    // Publishing 2026 needs a day after its grace period (docs/indicators.md, "Publishing rules").
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2027-06-01T10:00:00Z'));
    admin = await createAdmin(t);
    x = await createInstitutionWorld(t, admin, 'helse-nord');

    const withdrawnId = newNationalId(1950, 'male');
    const corrected = submissionEpisode(STROKE[7]);
    const firstSent = {
      ...corrected,
      responses: (corrected.responses as { timepoint: string; answers: object }[]).map((r) =>
        r.timepoint === 'discharge' ? { ...r, answers: { score: 5 } } : r,
      ),
    };
    await submit(t, x.apiKey.headers, [
      ...STROKE.map((spec, i) => (i === 7 ? firstSent : submissionEpisode(spec))),
      ...CONTENT.map(submissionEpisode),
      submissionEpisode({ ...WITHDRAWN, nationalId: withdrawnId }),
      submissionEpisode(OPEN),
      submissionEpisode(IN_2025),
      submissionEpisode(NOT_STROKE),
    ]);
    await submit(t, x.apiKey.headers, [corrected]);
    await t.http().post('/api/v1/withdrawals').set(x.staff.headers).send({ nationalId: withdrawnId }).expect(200);
  });

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  it('works out the six indicators of institution X by hand', async () => {
    const res = await get(x.staff, '/api/v1/indicators', { scope: `institution:${x.id}`, period: '2026' }).expect(200);

    // Improvable: 1 2 5 8 10 11 12 13 14 15 (ten); lower at discharge: 1 5 8 (the corrected 1, not the 5) 10 14.
    const improved = find(res.body, 'mrs.improved');
    expect(improved).toMatchObject({ n: 10, events: 5, value: 0.5, suppressed: false, valueSet: null, unit: 'share' });
    expect(improved.ciLow).toBeCloseTo(wilson(5, 10)[0], 6);
    // A discharge mRS in the window: all but 7, 9 (out of window) and 16 → 13; at most 2: 1 3 5 8 11 14.
    const independent = find(res.body, 'mrs.independent_discharge');
    expect(independent).toMatchObject({ n: 13, events: 6, value: 6 / 13 });
    expect(independent.ciHigh).toBeCloseTo(wilson(6, 13)[1], 6);

    // Level 5.x: C1-C12, C14-C16 (15); plan not_needed in C3 and C10 → 13; established or declined:
    // C1 C2 C6 C7 C8 C9 C11 C14 C15 → 9 (not assessed in C4, C12 and missing in C5, C16 are not met).
    expect(find(res.body, 'plan.individual_plan')).toMatchObject({ n: 13, events: 9, value: 9 / 13 });
    // Coordinator not_needed in C3 and C11 → 13; assigned: C1 C4 C6 C8 C9 C10 C14 C15 → 8 (C5 missing).
    expect(find(res.body, 'plan.coordinator')).toMatchObject({ n: 13, events: 8, value: 8 / 13 });
    // Level 5.2/5.3: C4-C11, C14, C15 (10); four or more professions: C4 C5 C8 C9 C11 C14 C15 → 7 (C7 has none recorded).
    expect(find(res.body, 'content.interdisciplinary')).toMatchObject({ n: 10, events: 7, value: 0.7 });
    // Inpatient to home with services, nursing home or another institution: C1 C2 C3 C5 C6 C7 C8 C11 C13 C14 C15 C16 (12);
    // notified on or before the discharge date: all but C3 (the day after), C5 and C13 (not at all) → 9.
    expect(find(res.body, 'transition.municipality_notified')).toMatchObject({ n: 12, events: 9, value: 0.75 });

    // Closed 2026 episodes: 16 stroke, 16 content and the musculoskeletal one (33); 16 stroke.
    const variables = find(res.body, 'completeness.variables');
    expect(partOf(variables, 'rehab_level')).toMatchObject({ n: 33, events: 15 });
    expect(partOf(variables, 'professions')).toMatchObject({ n: 33, events: 14 }); // all content but C3, C7
    expect(partOf(variables, 'individual_plan')).toMatchObject({ n: 33, events: 13 }); // all content but C5, C13, C16
    expect(partOf(variables, 'coordinator')).toMatchObject({ n: 33, events: 14 }); // all content but C5, C13
    expect(partOf(variables, 'mrs_admission')).toMatchObject({ n: 16, events: 14, value: 14 / 16 }); // all stroke but 6, 16
    expect(partOf(variables, 'mrs_discharge')).toMatchObject({ n: 16, events: 13 });
  });

  it('shades the zones of a configured target and draws the shares as funnels', async () => {
    const settings = (await get(admin, '/api/v1/admin/indicator-settings', {}).expect(200)).body;
    await t
      .http()
      .put('/api/v1/admin/indicator-settings')
      .set(admin.headers)
      .send({
        parameters: settings.parameters,
        targets: [...settings.targets, { indicator: 'plan.individual_plan', minimum: 0.6, target: 0.8 }],
        reason: 'Targets for the individual plan agreed for 2026',
      })
      .expect(200);
    const res = await get(x.staff, '/api/v1/indicators', { scope: `institution:${x.id}`, period: '2026' }).expect(200);
    expect(find(res.body, 'plan.individual_plan')).toMatchObject({ target: { minimum: 0.6, target: 0.8 }, zone: 'minimum_met' }); // 9/13 = 0.69
    expect(find(res.body, 'plan.coordinator')).toMatchObject({ target: null, zone: null });

    for (const [indicator, events, n] of [
      ['mrs.improved', 5, 10],
      ['content.interdisciplinary', 7, 10],
      ['transition.municipality_notified', 9, 12],
    ] as const) {
      const funnel = await get(admin, '/api/v1/indicators/funnel', { indicator, period: '2026' }).expect(200);
      expect(funnel.body.live.kind).toBe('proportion');
      expect(funnel.body.live.target).toBeCloseTo(events / n, 12);
      expect(funnel.body.live.points).toEqual([expect.objectContaining({ institutionId: x.id, n, value: events / n })]);
    }
  });

  it('leaves a municipality’s levels 1–4 out of the plan, coordinator and team shares', async () => {
    const created = await t
      .http()
      .post('/api/v1/admin/institutions')
      .set(admin.headers)
      .send({
        name: `Municipality ${randomBytes(3).toString('hex')}`,
        orgNumber: randomOrgNumber(),
        kind: 'municipality',
        region: 'helse-nord',
      })
      .expect(201);
    municipality = { id: created.body.id, apiKey: await createApiKey(t, admin, created.body.id) };
    const level3 = {
      admission: '2026-06-01',
      los: 20,
      serviceLevel: 'municipal',
      programme: 'acquired_brain_injury',
      professions: team(5),
      individualPlan: 'not_assessed',
      coordinator: 'not_assigned',
      destination: 'nursing_home',
      notifiedDaysBeforeDischarge: 3,
    };
    await submit(t, municipality.apiKey.headers, [
      submissionEpisode({ ...level3, rehabLevel: '3' }),
      submissionEpisode({ ...level3, rehabLevel: '4' }),
    ]);

    const res = await get(admin, '/api/v1/indicators', { period: '2026' }).expect(200);
    expect(find(res.body, 'plan.individual_plan')).toMatchObject({ n: 13, events: 9 });
    expect(find(res.body, 'plan.coordinator')).toMatchObject({ n: 13, events: 8 });
    expect(find(res.body, 'content.interdisciplinary')).toMatchObject({ n: 10, events: 7 });
    // The inpatient discharges to a nursing home count wherever they are: 12 + 2, both notified in time.
    expect(find(res.body, 'transition.municipality_notified')).toMatchObject({ n: 14, events: 11 });
    expect(partOf(find(res.body, 'completeness.variables'), 'rehab_level')).toMatchObject({ n: 35, events: 17 });
  });

  it('publishes the new indicators frozen, with the small municipality suppressed', async () => {
    // What disclosure control hides at X in this small register (issue 19) is listed by a dry run;
    // every other figure is published as computed.
    const dry = await t
      .http()
      .post('/api/v1/admin/indicator-snapshots')
      .set(admin.headers)
      .send({ period: '2026', dryRun: true })
      .expect(200);
    const hiddenAtX = new Set(
      (dry.body.hidden as { scope: string; breakdown: string; indicator: string }[])
        .filter((h) => h.scope === `institution:${x.id}` && h.breakdown === 'all')
        .map((h) => h.indicator),
    );
    await t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send({ period: '2026' }).expect(201);
    const publicX = await t
      .http()
      .get('/api/v1/public/indicators')
      .query({ period: '2026', scope: `institution:${x.id}` })
      .expect(200);
    const computed: [string, object][] = [
      ['mrs.improved', { n: 10, events: 5, suppressed: false }],
      ['mrs.independent_discharge', { n: 13, events: 6 }],
      ['plan.individual_plan', { n: 13, events: 9 }],
    ];
    for (const [id, figure] of computed) {
      expect(find(publicX.body, id)).toMatchObject(hiddenAtX.has(id) ? { suppressed: true, n: null, events: null } : figure);
    }
    const publicM = await t
      .http()
      .get('/api/v1/public/indicators')
      .query({ period: '2026', scope: `institution:${municipality.id}` })
      .expect(200);
    expect(find(publicM.body, 'transition.municipality_notified')).toMatchObject({ suppressed: true, n: null, value: null });

    // Late data change the live view, not the publication.
    await submit(t, x.apiKey.headers, [submissionEpisode({ admission: '2026-07-01', los: 10, mrs: [4, 0] })]);
    const live = await get(x.staff, '/api/v1/indicators', { scope: `institution:${x.id}`, period: '2026' }).expect(200);
    expect(find(live.body, 'mrs.improved')).toMatchObject({ n: 11, events: 6 });
    const again = await t
      .http()
      .get('/api/v1/public/indicators')
      .query({ period: '2026', scope: `institution:${x.id}` })
      .expect(200);
    expect(again.body).toEqual(publicX.body);
  });
});
