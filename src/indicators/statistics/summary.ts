/**
 * Summaries of one indicator cell: mean with a t interval, proportion with a Wilson interval,
 * median with quartiles. Pure functions over numbers; the SQL hands in arrays or aggregates.
 * Undefined figures (a mean of nothing, an SD of one value) are null, never NaN, so they
 * serialize as JSON null.
 */
import { jStat } from 'jstat';

/** Two-sided confidence level of every interval in this module. */
export const CONFIDENCE_LEVEL = 0.95;

/** Standard normal quantile for a two-sided interval: 1.959964 for 95%, 3.090232 for 99.8%. */
export function normalQuantile(twoSidedLevel: number): number {
  return jStat.normal.inv(1 - (1 - twoSidedLevel) / 2, 0, 1);
}

export interface MeanSummary {
  n: number;
  mean: number | null;
  /** Sample standard deviation (divisor n − 1); null below two values. */
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface ProportionSummary {
  events: number;
  n: number;
  proportion: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface MedianSummary {
  n: number;
  median: number | null;
  /** First quartile (25th percentile). */
  q1: number | null;
  /** Third quartile (75th percentile). */
  q3: number | null;
}

/** Mean with a 95% t interval, mean ± t(0.975, n−1)·sd/√n, from the values themselves. */
export function meanWithCi(values: readonly number[]): MeanSummary {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, ciLow: null, ciHigh: null };
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n === 1) return { n, mean, sd: null, ciLow: null, ciHigh: null };
  // Two-pass variance: exact for the values we have, and the reference the sums version must match.
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return tInterval(n, mean, Math.sqrt(squares / (n - 1)));
}

/**
 * The same summary from the sufficient statistics SQL returns cheaply:
 * count(*), sum(x), sum(x*x). Variance = (Σx² − (Σx)²/n) / (n − 1).
 * For indicator scales (index −0.6…1, Barthel 0…100) and register sizes, double precision
 * keeps about ten significant digits of the SD; a tiny negative from rounding is clamped to 0.
 */
export function meanCiFromSums(n: number, sum: number, sumSquares: number): MeanSummary {
  assertCount(n, 'n');
  if (n === 0) return { n, mean: null, sd: null, ciLow: null, ciHigh: null };
  const mean = sum / n;
  if (n === 1) return { n, mean, sd: null, ciLow: null, ciHigh: null };
  const variance = Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
  return tInterval(n, mean, Math.sqrt(variance));
}

/** mean ± t(0.975, n−1)·sd/√n; shared by both mean summaries and the case-mix adjusted value. */
export function tInterval(n: number, mean: number, sd: number): MeanSummary {
  const half = jStat.studentt.inv(1 - (1 - CONFIDENCE_LEVEL) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ciLow: mean - half, ciHigh: mean + half };
}

/**
 * Proportion with the Wilson score interval (Wilson 1927; recommended over the Wald interval
 * by Brown, Cai & DasGupta 2001 because it stays inside [0, 1] and keeps its coverage at small n):
 *   centre = (p + z²/2n) / (1 + z²/n),  half = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²).
 */
export function proportionWithCi(events: number, n: number): ProportionSummary {
  assertCount(events, 'events');
  assertCount(n, 'n');
  if (events > n) throw new RangeError(`events (${events}) cannot exceed n (${n})`);
  if (n === 0) return { events, n, proportion: null, ciLow: null, ciHigh: null };
  const p = events / n;
  const z = normalQuantile(CONFIDENCE_LEVEL);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At p = 0 (or 1) the bound is exactly 0 (or 1); the formula only reaches it up to rounding.
  const ciLow = events === 0 ? 0 : Math.max(0, centre - half);
  const ciHigh = events === n ? 1 : Math.min(1, centre + half);
  return { events, n, proportion: p, ciLow, ciHigh };
}

/**
 * Median and quartiles as PostgreSQL's `percentile_cont` computes them (also R's type 7 and
 * Excel's PERCENTILE.INC): the f-quantile of n sorted values sits at 0-based position
 * h = f·(n − 1) and interpolates linearly between the values at ⌊h⌋ and ⌈h⌉. SQL and JS agree.
 */
export function medianAndIqr(values: readonly number[]): MedianSummary {
  const n = values.length;
  if (n === 0) return { n, median: null, q1: null, q3: null };
  const sorted = [...values].sort((a, b) => a - b);
  return { n, median: quantileCont(sorted, 0.5), q1: quantileCont(sorted, 0.25), q3: quantileCont(sorted, 0.75) };
}

/** The `percentile_cont(f)` of values already sorted ascending (see medianAndIqr). */
export function quantileCont(sorted: readonly number[], f: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  if (!(f >= 0 && f <= 1)) throw new RangeError(`quantile fraction must lie in [0, 1], got ${f}`);
  const h = f * (sorted.length - 1);
  const below = Math.floor(h);
  const above = Math.ceil(h);
  return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}

function assertCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
}
