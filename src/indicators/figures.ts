/**
 * What a published number looks like, and the few ways one is computed from sums (a proportion, a
 * mean, a median). Pure; every statistic comes from ./statistics, the one tested place for the maths.
 */
import type { Zone } from './settings/indicator-targets';
import { medianAndIqrFromHistogram, type HistogramBin } from './statistics/histogram';
import type { PchcClass } from './statistics/pchc';
import { meanCiFromSums, proportionWithCi } from './statistics/summary';

/** Why a figure is hidden (docs/indicators.md): published tables use the first two, live aggregates the last three. */
export const SUPPRESSION_REASONS = ['small_n', 'secondary', 'few_institutions', 'contributors', 'dominance'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

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

export type FigureWithParts = Figure & { parts?: PartFigure[] };

/** A figure with only its n: the value is not known, or it lies in the parts. */
export function plainFigure(n: number | null): Figure {
  return { n, value: null, suppressed: false, suppressionReason: null };
}

export function partFigure(name: string, f: Figure): PartFigure {
  return { part: name, ...f };
}

/** A share of n with its 95% CI. */
export function proportionFigure(events: number, n: number): Figure {
  const p = proportionWithCi(events, n);
  return { n, value: p.proportion, suppressed: false, suppressionReason: null, events, ciLow: p.ciLow, ciHigh: p.ciHigh };
}

/** A mean from the sums of values and of squares, with its SD and 95% CI. */
export function meanFigure(n: number, sum: number, sum2: number): Figure {
  const m = meanCiFromSums(n, sum, sum2);
  return { n, value: m.mean, suppressed: false, suppressionReason: null, sd: m.sd, ciLow: m.ciLow, ciHigh: m.ciHigh };
}

/** Median and interquartile range of a histogram. */
export function medianFigure(bins: HistogramBin[]): Figure {
  const m = medianAndIqrFromHistogram(bins);
  return { n: m.n, value: m.median, suppressed: false, suppressionReason: null, q1: m.q1, q3: m.q3 };
}
