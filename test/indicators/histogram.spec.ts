import fc from 'fast-check';
import { medianAndIqrFromHistogram, mergeHistogram } from '../../src/indicators/statistics/histogram';
import { medianAndIqr } from '../../src/indicators/statistics/summary';

describe('median and quartiles from a histogram of days', () => {
  it('works a small example by hand', () => {
    // values 2, 3, 3, 10 → positions 0..3; median at 1.5 → (3 + 3)/2 = 3; q1 at 0.75 → 2 + 0.75·1 = 2.75; q3 at 2.25 → 3 + 0.25·7 = 4.75
    expect(
      medianAndIqrFromHistogram([
        { value: 3, count: 2 },
        { value: 10, count: 1 },
        { value: 2, count: 1 },
      ]),
    ).toEqual({ n: 4, median: 3, q1: 2.75, q3: 4.75 });
  });

  it('has no median of nothing', () => {
    expect(medianAndIqrFromHistogram([])).toEqual({ n: 0, median: null, q1: null, q3: null });
  });

  it('adds bins of equal value and drops empty ones', () => {
    expect(
      mergeHistogram([
        { value: 5, count: 1 },
        { value: 1, count: 0 },
        { value: 5, count: 2 },
      ]),
    ).toEqual([{ value: 5, count: 3 }]);
  });

  it('agrees with medianAndIqr on the expanded values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.integer({ min: 0, max: 400 }), count: fc.integer({ min: 0, max: 6 }) }), {
          minLength: 1,
          maxLength: 30,
        }),
        (bins) => {
          const values = bins.flatMap((b) => new Array<number>(b.count).fill(b.value));
          fc.pre(values.length > 0);
          expect(medianAndIqrFromHistogram(bins)).toEqual(medianAndIqr(values));
        },
      ),
    );
  });
});
