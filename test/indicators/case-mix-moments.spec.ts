import { LONGLEY_CERTIFIED_COEFFICIENTS, LONGLEY_ROWS } from './longley';
import fc from 'fast-check';
import {
  ageBand,
  DESIGN_COLUMNS,
  designRow,
  fitLinearModel,
  predict,
  PROGRAMME_GROUPS,
  SETTINGS,
  SEXES,
  type CaseMixEpisode,
} from '../../src/indicators/statistics/case-mix';
import {
  cellResiduals,
  fitLinearModelFromMoments,
  momentsOfCells,
  momentsOfRows,
  residualSd,
  addResiduals,
  NO_RESIDUALS,
  type CaseMixCell,
} from '../../src/indicators/statistics/case-mix-moments';

/** Episodes with a baseline and an outcome, and the cells SQL would sum them into. */
function episodes(seed: number, count: number): (CaseMixEpisode & { y: number })[] {
  const random = lcg(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  return Array.from({ length: count }, () => {
    const baseline = -0.2 + random();
    const programmeGroup = pick(PROGRAMME_GROUPS.slice(0, 5));
    return {
      age: 18 + Math.floor(random() * 80),
      sex: pick(SEXES),
      baseline,
      programmeGroup,
      setting: pick(SETTINGS.slice(0, 3)),
      y: 0.3 - 0.4 * baseline + (programmeGroup === 'stroke' ? 0.05 : 0) + 0.2 * (random() - 0.5),
    };
  });
}

function cellsOf(rows: (CaseMixEpisode & { y: number })[]): CaseMixCell[] {
  const cells = new Map<string, CaseMixCell>();
  for (const r of rows) {
    const band = ageBand(r.age);
    const key = [band, r.sex, r.programmeGroup, r.setting].join('/');
    const cell = cells.get(key) ?? {
      ageBand: band,
      sex: r.sex,
      programmeGroup: r.programmeGroup,
      setting: r.setting,
      n: 0,
      sumBaseline: 0,
      sumBaseline2: 0,
      sumY: 0,
      sumBaselineY: 0,
      sumY2: 0,
    };
    cell.n += 1;
    cell.sumBaseline += r.baseline;
    cell.sumBaseline2 += r.baseline ** 2;
    cell.sumY += r.y;
    cell.sumBaselineY += r.baseline * r.y;
    cell.sumY2 += r.y ** 2;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

describe('the case-mix model from sums (what SQL hands over)', () => {
  it('reproduces the textbook line through five points', () => {
    // x 1…5, y 2 4 5 4 5: slope 0.6, intercept 2.2, residual SD √(2.4/3)
    const model = fitLinearModelFromMoments(momentsOfRows([1, 2, 3, 4, 5].map((x, i) => ({ x: [x], y: [2, 4, 5, 4, 5][i] }))));
    expect(model.coefficients[0]).toBeCloseTo(0.6, 12);
    expect(model.intercept).toBeCloseTo(2.2, 12);
    expect(model.residualSd).toBeCloseTo(Math.sqrt(2.4 / 3), 12);
  });

  it('matches the NIST certified coefficients of the Longley data, the hardest of the known results, to six digits', () => {
    // NIST StRD Longley: sums of squares of values near 2·10⁵ cost digits that the per-row fit keeps
    // (it centres the rows); register covariates (dummies, an index within −0.6…1) lose none of them.
    const model = fitLinearModelFromMoments(momentsOfRows(LONGLEY_ROWS));
    [model.intercept, ...model.coefficients].forEach((b, j) =>
      expect(Math.abs(b - LONGLEY_CERTIFIED_COEFFICIENTS[j]) / Math.abs(LONGLEY_CERTIFIED_COEFFICIENTS[j])).toBeLessThan(1e-6),
    );
    expect(model.residualSd).toBeCloseTo(304.854073561965, 2);
  });

  it('fits the same model from cell sums as fitLinearModel from the episodes', () => {
    const rows = episodes(7, 600);
    const fromRows = fitLinearModel(rows.map((r) => ({ x: designRow(r), y: r.y })));
    const fromCells = fitLinearModelFromMoments(momentsOfCells(cellsOf(rows)));
    expect(fromCells.intercept).toBeCloseTo(fromRows.intercept, 9);
    fromCells.coefficients.forEach((b, j) => expect(b).toBeCloseTo(fromRows.coefficients[j], 9));
    expect(fromCells.residualSd).toBeCloseTo(fromRows.residualSd, 9);
    expect(fromCells.coefficients).toHaveLength(DESIGN_COLUMNS.length);
  });

  it('gives categories nobody has a zero coefficient, as the per-row fit does', () => {
    const rows = episodes(11, 300); // only 5 programme groups and 3 settings occur
    const model = fitLinearModelFromMoments(momentsOfCells(cellsOf(rows)));
    expect(model.coefficients[DESIGN_COLUMNS.indexOf('programme_group:cancer')]).toBe(0);
    expect(model.coefficients[DESIGN_COLUMNS.indexOf('setting:home')]).toBe(0);
  });

  it('computes each group’s expected sum and residual sums from its cells exactly as from its episodes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const rows = episodes(seed, 120);
        const model = fitLinearModel(rows.map((r) => ({ x: designRow(r), y: r.y })));
        const perRow = rows.map((r) => r.y - predict(model, designRow(r)));
        const sums = cellsOf(rows)
          .map((c) => cellResiduals(model, c))
          .reduce(addResiduals, NO_RESIDUALS);
        expect(sums.n).toBe(rows.length);
        expect(sums.sumResidual).toBeCloseTo(
          perRow.reduce((a, r) => a + r, 0),
          9,
        );
        expect(sums.sumResidual2).toBeCloseTo(
          perRow.reduce((a, r) => a + r * r, 0),
          9,
        );
        expect(sums.sumExpected).toBeCloseTo(
          rows.reduce((a, r) => a + predict(model, designRow(r)), 0),
          9,
        );
        const mean = perRow.reduce((a, r) => a + r, 0) / perRow.length;
        expect(residualSd(sums)).toBeCloseTo(Math.sqrt(perRow.reduce((a, r) => a + (r - mean) ** 2, 0) / (perRow.length - 1)), 9);
      }),
      { numRuns: 25 },
    );
  });
});

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
