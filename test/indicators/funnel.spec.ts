import {
  binomialControlLimit,
  classifyAgainstLimits,
  meanFunnel,
  meanLimits,
  meanOverdispersion,
  proportionFunnel,
  proportionLimits,
  proportionOverdispersion,
  testOverdispersion,
} from '../../src/indicators/statistics/funnel';

describe('funnel limits for a proportion', () => {
  // Binomial(10, 0.5): F(r) = Σ C(10, i)/1024 → F(0) = 1, F(1) = 11, F(2) = 56, F(7) = 968, F(8) = 1013, F(9) = 1023 (/1024).
  // Limit = (r − α)/n with r the smallest count where F(r) ≥ p and α = (F(r) − p)/(F(r) − F(r − 1)).
  it('interpolates exact binomial quantiles as Spiegelhalter (2005) does', () => {
    const limits = proportionLimits(0.5, 10);
    // p = 0.001: r = 1, α = (11 − 1.024)/10 = 0.9976 → (1 − 0.9976)/10
    expect(limits.lower998).toBeCloseTo(0.00024, 8);
    // p = 0.025: r = 2, α = (56 − 25.6)/45 = 0.675556 → (2 − 0.675556)/10
    expect(limits.lower95).toBeCloseTo(0.1324444, 6);
    // p = 0.975: r = 8, α = (1013 − 998.4)/45 = 0.324444 → (8 − 0.324444)/10
    expect(limits.upper95).toBeCloseTo(0.7675556, 6);
    // p = 0.999: r = 9, α = (1023 − 1022.976)/10 = 0.0024 → (9 − 0.0024)/10
    expect(limits.upper998).toBeCloseTo(0.89976, 8);
  });

  it('puts a count outside when the binomial tail beyond it is below the level', () => {
    const limits = proportionLimits(0.5, 10);
    // 1 of 10: P(Y ≤ 1) = 0.0107 < 0.025 → below; 2 of 10: P(Y ≤ 2) = 0.0547 → inside
    expect(classifyAgainstLimits(0.1, limits).side).toBe('below');
    expect(classifyAgainstLimits(0.2, limits).side).toBeNull();
    // 8 of 10: P(Y > 8) = 11/1024 = 0.0107 < 0.025 → above; 7 of 10: P(Y > 7) = 0.0547 → inside
    expect(classifyAgainstLimits(0.8, limits).side).toBe('above');
    expect(classifyAgainstLimits(0.7, limits).side).toBeNull();
    // 10 of 10: P(Y > 10) = 0 < 0.001 → flagged; 9 of 10: P(Y > 9) = 1/1024 = 0.00098 < 0.001 → flagged too
    expect(classifyAgainstLimits(1, limits).flagged).toBe(true);
    expect(classifyAgainstLimits(0.9, limits).flagged).toBe(true);
  });

  it('comes close to the normal approximation at large n', () => {
    // 0.3 ± 1.959964·√(0.21/1000) = 0.3 ± 0.028402; exact limits differ by well under 1/n
    const limits = proportionLimits(0.3, 1000);
    expect(Math.abs(limits.lower95 - 0.271598)).toBeLessThan(0.001);
    expect(Math.abs(limits.upper95 - 0.328402)).toBeLessThan(0.001);
  });

  it('keeps the limits inside 0 and 1 and collapses them at a target of 0 or 1', () => {
    // 0.5 at n = 3: F(0) = 0.125 ≥ 0.001 → r = 0, (0 − α)/3 would be negative
    expect(binomialControlLimit(0.5, 3, 0.001)).toBe(0);
    expect(proportionLimits(1, 50)).toEqual({ n: 50, lower95: 1, upper95: 1, lower998: 1, upper998: 1 });
  });

  it('refuses a fractional or empty denominator', () => {
    expect(() => proportionLimits(0.5, 0)).toThrow(RangeError);
    expect(() => proportionLimits(0.5, 2.5)).toThrow(RangeError);
    expect(() => proportionLimits(1.2, 10)).toThrow(RangeError);
  });
});

describe('funnel limits for a mean', () => {
  it('is the target ± z·sd/√n with the national SD', () => {
    // target 0.15, national sd 0.2, n = 25 → se 0.04
    // 95%: ± 1.959964·0.04 = 0.0783986; 99.8%: ± 3.090232·0.04 = 0.1236093
    const limits = meanLimits(0.15, 0.2, 25);
    expect(limits.lower95).toBeCloseTo(0.0716014, 6);
    expect(limits.upper95).toBeCloseTo(0.2283986, 6);
    expect(limits.lower998).toBeCloseTo(0.0263907, 6);
    expect(limits.upper998).toBeCloseTo(0.2736093, 6);
  });

  it('flags an institution outside 99.8% but only warns between 95% and 99.8%', () => {
    const limits = meanLimits(0.15, 0.2, 25);
    expect(classifyAgainstLimits(0.28, limits)).toEqual({ side: 'above', outside95: true, flagged: true });
    expect(classifyAgainstLimits(0.25, limits)).toEqual({ side: 'above', outside95: true, flagged: false });
    expect(classifyAgainstLimits(0.05, limits)).toEqual({ side: 'below', outside95: true, flagged: false });
    expect(classifyAgainstLimits(0.15, limits)).toEqual({ side: null, outside95: false, flagged: false });
  });
});

describe('overdispersion', () => {
  // Ten institutions of n = 100 around target 0 with national sd 1: s = 0.1 each, mean = z·0.1.
  const tightZ = [-1.5, -1, -0.8, -0.3, 0, 0.2, 0.4, 0.9, 1.1, 1.4];
  const spreadZ = [-4, -3, -2.5, -2, -1, 1, 2, 2.5, 3, 4];
  const asUnits = (zs: number[]) => zs.map((z, i) => ({ id: `inst-${i}`, mean: z * 0.1, n: 100 }));

  it('finds none when institutions differ by no more than chance', () => {
    // winsorise at percentile_cont 10% (h = 0.9 → −1.5 + 0.9·0.5 = −1.05) and 90% (h = 8.1 → 1.1 + 0.1·0.3 = 1.13)
    // Σz² = 1.05² + 1 + 0.64 + 0.09 + 0 + 0.04 + 0.16 + 0.81 + 1.21 + 1.13² = 6.3294 → φ = 0.63294
    // kφ = 6.3294 < χ²(9, 0.95) = 16.919; P(χ²₉ ≥ 6.3294) = 0.7066
    const result = meanOverdispersion(asUnits(tightZ), 0, 1);
    expect(result).toEqual({
      overdispersed: false,
      phi: expect.closeTo(0.63294, 5),
      tau2: 0,
      k: 10,
      pValue: expect.closeTo(0.7066, 4),
      method: 'none',
      tooFewInstitutions: false,
      minInstitutions: 2,
    });
  });

  it('finds it in a made-up spread-out set and estimates τ² by DerSimonian–Laird', () => {
    // winsorised at ±3.1 (h = 0.9 → −4 + 0.9·1): Σz² = 2·(3.1² + 3² + 2.5² + 2² + 1²) = 59.72 → φ = 5.972
    // kφ = 59.72 ≫ 16.919. w = 1/0.1² = 100 each: Σw = 1000, Σw²/Σw = 100
    // τ² = (59.72 − 9)/(1000 − 100) = 0.0563556
    const result = meanOverdispersion(asUnits(spreadZ), 0, 1);
    expect(result.overdispersed).toBe(true);
    expect(result.method).toBe('additive_random_effects');
    expect(result.phi).toBeCloseTo(5.972, 9);
    expect(result.tau2).toBeCloseTo(0.0563556, 7);
    expect(result.pValue).toBeLessThan(1e-8);
  });

  it('widens the mean limits by τ² so a spread-out set is not all flagged', () => {
    // √(1/100 + 0.0563556) = 0.257596 → 99.8%: ± 3.090232·0.257596 = ± 0.796030 (unwidened: ± 0.309023)
    const funnel = meanFunnel(asUnits(spreadZ), 0, 1);
    expect(funnel.points[9].limits.upper998).toBeCloseTo(0.79603, 5);
    expect(funnel.points.filter((p) => p.flagged)).toEqual([]);
    expect(meanLimits(0, 1, 100).upper998).toBeCloseTo(0.309023, 6);
  });

  it('lets one real outlier stand out, because winsorising keeps it from widening its own funnel', () => {
    // add an institution at z = 5; 11 z-scores winsorised at −1 (h = 1) and 1.4 (h = 9):
    // Σz² = 1 + 1 + 0.64 + 0.09 + 0 + 0.04 + 0.16 + 0.81 + 1.21 + 1.96 + 1.96 = 8.87 → φ = 0.806
    const units = [...asUnits(tightZ), { id: 'outlier', mean: 0.5, n: 100 }];
    const funnel = meanFunnel(units, 0, 1);
    expect(funnel.overdispersion.overdispersed).toBe(false);
    expect(funnel.overdispersion.phi).toBeCloseTo(0.80636, 5);
    expect(funnel.points.filter((p) => p.flagged).map((p) => p.id)).toEqual(['outlier']);
  });

  it('tests proportions on the arcsine scale and widens their limits when overdispersed', () => {
    // target 0.5, n = 100: z = (asin√p − π/4)·2√100
    // spread events 20…80 → z = ±6.435, ±4.115, ±3.047, ±2.014, 0, 0; winsorised at ±4.3472
    // Σz² = 2·(4.3472² + 4.1152² + 3.0469² + 2.0136²) = 98.34 → φ = 9.834; τ² = (98.34 − 9)/(4000 − 400) = 0.02482
    const spread = [20, 30, 35, 40, 50, 50, 60, 65, 70, 80].map((events, i) => ({ id: `s${i}`, events, n: 100 }));
    const tight = [45, 47, 48, 50, 50, 51, 52, 53, 55, 49].map((events, i) => ({ id: `t${i}`, events, n: 100 }));
    const overdispersed = proportionOverdispersion(spread, 0.5);
    expect(overdispersed.phi).toBeCloseTo(9.834, 2);
    expect(overdispersed.tau2).toBeCloseTo(0.02482, 4);
    expect(proportionOverdispersion(tight, 0.5).overdispersed).toBe(false);

    // widened 99.8% limit: sin²(π/4 + 3.090232·√(1/400 + 0.02482)) = sin²(0.785398 + 0.510785) = 0.96251² = 0.9264
    const widened = proportionLimits(0.5, 100, overdispersed);
    expect(widened.upper998).toBeCloseTo(0.9264, 3);
    expect(widened.upper998).toBeGreaterThan(proportionLimits(0.5, 100).upper998);
    expect(proportionFunnel(spread, 0.5).points.filter((p) => p.flagged)).toEqual([]);
  });

  it('cannot test fewer than two institutions', () => {
    expect(testOverdispersion([3], [0.1])).toEqual({
      overdispersed: false,
      phi: null,
      tau2: 0,
      k: 1,
      pValue: null,
      method: 'none',
      tooFewInstitutions: true,
      minInstitutions: 2,
    });
  });

  it('estimates τ² only from at least minInstitutions institutions, and leaves the limits unwidened below that', () => {
    // The spread-out set of ten: overdispersed, widened from 10 institutions, not from 11 required.
    const enough = meanOverdispersion(asUnits(spreadZ), 0, 1, { minInstitutions: 10 });
    expect(enough).toMatchObject({ overdispersed: true, method: 'additive_random_effects', tooFewInstitutions: false });
    const tooFew = meanOverdispersion(asUnits(spreadZ), 0, 1, { minInstitutions: 11 });
    expect(tooFew).toMatchObject({ overdispersed: true, tau2: 0, method: 'none', tooFewInstitutions: true, minInstitutions: 11, k: 10 });
    expect(tooFew.phi).toBeCloseTo(5.972, 9); // the test is still reported
    expect(meanFunnel(asUnits(spreadZ), 0, 1, { minInstitutions: 11 }).points[9].limits.upper998).toBeCloseTo(0.309023, 6);
    expect(() => testOverdispersion([1, 2], [0.1, 0.1], { minInstitutions: 1 })).toThrow(RangeError);
  });
});
