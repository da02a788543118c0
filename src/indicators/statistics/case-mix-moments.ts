/**
 * The case-mix model of case-mix.ts fitted from sufficient statistics instead of one row per
 * episode, so PostgreSQL can sum over a million episodes and Node only solves a 21 × 21 system.
 *
 * OLS needs only n, Σx, Σxxᵀ, Σy, Σxy and Σy². The covariates are categories plus one baseline,
 * so SQL hands over cells (one per combination of categories) with n, Σb, Σb², Σy, Σby and Σy²,
 * and every product the normal equations need is a sum over cells. The numerics follow
 * fitLinearModel exactly: centre, scale each column by √Σ(x − x̄)², drop constant columns, and
 * solve with an SVD from ml-matrix (the matrix library ml-regression-multivariate-linear uses),
 * so both fits agree to rounding (a test checks it, and checks NIST's Longley data).
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import {
  ageBand,
  designRow,
  type AgeBand,
  type LinearModel,
  type ProgrammeGroup,
  type Setting,
  type Sex,
  DESIGN_COLUMNS,
} from './case-mix';

/** Sufficient statistics of a regression of y on p covariates (no intercept column; it is added). */
export interface RegressionMoments {
  n: number;
  sumX: number[];
  /** p × p, symmetric. */
  sumXX: number[][];
  sumY: number;
  sumXY: number[];
  sumYY: number;
}

export function emptyMoments(p: number): RegressionMoments {
  return {
    n: 0,
    sumX: new Array<number>(p).fill(0),
    sumXX: Array.from({ length: p }, () => new Array<number>(p).fill(0)),
    sumY: 0,
    sumXY: new Array<number>(p).fill(0),
    sumYY: 0,
  };
}

/** Moments of explicit rows: the reference the cell version must match. */
export function momentsOfRows(rows: readonly { y: number; x: readonly number[] }[]): RegressionMoments {
  const p = rows.length > 0 ? rows[0].x.length : 0;
  const m = emptyMoments(p);
  for (const { x, y } of rows) {
    m.n += 1;
    m.sumY += y;
    m.sumYY += y * y;
    for (let j = 0; j < p; j++) {
      m.sumX[j] += x[j];
      m.sumXY[j] += x[j] * y;
      for (let k = 0; k < p; k++) m.sumXX[j][k] += x[j] * x[k];
    }
  }
  return m;
}

/**
 * OLS with intercept from moments; the same model fitLinearModel returns from the rows.
 * Columns whose centred sum of squares is zero up to rounding (a category nobody has, or one
 * everybody has) get coefficient 0, as there.
 */
export function fitLinearModelFromMoments(m: RegressionMoments): LinearModel {
  const p = m.sumX.length;
  const { n } = m;
  const xMeans = m.sumX.map((s) => s / n);
  const yMean = m.sumY / n;
  const centred = (j: number, k: number) => m.sumXX[j][k] - n * xMeans[j] * xMeans[k];
  // Σ(x − x̄)² computed as Σx² − n·x̄² leaves rounding noise where the true value is 0.
  const used: number[] = [];
  const scales = new Array<number>(p).fill(0);
  for (let j = 0; j < p; j++) {
    const ss = centred(j, j);
    if (ss > 1e-10 * Math.max(1, m.sumXX[j][j])) {
      scales[j] = Math.sqrt(ss);
      used.push(j);
    }
  }
  if (n <= used.length + 1) throw new RangeError(`need more rows (${n}) than parameters (${used.length + 1})`);
  const coefficients = new Array<number>(p).fill(0);
  const xy = (j: number) => m.sumXY[j] - n * xMeans[j] * yMean;
  if (used.length > 0) {
    const correlations = new Matrix(used.map((j) => used.map((k) => centred(j, k) / (scales[j] * scales[k]))));
    const right = Matrix.columnVector(used.map((j) => xy(j) / scales[j]));
    const weights = new SingularValueDecomposition(correlations).solve(right);
    used.forEach((j, i) => (coefficients[j] = weights.get(i, 0) / scales[j]));
  }
  const intercept = yMean - coefficients.reduce((sum, b, j) => sum + b * xMeans[j], 0);
  // RSS = Syy − βᵀSxy for the least-squares β (all sums centred).
  const syy = m.sumYY - n * yMean * yMean;
  const rss = Math.max(0, syy - used.reduce((sum, j) => sum + coefficients[j] * xy(j), 0));
  return { intercept, coefficients, n, residualSd: Math.sqrt(rss / (n - used.length - 1)) };
}

/** One cell of the case-mix cube: its categories and the sums of its episodes. */
export interface CaseMixCell {
  ageBand: AgeBand;
  sex: Sex;
  programmeGroup: ProgrammeGroup;
  setting: Setting;
  n: number;
  /** Σ baseline, Σ baseline², Σ y, Σ baseline·y, Σ y² over the cell's episodes. */
  sumBaseline: number;
  sumBaseline2: number;
  sumY: number;
  sumBaselineY: number;
  sumY2: number;
}

const BASELINE = DESIGN_COLUMNS.indexOf('baseline');

/** An age inside each band, so designRow (which takes an age) codes the band. */
const AGE_IN_BAND: Record<AgeBand, number> = { '<40': 30, '40-59': 50, '60-69': 65, '70-79': 75, '80+': 85 };

/** The cell's design row with baseline 0: the categories' dummies. */
export function cellDummies(cell: Pick<CaseMixCell, 'ageBand' | 'sex' | 'programmeGroup' | 'setting'>): number[] {
  const age = AGE_IN_BAND[cell.ageBand];
  if (ageBand(age) !== cell.ageBand) throw new RangeError(`unknown age band '${cell.ageBand}'`);
  return designRow({ age, sex: cell.sex, baseline: 0, programmeGroup: cell.programmeGroup, setting: cell.setting });
}

/** Adds a cell's sums to the moments of the design of case-mix.ts (DESIGN_COLUMNS). */
export function addCellMoments(m: RegressionMoments, cell: CaseMixCell): void {
  if (cell.n === 0) return;
  const d = cellDummies(cell);
  const p = d.length;
  // Σ over the cell's episodes of x_j: n·d_j for a dummy, Σb for the baseline column; likewise for products.
  const sumOf = (j: number) => (j === BASELINE ? cell.sumBaseline : cell.n * d[j]);
  const sumOfProduct = (j: number, k: number) => {
    if (j === BASELINE && k === BASELINE) return cell.sumBaseline2;
    if (j === BASELINE) return d[k] * cell.sumBaseline;
    if (k === BASELINE) return d[j] * cell.sumBaseline;
    return cell.n * d[j] * d[k];
  };
  m.n += cell.n;
  m.sumY += cell.sumY;
  m.sumYY += cell.sumY2;
  for (let j = 0; j < p; j++) {
    m.sumX[j] += sumOf(j);
    m.sumXY[j] += j === BASELINE ? cell.sumBaselineY : d[j] * cell.sumY;
    for (let k = 0; k < p; k++) m.sumXX[j][k] += sumOfProduct(j, k);
  }
}

export function momentsOfCells(cells: readonly CaseMixCell[]): RegressionMoments {
  const m = emptyMoments(DESIGN_COLUMNS.length);
  for (const cell of cells) addCellMoments(m, cell);
  return m;
}

/** What the model says about a group of episodes: Σ prediction, and Σ r and Σ r² of the residuals r = y − prediction. */
export interface ResidualSums {
  n: number;
  sumExpected: number;
  sumResidual: number;
  sumResidual2: number;
}

/**
 * Residual sums of one cell from its sums alone: within a cell the prediction is c + β_b·b, with
 * c the intercept plus the cell's category effects, so Σŷ = n·c + β_b·Σb and
 * Σr² = Σy² − 2(c·Σy + β_b·Σby) + n·c² + 2c·β_b·Σb + β_b²·Σb².
 */
export function cellResiduals(model: LinearModel, cell: CaseMixCell): ResidualSums {
  const d = cellDummies(cell);
  const beta = model.coefficients[BASELINE];
  const c = model.coefficients.reduce((sum, b, j) => (j === BASELINE ? sum : sum + b * d[j]), model.intercept);
  const sumExpected = cell.n * c + beta * cell.sumBaseline;
  const sumYHat = c * cell.sumY + beta * cell.sumBaselineY;
  const sumHat2 = cell.n * c * c + 2 * c * beta * cell.sumBaseline + beta * beta * cell.sumBaseline2;
  return { n: cell.n, sumExpected, sumResidual: cell.sumY - sumExpected, sumResidual2: Math.max(0, cell.sumY2 - 2 * sumYHat + sumHat2) };
}

export function addResiduals(a: ResidualSums, b: ResidualSums): ResidualSums {
  return {
    n: a.n + b.n,
    sumExpected: a.sumExpected + b.sumExpected,
    sumResidual: a.sumResidual + b.sumResidual,
    sumResidual2: a.sumResidual2 + b.sumResidual2,
  };
}

export const NO_RESIDUALS: ResidualSums = Object.freeze({ n: 0, sumExpected: 0, sumResidual: 0, sumResidual2: 0 });

/** Sample SD of the residuals (divisor n − 1); null below two. */
export function residualSd(sums: ResidualSums): number | null {
  if (sums.n < 2) return null;
  return Math.sqrt(Math.max(0, (sums.sumResidual2 - (sums.sumResidual * sums.sumResidual) / sums.n) / (sums.n - 1)));
}
