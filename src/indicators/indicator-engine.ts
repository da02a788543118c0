/**
 * From summed cells to the indicators of INDICATORS.md: pure functions, no database. Every
 * statistic comes from ./statistics (the one tested place for the maths); this file only decides
 * which sums go into which statistic, and how a figure looks when published or suppressed.
 */
import {
  INDICATOR_DEFINITIONS,
  INDICATOR_IDS,
  KEY_VARIABLES,
  type IndicatorDefinition,
  type IndicatorId,
  type IndicatorParameters,
} from './indicator-definitions';
import { caseMixCell, type CubeCell, type Sums } from './cube/cube-cells';
import { zoneOf, type IndicatorTarget, type IndicatorTargets, type Zone } from './settings/indicator-targets';
import { adjustedValue, type LinearModel } from './statistics/case-mix';
import {
  addResiduals,
  cellResiduals,
  fitLinearModelFromMoments,
  momentsOfCells,
  NO_RESIDUALS,
  residualSd,
  type ResidualSums,
} from './statistics/case-mix-moments';
import { medianAndIqrFromHistogram, type HistogramBin } from './statistics/histogram';
import { PCHC_CLASSES, pchcSharesFromCounts, type PchcClass } from './statistics/pchc';
import { meanCiFromSums, proportionWithCi } from './statistics/summary';

export type SuppressionReason = 'small_n' | 'secondary' | 'few_institutions';

export interface ShareFigure {
  events: number | null;
  proportion: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/** One published number (or a hidden one) with what it rests on. Fields beyond n/value depend on the kind. */
export interface Figure {
  n: number | null;
  value: number | null;
  suppressed: boolean;
  suppressionReason: SuppressionReason | null;
  ciLow?: number | null;
  ciHigh?: number | null;
  /** Proportions: the numerator. Coverage: registered episodes (n is then the expected count). */
  events?: number | null;
  sd?: number | null;
  q1?: number | null;
  q3?: number | null;
  shares?: Record<PchcClass, ShareFigure> | null;
  zone?: Zone | null;
  /** Coverage only: below the configured coverage warning level (default 60%). */
  lowCoverage?: boolean | null;
  note?: string;
}

export interface PartFigure extends Figure {
  /** The instrument (eq5d-5l, barthel) or key variable the part is for. */
  part: string;
}

export interface IndicatorResult extends Figure {
  id: IndicatorId;
  title: string;
  definition: string;
  kind: IndicatorDefinition['kind'];
  unit: IndicatorDefinition['unit'];
  higherIsBetter: boolean | null;
  /** The EQ-5D-5L value set behind the figure, where it uses one. */
  valueSet: { id: string; name: string } | null;
  /** The configured parameters the definition uses, with the values in force. */
  parameters: Partial<IndicatorParameters>;
  target: IndicatorTarget | null;
  parts?: PartFigure[];
}

export interface ScopeAggregates {
  sums: Sums;
  /** Residuals of the case-mix model over the scope's paired EQ-5D index episodes. */
  residuals: ResidualSums | null;
  los: HistogramBin[];
  wait: HistogramBin[];
}

/** Institution-level completeness; counts all episodes of the period, whatever the filters. */
export interface CompletenessInput {
  participation: { expected: number; reported: number } | null;
  coverage: { expected: number; registered: number } | null;
}

export interface EngineContext {
  parameters: IndicatorParameters;
  /** Minimum requirements and targets in force: each figure says which zone it falls in. */
  targets: IndicatorTargets;
  valueSet: { id: string; name: string };
  model: LinearModel | null;
  /** National sums with the same filters: the national mean the adjusted value is centred on. */
  national: Sums;
}

/**
 * The n each figure rests on, by figure key (`id` or `id:part`), for suppression and for counting
 * contributing institutions. Participation and coverage are absent: they count institutions and
 * registrations, not patients' outcomes, and are never suppressed.
 */
export const FIGURE_N: Readonly<Record<string, (s: Sums) => number>> = Object.freeze({
  'completeness.admission': (s: Sums) => s.episodes,
  'completeness.admission:eq5d-5l': (s: Sums) => s.episodes,
  'completeness.admission:barthel': (s: Sums) => s.episodes,
  'completeness.paired': (s: Sums) => s.episodes,
  'completeness.paired:eq5d-5l': (s: Sums) => s.episodes,
  'completeness.paired:barthel': (s: Sums) => s.episodes,
  'eq5d.index_change': (s: Sums) => s.index_n,
  'eq5d.index_change_adjusted': (s: Sums) => s.index_n,
  'eq5d.vas_change': (s: Sums) => s.vas_n,
  'eq5d.pchc': (s: Sums) => s.eq5d_paired,
  'eq5d.improved': (s: Sums) => s.index_n,
  'barthel.change': (s: Sums) => s.barthel_n,
  'barthel.improved': (s: Sums) => s.barthel_n,
  'barthel.independent': (s: Sums) => s.barthel_discharge,
  'outcome.home': (s: Sums) => s.destination_n,
  'los.median': (s: Sums) => s.episodes,
  'wait.median': (s: Sums) => s.referral_n,
  'completeness.variables': (s: Sums) => s.episodes,
  ...Object.fromEntries(KEY_VARIABLES.map((v) => [`completeness.variables:${v}`, (s: Sums) => s.episodes])),
});

/** How many episodes have each key variable filled. */
const VARIABLE_FILLED: Record<(typeof KEY_VARIABLES)[number], (s: Sums) => number> = {
  birth_year: (s) => s.episodes, // NOT NULL in the schema
  sex: (s) => s.episodes,
  programme_group: (s) => s.episodes,
  setting: (s) => s.episodes,
  referral_date: (s) => s.referral_n,
  discharge_destination: (s) => s.destination_n,
  eq5d_admission: (s) => s.eq5d_admission,
  eq5d_discharge: (s) => s.eq5d_discharge,
  vas_admission: (s) => s.vas_admission,
  vas_discharge: (s) => s.vas_discharge,
  barthel_admission: (s) => s.barthel_admission,
  barthel_discharge: (s) => s.barthel_discharge,
};

/**
 * The period's case-mix model from national cells (grouped at least by age band, sex, programme
 * and setting); null when there are too few paired episodes to estimate it.
 */
export function fitCaseMixModel(cells: readonly CubeCell[]): LinearModel | null {
  const moments = momentsOfCells(cells.filter((c) => c.index_n > 0).map(caseMixCell));
  if (moments.n === 0) return null;
  try {
    return fitLinearModelFromMoments(moments);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** Σ expected, Σ residual and Σ residual² of the model over cells grouped at least by the case-mix keys. */
export function residualsOf(cells: readonly CubeCell[], model: LinearModel): ResidualSums {
  return cells
    .filter((c) => c.index_n > 0)
    .reduce((total, c) => addResiduals(total, cellResiduals(model, caseMixCell(c))), { ...NO_RESIDUALS });
}

type FigureWithParts = Figure & { parts?: PartFigure[] };

/** The figures of the indicators `ids` (default all, in definition order) from a scope's aggregates. */
export function computeIndicators(
  scope: ScopeAggregates,
  completeness: CompletenessInput,
  ctx: EngineContext,
  ids: readonly IndicatorId[] = INDICATOR_IDS,
): IndicatorResult[] {
  const s = scope.sums;
  const p = ctx.parameters;
  const figure = (id: IndicatorId): FigureWithParts => {
    switch (id) {
      case 'completeness.admission':
        return {
          ...plain(s.episodes),
          parts: [part('eq5d-5l', proportion(s.eq5d_admission, s.episodes)), part('barthel', proportion(s.barthel_admission, s.episodes))],
        };
      case 'completeness.paired':
        return {
          ...plain(s.episodes),
          parts: [part('eq5d-5l', proportion(s.eq5d_paired, s.episodes)), part('barthel', proportion(s.barthel_paired, s.episodes))],
        };
      case 'eq5d.index_change':
        return mean(s.index_n, s.index_sum, s.index_sum2);
      case 'eq5d.index_change_adjusted':
        return adjusted(scope, ctx);
      case 'eq5d.vas_change':
        return mean(s.vas_n, s.vas_sum, s.vas_sum2);
      case 'eq5d.pchc': {
        const shares = pchcSharesFromCounts({
          better: s.pchc_better,
          worse: s.pchc_worse,
          mixed: s.pchc_mixed,
          unchanged: s.pchc_unchanged,
        });
        return {
          ...plain(shares.n),
          shares: Object.fromEntries(
            PCHC_CLASSES.map((c) => [
              c,
              {
                events: shares.classes[c].events,
                proportion: shares.classes[c].proportion,
                ciLow: shares.classes[c].ciLow,
                ciHigh: shares.classes[c].ciHigh,
              },
            ]),
          ) as Record<PchcClass, ShareFigure>,
        };
      }
      case 'eq5d.improved':
        return proportion(s.index_improved, s.index_n);
      case 'barthel.change':
        return mean(s.barthel_n, s.barthel_sum, s.barthel_sum2);
      case 'barthel.improved':
        return proportion(s.barthel_improved, s.barthel_n);
      // Denominators are the episodes where the answer is known: a valid discharge Barthel, a
      // recorded destination. Missing data show in completeness.variables, not as "not home".
      case 'barthel.independent':
        return proportion(s.barthel_independent, s.barthel_discharge);
      case 'outcome.home':
        return proportion(s.home_n, s.destination_n);
      case 'los.median':
        return median(scope.los);
      case 'wait.median':
        return median(scope.wait);
      case 'completeness.participation':
        if (!completeness.participation)
          return { ...plain(null), note: 'No institutions are expected to report in this period; an administrator maintains the list.' };
        return {
          ...proportion(completeness.participation.reported, completeness.participation.expected),
          note: 'Counts institutions, not patients; filters are not applied.',
        };
      case 'completeness.coverage':
        return coverage(completeness.coverage, p);
      case 'completeness.variables':
        return { ...plain(s.episodes), parts: KEY_VARIABLES.map((v) => part(v, proportion(VARIABLE_FILLED[v](s), s.episodes))) };
    }
  };
  return INDICATOR_DEFINITIONS.filter((definition) => ids.includes(definition.id)).map((definition) => ({
    ...describe(definition, ctx),
    ...withZones(definition, figure(definition.id), ctx.targets),
  }));
}

function describe(d: IndicatorDefinition, ctx: EngineContext): Omit<IndicatorResult, keyof Figure> {
  return {
    id: d.id,
    title: d.title,
    definition: d.definition,
    kind: d.kind,
    unit: d.unit,
    higherIsBetter: d.higherIsBetter,
    valueSet: d.usesValueSet ? ctx.valueSet : null,
    parameters: Object.fromEntries(d.parameters.map((name) => [name, ctx.parameters[name]])),
    target: ctx.targets[d.id] ?? null,
  };
}

/** Where one direction is better, every figure (and part) says which zone its value falls in; null without a target. */
function withZones(d: IndicatorDefinition, f: FigureWithParts, targets: IndicatorTargets): FigureWithParts {
  if (d.higherIsBetter === null) return f;
  return {
    ...f,
    zone: zoneOf(d.id, f.value, targets),
    ...(f.parts ? { parts: f.parts.map((p) => ({ ...p, zone: zoneOf(d.id, p.value, targets) })) } : {}),
  };
}

function plain(n: number | null): Figure {
  return { n, value: null, suppressed: false, suppressionReason: null };
}

function part(name: string, f: Figure): PartFigure {
  return { part: name, ...f };
}

function proportion(events: number, n: number): Figure {
  const p = proportionWithCi(events, n);
  return { n, value: p.proportion, suppressed: false, suppressionReason: null, events, ciLow: p.ciLow, ciHigh: p.ciHigh };
}

function mean(n: number, sum: number, sum2: number): Figure {
  const m = meanCiFromSums(n, sum, sum2);
  return { n, value: m.mean, suppressed: false, suppressionReason: null, sd: m.sd, ciLow: m.ciLow, ciHigh: m.ciHigh };
}

function median(bins: HistogramBin[]): Figure {
  const m = medianAndIqrFromHistogram(bins);
  return { n: m.n, value: m.median, suppressed: false, suppressionReason: null, q1: m.q1, q3: m.q3 };
}

function adjusted(scope: ScopeAggregates, ctx: EngineContext): Figure {
  const s = scope.sums;
  const base = { ...plain(s.index_n), ciLow: null, ciHigh: null };
  if (s.index_n === 0) return base;
  if (!ctx.model || !scope.residuals || scope.residuals.n !== s.index_n) {
    return { ...base, note: 'Too few paired episodes nationally in this period to fit the case-mix model.' };
  }
  const observed = s.index_sum / s.index_n;
  const expected = scope.residuals.sumExpected / scope.residuals.n;
  const nationalMean = ctx.national.index_sum / ctx.national.index_n;
  const a = adjustedValue(observed, expected, nationalMean, { n: scope.residuals.n, sd: residualSd(scope.residuals) });
  return { ...base, value: a.value, ciLow: a.ciLow, ciHigh: a.ciHigh };
}

function coverage(input: CompletenessInput['coverage'], p: IndicatorParameters): Figure {
  if (!input || input.expected === 0) return { ...plain(null), note: 'No expected episode counts are registered for this period.' };
  const value = input.registered / input.expected;
  return {
    n: input.expected,
    events: input.registered,
    value,
    suppressed: false,
    suppressionReason: null,
    lowCoverage: value < p.coverageWarning,
  };
}

// ---------------------------------------------------------------------------------------------
// Suppression of computed results.

/** Figure keys that suppression applies to (participation and coverage are about institutions, not patients). */
export function isSuppressible(figureKey: string): boolean {
  return figureKey in FIGURE_N;
}

/** A figure as published when hidden: no n, no value, nothing that could give either back. */
export function hide<T extends Figure>(figure: T, reason: SuppressionReason): T {
  const hidden: Figure = { n: null, value: null, suppressed: true, suppressionReason: reason };
  for (const key of ['ciLow', 'ciHigh', 'events', 'sd', 'q1', 'q3', 'shares', 'zone'] as const) if (key in figure) hidden[key] = null;
  return { ...figure, ...hidden, parts: undefined } as T;
}

/**
 * Applies a decision (figure key → reason or null) to every figure of a report. A hidden
 * indicator hides its parts too; a part can be hidden on its own.
 */
export function applySuppression(results: IndicatorResult[], decide: (figureKey: string) => SuppressionReason | null): IndicatorResult[] {
  return results.map((result) => {
    if (result.suppressed) return result; // the first reason stands
    const reason = isSuppressible(result.id) ? decide(result.id) : null;
    if (reason) return { ...hide(result, reason), parts: result.parts?.map((p) => hide(p, reason)) };
    if (!result.parts) return result;
    return {
      ...result,
      parts: result.parts.map((p) => {
        const partReason = p.suppressed ? null : decide(`${result.id}:${p.part}`);
        return partReason ? hide(p, partReason) : p;
      }),
    };
  });
}

/** Primary suppression: every figure resting on fewer than `threshold` episodes. */
export function suppressSmallFigures(results: IndicatorResult[], sums: Sums, threshold: number): IndicatorResult[] {
  return applySuppression(results, (key) => (FIGURE_N[key] && FIGURE_N[key](sums) < threshold ? 'small_n' : null));
}

/**
 * A live aggregate over institutions (a region, the nation) shown to someone outside the
 * register's administration: when exactly one other institution contributes to a figure, the
 * viewer could subtract their own and read that institution's live figure before publication.
 * Such figures are hidden ('few_institutions'). `perInstitution` are the selection's sums by institution.
 */
export function suppressLoneOtherInstitution(
  results: IndicatorResult[],
  perInstitution: readonly (Sums & { institutionId?: string })[],
  own: readonly string[],
): IndicatorResult[] {
  const others = perInstitution.filter((c) => !own.includes(c.institutionId!));
  return applySuppression(results, (key) =>
    FIGURE_N[key] && others.filter((c) => FIGURE_N[key](c) > 0).length === 1 ? 'few_institutions' : null,
  );
}

/** Drops undefined keys (JSON would drop them anyway; tests compare objects). */
export function compact<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
