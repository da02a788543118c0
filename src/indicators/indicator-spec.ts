/**
 * The shape of one indicator's spec (the entries are in indicator-specs.ts): what the API says
 * about it, the cube measures it rests on, how its figures are computed from them, which
 * population each count is of, its funnels and its default target. A spec is generic in the
 * measures it names, so its functions can read no sum it has not declared: the cube parts a
 * request needs are then right by construction.
 */
import type { CubePart } from './cube/cube-cells';
import type { FigureWithParts } from './figures';
import type { IndicatorParameters } from './settings/indicator-parameters';
import type { IndicatorTarget } from './settings/indicator-targets';
import type { LinearModel } from './statistics/case-mix';
import type { ResidualSums } from './statistics/case-mix-moments';
import type { HistogramBin } from './statistics/histogram';

export type IndicatorKind = 'mean' | 'proportion' | 'shares' | 'median' | 'ratio';

/** What one unit of the value is: 'share' values lie in [0, 1]. */
export type IndicatorUnit = 'share' | 'EQ-5D index' | 'EQ VAS points' | 'Barthel points' | 'days' | 'ratio';

/** The sums of a cube cell a spec may read: its own measures, and the episodes every cube counts. */
export type MeasureSums<M extends string> = Readonly<Record<M | 'episodes', number>>;
export type Count<M extends string> = (sums: MeasureSums<M>) => number;

/**
 * The groups of episodes that figures count. Counts naming the same population are the same
 * number (a test checks it on real data), so suppression can tell which published counts give
 * each other away: the n of eq5d.index_change, eq5d.improved and eq5d.pchc and the numerator of
 * completeness.paired (EQ-5D-5L) are one count.
 */
export type Population =
  | 'episodes' // closed episodes of the period
  | 'eq5d_admission' // with a valid admission EQ-5D-5L
  | 'eq5d_discharge'
  | 'eq5d_paired' // with valid admission and discharge EQ-5D-5L, scored with the register's value set
  | 'vas_admission'
  | 'vas_discharge'
  | 'vas_paired' // with EQ VAS at admission and discharge
  | 'barthel_admission'
  | 'barthel_discharge'
  | 'barthel_paired'
  | 'destination_known' // with a recorded discharge destination
  | 'referral_known' // with a referral date
  | 'level_known' // with a rehabilitation level
  | 'professions_known' // with the professions taking part
  | 'individual_plan_known'
  | 'coordinator_known'
  | 'individual_plan_due' // level 5.x whose individual plan is not 'not_needed' (missing included)
  | 'coordinator_due' // level 5.x whose coordinator is not 'not_needed' (missing included)
  | 'level_5_2_or_5_3'
  | 'notice_due' // inpatient, discharged to home with services, a nursing home or another institution
  | 'stroke' // in the stroke programme
  | 'mrs_admission' // stroke, with a valid admission mRS
  | 'mrs_discharge' // stroke, with a valid discharge mRS
  | 'mrs_improvable'; // stroke, admission mRS ≥ 1 and discharge mRS < 6

/** A count and the population it counts. */
export interface Counted<M extends string> {
  population: Population;
  count: Count<M>;
}

/** The parameters a figure sees besides its scope's sums. */
export interface FigureInput<M extends string> {
  sums: MeasureSums<M>;
  /** Residuals of the case-mix model over the scope's paired EQ-5D index episodes. */
  residuals: ResidualSums | null;
  los: HistogramBin[];
  wait: HistogramBin[];
  completeness: CompletenessInput;
  parameters: IndicatorParameters;
  model: LinearModel | null;
  /** National sums with the same filters: the national mean the adjusted value is centred on. */
  national: MeasureSums<M>;
  /** Whether the case-mix model has the filters as covariates (caseMixCovers); if not, there is no adjusted figure. */
  caseMixCovers: boolean;
}

/** Institution-level completeness; counts all episodes of the period, whatever the filters. */
export interface CompletenessInput {
  participation: { expected: number; reported: number } | null;
  coverage: { expected: number; registered: number } | null;
}

/** How the value is computed: a share of n, a mean over n, or anything else. */
export type ValueRule<M extends string> =
  { events: Count<M> } | { sum: Count<M>; sum2: Count<M> } | { compute: (input: FigureInput<M>) => FigureWithParts };

/** A share reported per instrument or per key variable: `events` of `n`. */
export interface PartSpec<M extends string> {
  part: string;
  n: Counted<M>;
  events: Count<M>;
  /** The population the numerator counts, where another figure counts it too. */
  eventsPopulation?: Population;
  /** Whether institutions are compared on it in a funnel plot. */
  funnel?: boolean;
}

/** A share drawn as a funnel that is neither the figure nor a part (the classes of PCHC). */
export interface ShareFunnel<M extends string> {
  part: string;
  events: Count<M>;
  n: Count<M>;
}

export interface IndicatorSpec<I extends string = string, M extends string = string> {
  id: I;
  title: string;
  definition: string;
  kind: IndicatorKind;
  unit: IndicatorUnit;
  /** Direction for targets and shading; null where neither direction is better (shares of PCHC classes, length of stay). */
  higherIsBetter: boolean | null;
  /** Whether the figure depends on an EQ-5D value set, which must then be named beside it. */
  usesValueSet: boolean;
  /** Reported once per instrument or per key variable rather than as one figure. */
  reportedPer?: 'instrument' | 'variable';
  /** The configurable parameters the definition uses. */
  parameters: readonly (keyof IndicatorParameters)[];
  /** The cube measures the figures rest on, by the cube part that sums them. */
  measures: Readonly<Partial<Record<CubePart, readonly M[]>>>;
  /** A days histogram the figure is the median of (summed by the cube's 'stay' part). */
  histogram?: 'los' | 'wait';
  /**
   * The n the figure rests on, for suppression and for counting contributing institutions; null
   * where it counts institutions or registrations rather than patients (never suppressed).
   */
  n: Counted<M> | null;
  /** Null where the parts carry the values. */
  value: ValueRule<M> | null;
  parts?: readonly PartSpec<M>[];
  /** Institutions are compared on the figure itself ('value': its share or mean; 'adjusted': its residuals) or on these shares. */
  funnel?: 'value' | 'adjusted' | readonly ShareFunnel<M>[];
  /** The minimum requirement and target until an administrator sets them. */
  defaultTarget?: IndicatorTarget;
}
