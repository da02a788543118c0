import { LONGLEY_CERTIFIED_COEFFICIENTS, LONGLEY_CERTIFIED_RESIDUAL_SD, LONGLEY_ROWS } from './longley';
import {
  adjustedValue,
  ageBand,
  DESIGN_COLUMNS,
  designRow,
  expectedMean,
  fitLinearModel,
  predict,
  PROGRAMME_GROUPS,
  SETTINGS,
  SEXES,
  type CaseMixEpisode,
} from '../../src/indicators/statistics/case-mix';

describe('case-mix covariates', () => {
  it('puts ages into the bands <40, 40-59, 60-69, 70-79 and 80+', () => {
    expect([18, 39, 40, 59, 60, 69, 70, 79, 80, 101].map(ageBand)).toEqual([
      '<40',
      '<40',
      '40-59',
      '40-59',
      '60-69',
      '60-69',
      '70-79',
      '70-79',
      '80+',
      '80+',
    ]);
  });

  it('dummy-codes each category against the first of its list and keeps the baseline as it is', () => {
    const row = designRow({ age: 72, sex: 'male', baseline: 0.45, programmeGroup: 'cardiac', setting: 'day' });
    expect(row).toHaveLength(DESIGN_COLUMNS.length);
    expect(DESIGN_COLUMNS).toHaveLength(4 + 1 + 1 + 11 + 4);
    const named = Object.fromEntries(DESIGN_COLUMNS.map((name, j) => [name, row[j]]));
    expect(named).toMatchObject({ 'age:70-79': 1, 'sex:male': 1, baseline: 0.45, 'programme_group:cardiac': 1, 'setting:day': 1 });
    expect(row.reduce((sum, v) => sum + v, 0)).toBeCloseTo(4.45, 12);
  });

  it('codes the reference episode as zeros apart from its baseline', () => {
    const row = designRow({ age: 30, sex: 'female', baseline: 0.2, programmeGroup: 'stroke', setting: 'inpatient' });
    expect(row.filter((v) => v !== 0)).toEqual([0.2]);
  });

  it('refuses a category that is not in the lists', () => {
    const episode = { age: 50, sex: 'female', baseline: 0.5, programmeGroup: 'dermatology', setting: 'day' } as unknown as CaseMixEpisode;
    expect(() => designRow(episode)).toThrow(/unknown category 'dermatology'/);
  });
});

describe('fitting the linear model', () => {
  it('reproduces the textbook line through five points', () => {
    // x 1…5, y 2 4 5 4 5: x̄ = 3, ȳ = 4, Sxy = 4 + 0 + 0 + 0 + 2 = 6, Sxx = 10 → slope 0.6, intercept 4 − 1.8 = 2.2
    // residuals −0.8 0.6 1 −0.6 −0.2 → RSS 2.4 → residual SD √(2.4/3) = 0.894427
    const model = fitLinearModel([1, 2, 3, 4, 5].map((x, i) => ({ x: [x], y: [2, 4, 5, 4, 5][i] })));
    expect(model.coefficients[0]).toBeCloseTo(0.6, 12);
    expect(model.intercept).toBeCloseTo(2.2, 12);
    expect(model.residualSd).toBeCloseTo(0.894427, 6);
    expect(predict(model, [6])).toBeCloseTo(5.8, 12);
  });

  it('recovers known coefficients exactly from episodes generated without noise', () => {
    const truth = {
      intercept: 0.05,
      coefficients: [
        -0.01,
        -0.02,
        -0.04,
        -0.06, // age 40-59 … 80+
        0.01, // male
        -0.5, // baseline index
        0.03,
        0.02,
        0.01,
        0.04,
        0.05,
        0.02,
        -0.01,
        0.06,
        0.0,
        0.015,
        -0.02, // programme groups after stroke
        -0.03,
        -0.05,
        -0.04,
        -0.06, // settings after inpatient
      ],
    };
    const random = lcg(42);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const rows = Array.from({ length: 400 }, () => {
      const x = designRow({
        age: 18 + Math.floor(random() * 80),
        sex: pick(SEXES),
        baseline: -0.2 + random(),
        programmeGroup: pick(PROGRAMME_GROUPS),
        setting: pick(SETTINGS),
      });
      return { x, y: predict({ ...truth, n: 0, residualSd: 0 }, x) };
    });
    const model = fitLinearModel(rows);
    expect(model.intercept).toBeCloseTo(truth.intercept, 10);
    model.coefficients.forEach((b, j) => expect(b).toBeCloseTo(truth.coefficients[j], 10));
    expect(model.residualSd).toBeLessThan(1e-12);
  });

  it('matches the NIST certified coefficients of the Longley data to nine digits', () => {
    // The raw normal equations lose every digit here; fitLinearModel centres and scales first.
    const model = fitLinearModel(LONGLEY_ROWS);
    [model.intercept, ...model.coefficients].forEach((b, j) => {
      expect(Math.abs(b - LONGLEY_CERTIFIED_COEFFICIENTS[j]) / Math.abs(LONGLEY_CERTIFIED_COEFFICIENTS[j])).toBeLessThan(1e-9);
    });
    expect(model.residualSd).toBeCloseTo(LONGLEY_CERTIFIED_RESIDUAL_SD, 6);
  });

  it('gives a category nobody has a zero coefficient and still predicts the others', () => {
    // no 'home' setting in the data: its column is all zeros and cannot be estimated
    const rows = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => {
      const x = [i % 2, i, 0];
      return { x, y: 1 + 2 * x[0] + 0.5 * x[1] };
    });
    const model = fitLinearModel(rows);
    expect(model.coefficients).toEqual([expect.closeTo(2, 10), expect.closeTo(0.5, 10), 0]);
    expect(model.intercept).toBeCloseTo(1, 10);
  });

  it('refuses to fit with no more rows than parameters', () => {
    expect(() =>
      fitLinearModel([
        { x: [1], y: 1 },
        { x: [2], y: 3 },
      ]),
    ).toThrow(RangeError);
    expect(() =>
      fitLinearModel([
        { x: [1], y: 1 },
        { x: [2, 3], y: 3 },
      ]),
    ).toThrow(RangeError);
  });
});

describe('the case-mix adjusted value', () => {
  it('is observed − expected + national mean, with a t interval from the residual SD', () => {
    // 0.12 − 0.08 + 0.10 = 0.14; se = 0.2/√16 = 0.05; t(0.975, 15) = 2.131450 → ± 0.1065725
    const adjusted = adjustedValue(0.12, 0.08, 0.1, { n: 16, sd: 0.2 });
    expect(adjusted.value).toBeCloseTo(0.14, 12);
    expect(adjusted.ciLow).toBeCloseTo(0.0334275, 6);
    expect(adjusted.ciHigh).toBeCloseTo(0.2465725, 6);
  });

  it('has no interval for a single episode', () => {
    expect(adjustedValue(0.12, 0.08, 0.1, { n: 1, sd: null })).toEqual({
      n: 1,
      value: expect.closeTo(0.14, 12),
      ciLow: null,
      ciHigh: null,
    });
  });

  it('takes the expected mean as the prediction at the institution’s mean covariates', () => {
    // intercept 1, slopes 2 and −1: predictions 1 + 0 − 0 = 1, 1 + 2 − 3 = 0, 1 + 4 − 1 = 4 → mean 5/3
    const model = { intercept: 1, coefficients: [2, -1], n: 100, residualSd: 1 };
    expect(
      expectedMean(model, [
        [0, 0],
        [1, 3],
        [2, 1],
      ]),
    ).toBeCloseTo(5 / 3, 12);
  });
});

/** A small deterministic generator (Numerical Recipes LCG), so the synthetic data are the same every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
