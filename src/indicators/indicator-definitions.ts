/**
 * The quality indicators of INDICATORS.md as data. The API serves these with every result, so
 * a reader knows what a number means; the SQL and the statistics look up kind and parameters here.
 */

export type IndicatorKind = 'mean' | 'proportion' | 'shares' | 'median' | 'ratio';

/** Settings an administrator may change; every figure is computed with the values in force. */
export interface IndicatorParameters {
  /**
   * Minimal important difference in EQ-5D-5L index (eq5d.improved). 0.08: anchor-based MIDs for the
   * EQ-5D index cluster around 0.07–0.08 (Walters & Brazier 2005, Qual Life Res 14:1523: mean 0.074),
   * and it sits just above the instrument-defined 5L estimates of 0.037–0.069 across value sets
   * (McClure et al. 2017, Value Health 20:644), so counted improvements are not measurement noise.
   */
  eq5dMid: number;
  /** Important ADL improvement on the 100-point Barthel index (barthel.improved). */
  barthelMcid: number;
  /** Discharge Barthel at or above which a patient counts as independent (barthel.independent). */
  barthelIndependenceThreshold: number;
  /** Coverage (dekningsgrad) below which an institution's results are marked, as a share. */
  coverageWarning: number;
  /** Published cells with n below this are suppressed (Directorate of Health rule for published statistics). */
  suppressionThreshold: number;
}

export const DEFAULT_INDICATOR_PARAMETERS: Readonly<IndicatorParameters> = Object.freeze({
  eq5dMid: 0.08,
  barthelMcid: 10,
  barthelIndependenceThreshold: 100,
  coverageWarning: 0.6,
  suppressionThreshold: 10,
});

export type IndicatorId =
  | 'completeness.admission'
  | 'completeness.paired'
  | 'eq5d.index_change'
  | 'eq5d.index_change_adjusted'
  | 'eq5d.vas_change'
  | 'eq5d.pchc'
  | 'eq5d.improved'
  | 'barthel.change'
  | 'barthel.improved'
  | 'barthel.independent'
  | 'outcome.home'
  | 'los.median'
  | 'wait.median'
  | 'completeness.participation'
  | 'completeness.coverage'
  | 'completeness.variables';

export interface IndicatorDefinition {
  id: IndicatorId;
  title: string;
  definition: string;
  kind: IndicatorKind;
  /** What one unit of the value is: 'share' values lie in [0, 1]. */
  unit: 'share' | 'EQ-5D index' | 'EQ VAS points' | 'Barthel points' | 'days' | 'ratio';
  /** Direction for targets and shading; null where neither direction is better (shares of PCHC classes, length of stay). */
  higherIsBetter: boolean | null;
  /** Whether the figure depends on an EQ-5D value set, which must then be named beside it. */
  usesValueSet: boolean;
  /** Reported once per instrument or per key variable rather than as one figure. */
  reportedPer?: 'instrument' | 'variable';
  /** The configurable parameters the definition uses. */
  parameters: readonly (keyof IndicatorParameters)[];
}

/** Variables whose fill rate completeness.variables reports: the indicator and case-mix inputs. */
export const KEY_VARIABLES = [
  'birth_year',
  'sex',
  'programme_group',
  'setting',
  'referral_date',
  'discharge_destination',
  'eq5d_admission',
  'eq5d_discharge',
  'vas_admission',
  'vas_discharge',
  'barthel_admission',
  'barthel_discharge',
] as const;

const define = (d: Omit<IndicatorDefinition, 'parameters'> & { parameters?: IndicatorDefinition['parameters'] }): IndicatorDefinition =>
  Object.freeze({ ...d, parameters: d.parameters ?? [] });

export const INDICATOR_DEFINITIONS: readonly IndicatorDefinition[] = Object.freeze([
  define({
    id: 'completeness.admission',
    title: 'Admission registration',
    kind: 'proportion',
    unit: 'share',
    definition: 'Share of closed episodes with a valid admission response, separately for EQ-5D-5L and Barthel.',
    higherIsBetter: true,
    usesValueSet: false,
    reportedPer: 'instrument',
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
  }),
  define({
    id: 'eq5d.index_change',
    title: 'Change in EQ-5D index',
    kind: 'mean',
    unit: 'EQ-5D index',
    definition: 'Mean of discharge minus admission EQ-5D-5L index with 95% CI, paired episodes only.',
    higherIsBetter: true,
    usesValueSet: true,
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
  }),
  define({
    id: 'eq5d.vas_change',
    title: 'Change in EQ VAS',
    kind: 'mean',
    unit: 'EQ VAS points',
    definition: 'Mean of discharge minus admission EQ VAS (0–100) with 95% CI, paired episodes only.',
    higherIsBetter: true,
    usesValueSet: false,
  }),
  define({
    id: 'eq5d.pchc',
    title: 'Paretian classification of health change',
    kind: 'shares',
    unit: 'share',
    definition: 'Shares of paired EQ-5D-5L profiles that are better, worse, mixed or unchanged (no value set needed).',
    higherIsBetter: null,
    usesValueSet: false,
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
  }),
  define({
    id: 'barthel.change',
    title: 'Change in Barthel index',
    kind: 'mean',
    unit: 'Barthel points',
    definition: 'Mean of discharge minus admission Barthel index (0–100) with 95% CI, paired episodes only.',
    higherIsBetter: true,
    usesValueSet: false,
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
  }),
  define({
    id: 'barthel.independent',
    title: 'Independent at discharge',
    kind: 'proportion',
    unit: 'share',
    definition: 'Share of episodes with a discharge Barthel index at or above the independence threshold (default 100).',
    higherIsBetter: true,
    usesValueSet: false,
    parameters: ['barthelIndependenceThreshold'],
  }),
  define({
    id: 'outcome.home',
    title: 'Discharged home',
    kind: 'proportion',
    unit: 'share',
    definition: 'Share of closed episodes with discharge destination home or home with services.',
    higherIsBetter: true,
    usesValueSet: false,
  }),
  define({
    id: 'los.median',
    title: 'Length of stay',
    kind: 'median',
    unit: 'days',
    definition: 'Median and interquartile range of days from admission to discharge.',
    higherIsBetter: null,
    usesValueSet: false,
  }),
  define({
    id: 'wait.median',
    title: 'Waiting time',
    kind: 'median',
    unit: 'days',
    definition: 'Median and interquartile range of days from referral to admission, where the referral date is given.',
    higherIsBetter: false,
    usesValueSet: false,
  }),
  define({
    id: 'completeness.participation',
    title: 'Participation (tilslutningsgrad)',
    kind: 'proportion',
    unit: 'share',
    definition: 'Share of institutions expected to report in the period that reported at least one episode.',
    higherIsBetter: true,
    usesValueSet: false,
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
  }),
]);

/** Every indicator id, in definition order (the order of a report). */
export const INDICATOR_IDS: readonly IndicatorId[] = INDICATOR_DEFINITIONS.map((d) => d.id);

/** The definition of one indicator; throws on an unknown id, which is a programming error. */
export function indicatorDefinition(id: IndicatorId): IndicatorDefinition {
  const found = INDICATOR_DEFINITIONS.find((d) => d.id === id);
  if (!found) throw new Error(`unknown indicator ${id}`);
  return found;
}
