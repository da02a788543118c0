/**
 * Median and quartiles from a histogram of whole days (value → count), exactly as medianAndIqr
 * (and PostgreSQL's percentile_cont) compute them from the values themselves. Length of stay and
 * waiting time are stored as histograms, which add up across institutions and filters.
 */
import type { MedianSummary } from './summary';

export interface HistogramBin {
  value: number;
  count: number;
}

/** Adds counts of equal values; the result is sorted by value. */
export function mergeHistogram(bins: Iterable<HistogramBin>): HistogramBin[] {
  const counts = new Map<number, number>();
  for (const { value, count } of bins) counts.set(value, (counts.get(value) ?? 0) + count);
  return [...counts.entries()]
    .filter(([, count]) => count > 0)
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => a.value - b.value);
}

export function medianAndIqrFromHistogram(bins: Iterable<HistogramBin>): MedianSummary {
  const sorted = mergeHistogram(bins);
  const n = sorted.reduce((sum, bin) => sum + bin.count, 0);
  if (n === 0) return { n, median: null, q1: null, q3: null };
  const at = (position: number) => valueAt(sorted, position);
  const quantile = (f: number) => {
    const h = f * (n - 1);
    const below = Math.floor(h);
    return at(below) + (h - below) * (at(Math.ceil(h)) - at(below));
  };
  return { n, median: quantile(0.5), q1: quantile(0.25), q3: quantile(0.75) };
}

/** The value at 0-based position `position` of the expanded, sorted values. */
function valueAt(sorted: readonly HistogramBin[], position: number): number {
  let seen = 0;
  for (const bin of sorted) {
    seen += bin.count;
    if (position < seen) return bin.value;
  }
  throw new RangeError(`position ${position} is beyond the histogram`);
}
