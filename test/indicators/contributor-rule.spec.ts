/** The contributor rule of live aggregates shown to staff and API clients (docs/indicators.md, "Live figures of other scopes"). */
import fc from 'fast-check';
import { contributorReason, type ContributorRule } from '../../src/indicators/indicator-engine';

const RULE: ContributorRule = { minContributors: 3, maxShare: 0.8 };

describe('contributor rule of live aggregates', () => {
  it('hides a region of two institutions from staff of another region, and the issue 19 region of 61 + 2 episodes', () => {
    expect(contributorReason([], [11, 4], RULE)).toBe('contributors');
    expect(contributorReason([], [61, 2], RULE)).toBe('contributors');
    expect(contributorReason([], [61, 2, 1], RULE)).toBe('dominance');
    expect(contributorReason([], [50, 20, 10], RULE)).toBeNull();
  });

  it('in the own region, hides what one other institution makes up, and measures dominance on what cannot be subtracted', () => {
    expect(contributorReason([40], [11], RULE)).toBe('few_institutions');
    expect(contributorReason([40], [], RULE)).toBeNull(); // the viewer's own data
    expect(contributorReason([40], [11, 4], RULE)).toBeNull(); // 11 is 73% of the others' 15
    expect(contributorReason([400], [61, 2], RULE)).toBe('dominance'); // 61 of 63, though only 13% of the region
    // An own institution that does not contribute to the figure is not counted: two others are too few.
    expect(contributorReason([0], [11, 4], RULE)).toBe('contributors');
  });

  it('never shows a figure that one other institution makes up or dominates', () => {
    const n = fc.nat({ max: 200 });
    fc.assert(
      fc.property(
        fc.array(n, { maxLength: 3 }),
        fc.array(n, { maxLength: 8 }),
        fc.integer({ min: 3, max: 6 }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (own, others, minContributors, maxShare) => {
          const rule = { minContributors, maxShare };
          const reason = contributorReason(own, others, rule);
          const contributing = others.filter((x) => x > 0);
          if (reason !== null || contributing.length === 0) return;
          const total = contributing.reduce((sum, x) => sum + x, 0);
          expect(contributing.length).toBeGreaterThanOrEqual(2);
          expect(contributing.length + own.filter((x) => x > 0).length).toBeGreaterThanOrEqual(minContributors);
          expect(Math.max(...contributing)).toBeLessThanOrEqual(maxShare * total);
        },
      ),
      { numRuns: 500 },
    );
  });
});
