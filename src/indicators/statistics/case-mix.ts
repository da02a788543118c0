/**
 * Case-mix adjustment by indirect standardisation with a linear model fitted on national data:
 * adjusted = observed mean − expected mean + national mean, where an institution's expected mean
 * is the model's mean prediction for its own patients.
 */
import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import { tInterval } from './summary';

/** Age at admission in bands; '<40' is the reference. */
export const AGE_BANDS = ['<40', '40-59', '60-69', '70-79', '80+'] as const;
/** 'female' is the reference. */
export const SEXES = ['female', 'male'] as const;
/** Programme groups of DOMAIN.md; 'stroke' is the reference. */
export const PROGRAMME_GROUPS = [
  'stroke',
  'acquired_brain_injury',
  'spinal_cord_injury',
  'multitrauma',
  'amputation',
  'musculoskeletal',
  'chronic_pain',
  'cardiac',
  'pulmonary',
  'cancer',
  'neurological_other',
  'other',
] as const;
/** Settings of DOMAIN.md; 'inpatient' is the reference. */
export const SETTINGS = ['inpatient', 'day', 'outpatient', 'ambulatory', 'home'] as const;

export type AgeBand = (typeof AGE_BANDS)[number];
export type Sex = (typeof SEXES)[number];
export type ProgrammeGroup = (typeof PROGRAMME_GROUPS)[number];
export type Setting = (typeof SETTINGS)[number];

export interface CaseMixEpisode {
  /** Whole years at admission. */
  age: number;
  sex: Sex;
  /** The outcome's admission value, e.g. the admission EQ-5D index for the index change. */
  baseline: number;
  programmeGroup: ProgrammeGroup;
  setting: Setting;
}

/**
 * Names of designRow's columns, in order. Treatment (dummy) coding: one 0/1 column per category
 * except the reference (the first of each list), whose effect the intercept carries.
 */
export const DESIGN_COLUMNS: readonly string[] = [
  ...AGE_BANDS.slice(1).map((band) => `age:${band}`),
  ...SEXES.slice(1).map((sex) => `sex:${sex}`),
  'baseline',
  ...PROGRAMME_GROUPS.slice(1).map((group) => `programme_group:${group}`),
  ...SETTINGS.slice(1).map((setting) => `setting:${setting}`),
];

export function ageBand(age: number): AgeBand {
  if (!(age >= 0)) throw new RangeError(`age must be ≥ 0, got ${age}`);
  if (age < 40) return '<40';
  if (age < 60) return '40-59';
  if (age < 70) return '60-69';
  if (age < 80) return '70-79';
  return '80+';
}

/** The covariates of one episode, dummy-coded as DESIGN_COLUMNS names them. */
export function designRow(episode: CaseMixEpisode): number[] {
  return [
    ...dummies(AGE_BANDS, ageBand(episode.age)),
    ...dummies(SEXES, episode.sex),
    episode.baseline,
    ...dummies(PROGRAMME_GROUPS, episode.programmeGroup),
    ...dummies(SETTINGS, episode.setting),
  ];
}

export interface LinearModel {
  /** Expected y for a reference-category episode with baseline 0. */
  intercept: number;
  /** One per design column; 0 for a column that is constant in the data and so not estimable. */
  coefficients: number[];
  n: number;
  /** √(RSS / (n − p − 1)), p the number of estimable columns. */
  residualSd: number;
}

/**
 * Ordinary least squares with intercept. ml-regression-multivariate-linear solves the normal
 * equations, whose condition number is the square of the data's: on NIST's Longley data it
 * loses every digit. Centring and scaling each column first (and adding the intercept back
 * after) keeps 11+ digits there. A constant column (a category nobody in the data has) cannot
 * be estimated next to the intercept and gets coefficient 0, which predicts correctly for the
 * categories that were seen.
 */
export function fitLinearModel(rows: readonly { y: number; x: readonly number[] }[]): LinearModel {
  const n = rows.length;
  const p = n > 0 ? rows[0].x.length : 0;
  if (rows.some((row) => row.x.length !== p)) throw new RangeError('every row needs the same number of covariates');
  const xMeans = columnMeans(
    rows.map((row) => row.x),
    p,
  );
  const yMean = rows.reduce((sum, row) => sum + row.y, 0) / n;
  const scales = xMeans.map((mean, j) => Math.sqrt(rows.reduce((sum, row) => sum + (row.x[j] - mean) ** 2, 0)));
  const used = scales.flatMap((scale, j) => (scale > 0 ? [j] : []));
  if (n <= used.length + 1) throw new RangeError(`need more rows (${n}) than parameters (${used.length + 1})`);

  const coefficients = new Array<number>(p).fill(0);
  if (used.length > 0) {
    const x = rows.map((row) => used.map((j) => (row.x[j] - xMeans[j]) / scales[j]));
    const y = rows.map((row) => [row.y - yMean]);
    const fit = new MultivariateLinearRegression(x, y, { intercept: false, statistics: false });
    used.forEach((j, k) => (coefficients[j] = fit.weights[k][0] / scales[j]));
  }
  const intercept = yMean - coefficients.reduce((sum, b, j) => sum + b * xMeans[j], 0);
  const model = { intercept, coefficients, n, residualSd: 0 };
  const rss = rows.reduce((sum, row) => sum + (row.y - predict(model, row.x)) ** 2, 0);
  return { ...model, residualSd: Math.sqrt(rss / (n - used.length - 1)) };
}

export function predict(model: LinearModel, x: readonly number[]): number {
  if (x.length !== model.coefficients.length) throw new RangeError(`expected ${model.coefficients.length} covariates, got ${x.length}`);
  return model.coefficients.reduce((sum, b, j) => sum + b * x[j], model.intercept);
}

/**
 * An institution's expected mean: the mean prediction over its episodes. The model is linear, so
 * this equals the prediction at the mean design row, which SQL can compute with avg() per column.
 */
export function expectedMean(model: LinearModel, designRows: readonly (readonly number[])[]): number {
  if (designRows.length === 0) throw new RangeError('expected mean of no episodes');
  return predict(model, columnMeans(designRows, model.coefficients.length));
}

export interface AdjustedValue {
  n: number;
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
}

/**
 * observed − expected + national mean, with a 95% t interval from the institution's own residuals
 * (y − prediction): value ± t(0.975, n−1)·sd/√n. The residual SD already has the case-mix
 * differences taken out; the interval ignores the uncertainty of the national coefficients and
 * mean, which rest on far more episodes than any one institution.
 */
export function adjustedValue(
  observedMean: number,
  expectedMean: number,
  nationalMean: number,
  residuals: { n: number; sd: number | null },
): AdjustedValue {
  const value = observedMean - expectedMean + nationalMean;
  const { n, sd } = residuals;
  if (n < 2 || sd === null) return { n, value, ciLow: null, ciHigh: null };
  const { ciLow, ciHigh } = tInterval(n, value, sd);
  return { n, value, ciLow, ciHigh };
}

function dummies<T extends string>(categories: readonly T[], value: T): number[] {
  if (!categories.includes(value)) throw new RangeError(`unknown category '${value}' (expected one of ${categories.join(', ')})`);
  return categories.slice(1).map((category) => (category === value ? 1 : 0));
}

function columnMeans(rows: readonly (readonly number[])[], p: number): number[] {
  const sums = new Array<number>(p).fill(0);
  for (const row of rows) row.forEach((v, j) => (sums[j] += v));
  return sums.map((sum) => sum / rows.length);
}
