/**
 * The quality indicators of INDICATORS.md, one entry each. Everything else derives from these:
 * the definitions the API serves with every result, the cube's measures and parts, the n that
 * suppression looks at, the funnels and the default targets. A new indicator is a new entry
 * here and its measures in the cube's SQL (sql/indicator_fill_cube.sql, with a migration for the
 * columns); an e2e test checks that the table has exactly the measures derived here, each filled
 * by the part the spec puts it in.
 */
import { medianFigure, plainFigure, proportionFigure, type FigureWithParts, type ShareFigure } from './figures';
import type { Counted, FigureInput, IndicatorSpec, MeasureSums, PartSpec, Population } from './indicator-spec';
import { adjustedValue } from './statistics/case-mix';
import { residualSd } from './statistics/case-mix-moments';
import { PCHC_CLASSES, pchcSharesFromCounts, type PchcClass } from './statistics/pchc';

/** Freezes a spec and infers its id and the measures its functions may read. */
const define = <const I extends string, const M extends string = never>(
  spec: Omit<IndicatorSpec<I, M>, 'parameters'> & { parameters?: IndicatorSpec<I, M>['parameters'] },
): IndicatorSpec<I, M> => Object.freeze({ ...spec, parameters: spec.parameters ?? [] });

const EPISODES: Counted<never> = { population: 'episodes', count: (s) => s.episodes };
/**
 * Completeness of one instrument or key variable: the share of the episodes where it is expected
 * (all of them unless `among` says otherwise) where it is filled.
 */
const filled = <M extends string>(part: string, filledIn: Counted<M>, funnel = false, among: Counted<M> = EPISODES): PartSpec<M> => ({
  part,
  n: among,
  events: filledIn.count,
  eventsPopulation: filledIn.population,
  ...(funnel ? { funnel } : {}),
});
/**
 * The default minimum and target of the completeness indicators: the levels Norwegian national
 * quality registers use for coverage (dekningsgrad): below 60% low, 60–80% moderate, 80% and above high.
 */
const SHARE_TARGET = { minimum: 0.6, target: 0.8 };
const STROKE: Counted<'stroke_n'> = { population: 'stroke', count: (s) => s.stroke_n };

const SPECS = [
  define({
    id: 'completeness.admission',
    title: 'Admission registration',
    kind: 'proportion',
    unit: 'share',
    definition: 'Share of closed episodes with a valid admission response, separately for EQ-5D-5L and Barthel.',
    higherIsBetter: true,
    usesValueSet: false,
    reportedPer: 'instrument',
    measures: { eq5d_index: ['eq5d_admission'], barthel: ['barthel_admission'] },
    n: EPISODES,
    value: null,
    parts: [
      filled('eq5d-5l', { population: 'eq5d_admission', count: (s: MeasureSums<'eq5d_admission'>) => s.eq5d_admission }, true),
      filled('barthel', { population: 'barthel_admission', count: (s: MeasureSums<'barthel_admission'>) => s.barthel_admission }, true),
    ],
    defaultTarget: SHARE_TARGET,
  }),
  define({
    id: 'completeness.paired',
    title: 'Paired registration',
    kind: 'proportion',
    unit: 'share',
    definition: 'Share of closed episodes with valid admission and discharge responses of the same instrument.',
    higherIsBetter: true,
    usesValueSet: false,
    reportedPer: 'instrument',
    measures: { eq5d_index: ['eq5d_paired'], barthel: ['barthel_paired'] },
    n: EPISODES,
    value: null,
    parts: [
      filled('eq5d-5l', { population: 'eq5d_paired', count: (s: MeasureSums<'eq5d_paired'>) => s.eq5d_paired }, true),
      filled('barthel', { population: 'barthel_paired', count: (s: MeasureSums<'barthel_paired'>) => s.barthel_paired }, true),
    ],
    defaultTarget: SHARE_TARGET,
  }),
  define({
    id: 'eq5d.index_change',
    title: 'Change in EQ-5D index',
    kind: 'mean',
    unit: 'EQ-5D index',
    definition: 'Mean of discharge minus admission EQ-5D-5L index with 95% CI, paired episodes only.',
    higherIsBetter: true,
    usesValueSet: true,
    measures: { eq5d_index: ['index_n', 'index_sum', 'index_sum2'] },
    n: { population: 'eq5d_paired', count: (s) => s.index_n },
    value: { sum: (s) => s.index_sum, sum2: (s) => s.index_sum2 },
    funnel: 'value',
  }),
  define({
    id: 'eq5d.index_change_adjusted',
    title: 'Case-mix adjusted change in EQ-5D index',
    kind: 'mean',
    unit: 'EQ-5D index',
    definition:
      "Institution's observed mean change minus its expected mean plus the national mean; expected from a linear " +
      'model fitted on national data with age band, sex, baseline index, programme group and setting.',
    higherIsBetter: true,
    usesValueSet: true,
    // The baseline moments are what the national case-mix model is fitted on (caseMixCell).
    measures: { eq5d_index: ['index_n', 'index_sum', 'index_sum2', 'index_base_sum', 'index_base_sum2', 'index_base_cross'] },
    n: { population: 'eq5d_paired', count: (s) => s.index_n },
    value: { compute: adjustedFigure },
    funnel: 'adjusted',
  }),
  define({
    id: 'eq5d.vas_change',
    title: 'Change in EQ VAS',
    kind: 'mean',
    unit: 'EQ VAS points',
    definition: 'Mean of discharge minus admission EQ VAS (0–100) with 95% CI, paired episodes only.',
    higherIsBetter: true,
    usesValueSet: false,
    measures: { eq5d_profile: ['vas_n', 'vas_sum', 'vas_sum2'] },
    n: { population: 'vas_paired', count: (s) => s.vas_n },
    value: { sum: (s) => s.vas_sum, sum2: (s) => s.vas_sum2 },
    funnel: 'value',
  }),
  define({
    id: 'eq5d.pchc',
    title: 'Paretian classification of health change',
    kind: 'shares',
    unit: 'share',
    definition: 'Shares of paired EQ-5D-5L profiles that are better, worse, mixed or unchanged (no value set needed).',
    higherIsBetter: null,
    usesValueSet: false,
    // The classes, and the paired episodes they are shares of.
    measures: { eq5d_index: ['eq5d_paired'], eq5d_profile: ['pchc_better', 'pchc_worse', 'pchc_mixed', 'pchc_unchanged'] },
    n: { population: 'eq5d_paired', count: (s) => s.eq5d_paired },
    value: { compute: pchcFigure },
    funnel: [
      { part: 'better', events: (s) => s.pchc_better, n: (s) => s.eq5d_paired },
      { part: 'worse', events: (s) => s.pchc_worse, n: (s) => s.eq5d_paired },
      { part: 'mixed', events: (s) => s.pchc_mixed, n: (s) => s.eq5d_paired },
      { part: 'unchanged', events: (s) => s.pchc_unchanged, n: (s) => s.eq5d_paired },
    ],
  }),
  define({
    id: 'eq5d.improved',
    title: 'Clinically important improvement',
    kind: 'proportion',
    unit: 'share',
    definition: 'Share of paired episodes whose EQ-5D-5L index change is at least the minimal important difference.',
    higherIsBetter: true,
    usesValueSet: true,
    parameters: ['eq5dMid'],
    measures: { eq5d_index: ['index_n', 'index_improved'] },
    n: { population: 'eq5d_paired', count: (s) => s.index_n },
    value: { events: (s) => s.index_improved },
    funnel: 'value',
  }),
  define({
    id: 'barthel.change',
    title: 'Change in Barthel index',
    kind: 'mean',
    unit: 'Barthel points',
    definition: 'Mean of discharge minus admission Barthel index (0–100) with 95% CI, paired episodes only.',
    higherIsBetter: true,
    usesValueSet: false,
    measures: { barthel: ['barthel_n', 'barthel_sum', 'barthel_sum2'] },
    n: { population: 'barthel_paired', count: (s) => s.barthel_n },
    value: { sum: (s) => s.barthel_sum, sum2: (s) => s.barthel_sum2 },
    funnel: 'value',
  }),
  define({
    id: 'barthel.improved',
    title: 'Important ADL improvement',
    kind: 'proportion',
    unit: 'share',
    definition: 'Share of paired episodes whose Barthel index improves by at least the MCID.',
    higherIsBetter: true,
    usesValueSet: false,
    parameters: ['barthelMcid'],
    measures: { barthel: ['barthel_n', 'barthel_improved'] },
    n: { population: 'barthel_paired', count: (s) => s.barthel_n },
    value: { events: (s) => s.barthel_improved },
    funnel: 'value',
  }),
  // Denominators are the episodes where the answer is known: a valid discharge Barthel, a
  // recorded destination. Missing data show in completeness.variables, not as "not home".
  define({
    id: 'barthel.independent',
    title: 'Independent at discharge',
    kind: 'proportion',
    unit: 'share',
    definition: 'Share of episodes with a discharge Barthel index at or above the independence threshold (default 100).',
    higherIsBetter: true,
    usesValueSet: false,
    parameters: ['barthelIndependenceThreshold'],
    measures: { barthel: ['barthel_discharge', 'barthel_independent'] },
    n: { population: 'barthel_discharge', count: (s) => s.barthel_discharge },
    value: { events: (s) => s.barthel_independent },
    funnel: 'value',
  }),
  define({
    id: 'outcome.home',
    title: 'Discharged home',
    kind: 'proportion',
    unit: 'share',
    definition:
      'Share of closed episodes with a recorded discharge destination whose destination is home or home with services; n counts the closed episodes with a recorded destination (episodes without one are left out, and show in completeness.variables).',
    higherIsBetter: true,
    usesValueSet: false,
    measures: { stay: ['destination_n', 'home_n'] },
    n: { population: 'destination_known', count: (s) => s.destination_n },
    value: { events: (s) => s.home_n },
    funnel: 'value',
  }),
  define({
    id: 'los.median',
    title: 'Length of stay',
    kind: 'median',
    unit: 'days',
    definition: 'Median and interquartile range of days from admission to discharge.',
    higherIsBetter: null,
    usesValueSet: false,
    measures: {},
    histogram: 'los',
    n: EPISODES,
    value: { compute: ({ los }) => medianFigure(los) },
  }),
  define({
    id: 'wait.median',
    title: 'Waiting time',
    kind: 'median',
    unit: 'days',
    definition: 'Median and interquartile range of days from referral to admission, where the referral date is given.',
    higherIsBetter: false,
    usesValueSet: false,
    measures: { stay: ['referral_n'] },
    histogram: 'wait',
    n: { population: 'referral_known', count: (s) => s.referral_n },
    value: { compute: ({ wait }) => medianFigure(wait) },
  }),
  // Issue 18: mRS for stroke, and the register content of an episode (DOMAIN.md, "Rehabilitation
  // level, content, plan and coordinator"). As above, each n is the episodes where the answer
  // is known or the requirement applies; a missing plan, coordinator or professions count as not met.
  define({
    id: 'mrs.improved',
    title: 'Improved on the modified Rankin Scale',
    kind: 'proportion',
    unit: 'share',
    definition:
      'Of stroke episodes with admission and discharge mRS, admission mRS at least 1 and discharge mRS below 6 (alive), ' +
      'the share whose discharge mRS is lower than the admission mRS.',
    higherIsBetter: true,
    usesValueSet: false,
    measures: { mrs: ['mrs_improvable', 'mrs_improved'] },
    n: { population: 'mrs_improvable', count: (s) => s.mrs_improvable },
    value: { events: (s) => s.mrs_improved },
    funnel: 'value',
  }),
  define({
    id: 'mrs.independent_discharge',
    title: 'Functionally independent at discharge (mRS 0–2)',
    kind: 'proportion',
    unit: 'share',
    definition: 'Of stroke episodes with a discharge mRS, the share with mRS 0, 1 or 2.',
    higherIsBetter: true,
    usesValueSet: false,
    measures: { mrs: ['mrs_discharge', 'mrs_independent'] },
    n: { population: 'mrs_discharge', count: (s) => s.mrs_discharge },
    value: { events: (s) => s.mrs_independent },
    funnel: 'value',
  }),
  define({
    id: 'plan.individual_plan',
    title: 'Individual plan',
    kind: 'proportion',
    unit: 'share',
    definition:
      'Of level 5.1–5.3 episodes whose individual plan is not recorded as not needed, the share where it is established or was ' +
      'offered and declined (not assessed and not recorded count as not met).',
    higherIsBetter: true,
    usesValueSet: false,
    measures: { content: ['plan_n', 'plan_met'] },
    n: { population: 'individual_plan_due', count: (s) => s.plan_n },
    value: { events: (s) => s.plan_met },
    funnel: 'value',
  }),
  define({
    id: 'plan.coordinator',
    title: 'Coordinator assigned',
    kind: 'proportion',
    unit: 'share',
    definition:
      'Of level 5.1–5.3 episodes whose coordinator is not recorded as not needed, the share with a coordinator assigned ' +
      '(not recorded counts as not met).',
    higherIsBetter: true,
    usesValueSet: false,
    measures: { content: ['coordinator_n', 'coordinator_met'] },
    n: { population: 'coordinator_due', count: (s) => s.coordinator_n },
    value: { events: (s) => s.coordinator_met },
    funnel: 'value',
  }),
  define({
    id: 'content.interdisciplinary',
    title: 'Interdisciplinary team (4 or more professions)',
    kind: 'proportion',
    unit: 'share',
    definition:
      'Of level 5.2 and 5.3 episodes, the share where 4 or more professions took part (professions not recorded count as not met).',
    higherIsBetter: true,
    usesValueSet: false,
    measures: { content: ['interdisciplinary_n', 'interdisciplinary_met'] },
    n: { population: 'level_5_2_or_5_3', count: (s) => s.interdisciplinary_n },
    value: { events: (s) => s.interdisciplinary_met },
    funnel: 'value',
  }),
  define({
    id: 'transition.municipality_notified',
    title: 'Municipality notified before discharge',
    kind: 'proportion',
    unit: 'share',
    definition:
      'Of closed inpatient episodes discharged home with services, to a nursing home or to another institution, the share whose ' +
      'municipality was notified on or before the discharge date.',
    higherIsBetter: true,
    usesValueSet: false,
    measures: { content: ['notice_n', 'notice_met'] },
    n: { population: 'notice_due', count: (s) => s.notice_n },
    value: { events: (s) => s.notice_met },
    funnel: 'value',
  }),
  define({
    id: 'completeness.participation',
    title: 'Participation (tilslutningsgrad)',
    kind: 'proportion',
    unit: 'share',
    definition: 'Share of institutions expected to report in the period that reported at least one episode.',
    higherIsBetter: true,
    usesValueSet: false,
    measures: {},
    n: null,
    value: { compute: participationFigure },
    defaultTarget: SHARE_TARGET,
  }),
  define({
    id: 'completeness.coverage',
    title: 'Coverage (dekningsgrad)',
    kind: 'ratio',
    unit: 'ratio',
    definition:
      'Registered episodes divided by expected episodes per institution (expected counts imported from the national patient register).',
    higherIsBetter: true,
    usesValueSet: false,
    parameters: ['coverageWarning'],
    measures: {},
    n: null,
    value: { compute: coverageFigure },
    defaultTarget: SHARE_TARGET,
  }),
  define({
    id: 'completeness.variables',
    title: 'Variable completeness',
    kind: 'proportion',
    unit: 'share',
    definition: 'Per key variable (the indicator and case-mix variables), share of episodes where it is filled.',
    higherIsBetter: true,
    usesValueSet: false,
    reportedPer: 'variable',
    measures: {
      eq5d_index: ['eq5d_admission', 'eq5d_discharge'],
      eq5d_profile: ['vas_admission', 'vas_discharge'],
      barthel: ['barthel_admission', 'barthel_discharge'],
      stay: ['referral_n', 'destination_n'],
      content: ['level_n', 'professions_n', 'plan_known', 'coordinator_known'],
      mrs: ['stroke_n', 'mrs_admission', 'mrs_discharge'],
    },
    n: EPISODES,
    value: null,
    // The indicator and case-mix inputs; birth year, sex, programme and setting are NOT NULL in the
    // schema. mRS is expected of stroke episodes only, so its share is of those.
    parts: [
      filled('birth_year', EPISODES),
      filled('sex', EPISODES),
      filled('programme_group', EPISODES),
      filled('setting', EPISODES),
      filled('referral_date', { population: 'referral_known', count: (s: MeasureSums<'referral_n'>) => s.referral_n }),
      filled('discharge_destination', { population: 'destination_known', count: (s: MeasureSums<'destination_n'>) => s.destination_n }),
      filled('eq5d_admission', { population: 'eq5d_admission', count: (s: MeasureSums<'eq5d_admission'>) => s.eq5d_admission }),
      filled('eq5d_discharge', { population: 'eq5d_discharge', count: (s: MeasureSums<'eq5d_discharge'>) => s.eq5d_discharge }),
      filled('vas_admission', { population: 'vas_admission', count: (s: MeasureSums<'vas_admission'>) => s.vas_admission }),
      filled('vas_discharge', { population: 'vas_discharge', count: (s: MeasureSums<'vas_discharge'>) => s.vas_discharge }),
      filled('barthel_admission', { population: 'barthel_admission', count: (s: MeasureSums<'barthel_admission'>) => s.barthel_admission }),
      filled('barthel_discharge', { population: 'barthel_discharge', count: (s: MeasureSums<'barthel_discharge'>) => s.barthel_discharge }),
      filled('rehab_level', { population: 'level_known', count: (s: MeasureSums<'level_n'>) => s.level_n }),
      filled('professions', { population: 'professions_known', count: (s: MeasureSums<'professions_n'>) => s.professions_n }),
      filled('individual_plan', { population: 'individual_plan_known', count: (s: MeasureSums<'plan_known'>) => s.plan_known }),
      filled('coordinator', { population: 'coordinator_known', count: (s: MeasureSums<'coordinator_known'>) => s.coordinator_known }),
      filled('mrs_admission', { population: 'mrs_admission', count: (s: MeasureSums<'mrs_admission'>) => s.mrs_admission }, false, STROKE),
      filled('mrs_discharge', { population: 'mrs_discharge', count: (s: MeasureSums<'mrs_discharge'>) => s.mrs_discharge }, false, STROKE),
    ],
  }),
] as const;

function adjustedFigure({ sums: s, residuals, model, national, caseMixCovers }: FigureInput<'index_n' | 'index_sum'>): FigureWithParts {
  const base = { ...plainFigure(s.index_n), ciLow: null, ciHigh: null };
  if (s.index_n === 0) return base;
  if (!caseMixCovers) {
    return {
      ...base,
      note: 'No adjusted figure under a service-level breakdown: the case-mix model does not include service level (see the unadjusted change).',
    };
  }
  if (!model || !residuals || residuals.n !== s.index_n) {
    return { ...base, note: 'Too few paired episodes nationally in this period to fit the case-mix model.' };
  }
  const observed = s.index_sum / s.index_n;
  const expected = residuals.sumExpected / residuals.n;
  const nationalMean = national.index_sum / national.index_n;
  const a = adjustedValue(observed, expected, nationalMean, { n: residuals.n, sd: residualSd(residuals) });
  return { ...base, value: a.value, ciLow: a.ciLow, ciHigh: a.ciHigh };
}

function pchcFigure({ sums: s }: FigureInput<`pchc_${PchcClass}`>): FigureWithParts {
  const shares = pchcSharesFromCounts({ better: s.pchc_better, worse: s.pchc_worse, mixed: s.pchc_mixed, unchanged: s.pchc_unchanged });
  const figures = PCHC_CLASSES.map((c): [PchcClass, ShareFigure] => [
    c,
    {
      events: shares.classes[c].events,
      proportion: shares.classes[c].proportion,
      ciLow: shares.classes[c].ciLow,
      ciHigh: shares.classes[c].ciHigh,
    },
  ]);
  return { ...plainFigure(shares.n), shares: Object.fromEntries(figures) as Record<PchcClass, ShareFigure> };
}

function participationFigure({ completeness }: FigureInput<never>): FigureWithParts {
  if (!completeness.participation)
    return { ...plainFigure(null), note: 'No institutions are expected to report in this period; an administrator maintains the list.' };
  return {
    ...proportionFigure(completeness.participation.reported, completeness.participation.expected),
    note: 'Counts institutions, not patients; filters are not applied.',
  };
}

function coverageFigure({ completeness, parameters }: FigureInput<never>): FigureWithParts {
  const input = completeness.coverage;
  if (!input || input.expected === 0) return { ...plainFigure(null), note: 'No expected episode counts are registered for this period.' };
  const value = input.registered / input.expected;
  return {
    n: input.expected,
    events: input.registered,
    value,
    suppressed: false,
    suppressionReason: null,
    lowCoverage: value < parameters.coverageWarning,
  };
}

type MeasureOf<S> = S extends IndicatorSpec<string, infer M> ? M : never;
export type IndicatorId = (typeof SPECS)[number]['id'];
/** The additive measures of a cube cell: the episodes, and every measure an indicator rests on. */
export type CellMeasure = 'episodes' | MeasureOf<(typeof SPECS)[number]>;

/** Every indicator, in the order of a report. */
export const INDICATOR_SPECS: readonly IndicatorSpec<IndicatorId, CellMeasure>[] = Object.freeze(SPECS);
/** Every indicator id, in definition order (the order of a report). */
export const INDICATOR_IDS: readonly IndicatorId[] = INDICATOR_SPECS.map((d) => d.id);

/** The spec of one indicator; throws on an unknown id, which is a programming error. */
export function indicatorSpec(id: IndicatorId): IndicatorSpec<IndicatorId, CellMeasure> {
  const found = INDICATOR_SPECS.find((d) => d.id === id);
  if (!found) throw new Error(`unknown indicator ${id}`);
  return found;
}

/** A published count: the n of a figure (`id` or `id:part`), or the numerator of a part. */
export interface PublishedCount {
  figure: string;
  count: 'n' | 'events';
}

/**
 * The published counts of each population, for disclosure control: counts of one population are
 * the same number wherever they are shown, so hiding one of them and showing another hides nothing.
 */
export function countsByPopulation(): Map<Population, PublishedCount[]> {
  const counts = new Map<Population, PublishedCount[]>();
  const add = (population: Population, count: PublishedCount) => counts.set(population, [...(counts.get(population) ?? []), count]);
  for (const spec of INDICATOR_SPECS) {
    if (spec.n) add(spec.n.population, { figure: spec.id, count: 'n' });
    for (const part of spec.parts ?? []) {
      add(part.n.population, { figure: `${spec.id}:${part.part}`, count: 'n' });
      if (part.eventsPopulation) add(part.eventsPopulation, { figure: `${spec.id}:${part.part}`, count: 'events' });
    }
  }
  return counts;
}
