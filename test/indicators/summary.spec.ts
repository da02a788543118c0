import fc from 'fast-check';
import {
  meanCiFromSums,
  meanWithCi,
  medianAndIqr,
  normalQuantile,
  proportionWithCi,
  quantileCont,
} from '../../src/indicators/statistics/summary';

describe('mean with a 95% t interval', () => {
  it('computes mean, SD and the t interval of five index changes', () => {
    // values 0.1 … 0.5: mean 0.3; deviations ±0.2, ±0.1, 0 → Σ² = 0.1; var = 0.1/4 = 0.025; sd = 0.158114
    // se = 0.158114/√5 = 0.0707107; t(0.975, 4) = 2.776445; half-width = 0.196324
    const summary = meanWithCi([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(summary.n).toBe(5);
    expect(summary.mean).toBeCloseTo(0.3, 12);
    expect(summary.sd).toBeCloseTo(0.158114, 6);
    expect(summary.ciLow).toBeCloseTo(0.103676, 6);
    expect(summary.ciHigh).toBeCloseTo(0.496324, 6);
  });

  it('gives the same numbers from n, sum and sum of squares as SQL returns them', () => {
    // n = 5, Σx = 1.5, Σx² = 0.01 + 0.04 + 0.09 + 0.16 + 0.25 = 0.55; var = (0.55 − 1.5²/5)/4 = 0.025
    expect(meanCiFromSums(5, 1.5, 0.55)).toEqual({
      n: 5,
      mean: expect.closeTo(0.3, 12),
      sd: expect.closeTo(0.158114, 6),
      ciLow: expect.closeTo(0.103676, 6),
      ciHigh: expect.closeTo(0.496324, 6),
    });
  });

  it('agrees between the values and the sums for any register-sized sample of Barthel changes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 2, maxLength: 300 }), (values) => {
        const direct = meanWithCi(values);
        const sums = meanCiFromSums(
          values.length,
          values.reduce((s, v) => s + v, 0),
          values.reduce((s, v) => s + v * v, 0),
        );
        for (const key of ['mean', 'sd', 'ciLow', 'ciHigh'] as const) {
          expect(Math.abs(sums[key]! - direct[key]!)).toBeLessThan(1e-9 * (1 + Math.abs(direct[key]!)));
        }
      }),
    );
  });

  it('leaves the SD and interval empty for one value and everything empty for none', () => {
    expect(meanWithCi([0.2])).toEqual({ n: 1, mean: 0.2, sd: null, ciLow: null, ciHigh: null });
    expect(meanWithCi([])).toEqual({ n: 0, mean: null, sd: null, ciLow: null, ciHigh: null });
    expect(meanCiFromSums(0, 0, 0).mean).toBeNull();
  });

  it('clamps a variance that rounding in the sums made slightly negative to zero', () => {
    // three values of 0.1: Σx²·n − (Σx)² should be 0; a last-bit error in SQL's float sum makes it −1e-17
    const summary = meanCiFromSums(3, 0.3, 0.03 - 1e-17);
    expect(summary.sd).toBe(0);
    expect(summary.ciLow).toBeCloseTo(0.1, 12);
  });
});

describe('proportion with a Wilson score interval', () => {
  it('computes the textbook 8 of 10 interval', () => {
    // p = 0.8, z = 1.959964, z² = 3.841459, 1 + z²/n = 1.3841459
    // centre = (0.8 + 3.841459/20)/1.3841459 = 0.716738
    // half = (1.959964/1.3841459)·√(0.16/10 + 3.841459/400) = 1.416011·0.160011 = 0.226577
    const summary = proportionWithCi(8, 10);
    expect(summary.proportion).toBe(0.8);
    expect(summary.ciLow).toBeCloseTo(0.490161, 5);
    expect(summary.ciHigh).toBeCloseTo(0.943315, 5);
  });

  it('stays inside 0 and 1 when none or all have the event', () => {
    // 0 of 20: centre = (z²/40)/(1 + z²/20) = 0.096036/1.192073 = 0.080562 = half → [0, 0.161125]
    expect(proportionWithCi(0, 20)).toEqual({ events: 0, n: 20, proportion: 0, ciLow: 0, ciHigh: expect.closeTo(0.161125, 5) });
    expect(proportionWithCi(20, 20).ciHigh).toBe(1);
    expect(proportionWithCi(20, 20).ciLow).toBeCloseTo(1 - 0.161125, 5);
  });

  it('has no proportion of nobody and refuses more events than episodes', () => {
    expect(proportionWithCi(0, 0)).toEqual({ events: 0, n: 0, proportion: null, ciLow: null, ciHigh: null });
    expect(() => proportionWithCi(5, 4)).toThrow(RangeError);
    expect(() => proportionWithCi(1.5, 4)).toThrow(RangeError);
  });

  it('always contains the observed proportion', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const events = Math.round(share * n);
        const { proportion, ciLow, ciHigh } = proportionWithCi(events, n);
        expect(ciLow!).toBeLessThanOrEqual(proportion!);
        expect(ciHigh!).toBeGreaterThanOrEqual(proportion!);
      }),
    );
  });

  it('uses the 95% and 99.8% normal quantiles 1.959964 and 3.090232', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.998)).toBeCloseTo(3.090232, 6);
  });
});

describe('median and interquartile range like percentile_cont', () => {
  it('interpolates between order statistics at position f·(n − 1)', () => {
    // 1…10: q1 at 0.25·9 = 2.25 → 3 + 0.25·(4 − 3) = 3.25; median at 4.5 → 5.5; q3 at 6.75 → 7.75
    expect(medianAndIqr([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual({ n: 10, median: 5.5, q1: 3.25, q3: 7.75 });
  });

  it('handles lengths of stay with ties and an odd count', () => {
    // sorted 3, 7, 7, 12, 20, 41, 90: median at 3 → 12; q1 at 1.5 → 7; q3 at 4.5 → 20 + 0.5·21 = 30.5
    expect(medianAndIqr([12, 7, 90, 3, 41, 7, 20])).toEqual({ n: 7, median: 12, q1: 7, q3: 30.5 });
  });

  it('returns the single value for one episode and nulls for none', () => {
    expect(medianAndIqr([14])).toEqual({ n: 1, median: 14, q1: 14, q3: 14 });
    expect(medianAndIqr([])).toEqual({ n: 0, median: null, q1: null, q3: null });
  });

  it('gives the minimum and maximum at fractions 0 and 1', () => {
    expect(quantileCont([1, 2, 4], 0)).toBe(1);
    expect(quantileCont([1, 2, 4], 1)).toBe(4);
    expect(() => quantileCont([1], 1.5)).toThrow(RangeError);
  });
});
