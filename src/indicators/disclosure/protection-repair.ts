/**
 * The cheapest shown counts to hide so that one hidden count can move as far as it must, the way
 * statistical agencies choose secondary suppressions (Fischetti & Salazar-González, "Models and
 * algorithms for the 2-dimensional cell suppression problem", Management Science 1999; τ-ARGUS's
 * "optimal" method): a linear program looks for a change of the published counts that keeps every
 * equation true and moves the hidden count by the required amount, where shown counts may change
 * only at a price. The shown counts the cheapest such change uses are the ones to hide. Prices make
 * totals and national figures the last to go (they are what readers use most), and larger counts
 * dearer than smaller ones. Solved up and down separately; linear, so no whole-number guarantee,
 * which is what the audit then checks.
 */
import type { Highs } from 'highs';
import type { LinkedTable, SuppressionReason, TableEquation } from '../statistics/suppression';

export interface RepairProblem {
  table: LinkedTable;
  hidden: ReadonlyMap<string, SuppressionReason>;
  /** What a reader knows of a hidden count without the equations. */
  bounds: (id: string) => [number, number];
  /** What a reader would know of a shown count if it were hidden. */
  boundsIfHidden: (id: string) => [number, number];
}

/** Values below this are no change (the simplex works in floating point). */
const TOLERANCE = 1e-6;

/**
 * Shown counts to hide so that `id` can move `up` above and `down` below its value; undefined when
 * no change of the counts in its equations can do that.
 */
export function countsToHide(h: Highs, problem: RepairProblem, id: string, up: number, down: number): string[] | undefined {
  const toHide = new Set<string>();
  for (const move of [up, -down]) {
    if (Math.abs(move) < TOLERANCE) continue;
    // Near first (small programs, local changes); further out only where the near ones cannot.
    const used = NEIGHBOURHOOD_STEPS.reduce<string[] | undefined>(
      (found, steps) => found ?? cheapestChange(h, problem, cellsAround(problem.table, id, steps), id, move),
      undefined,
    );
    if (!used) return undefined;
    used.forEach((c) => toHide.add(c));
  }
  return [...toHide];
}

/** Equation steps from the count that a change may reach, tried in turn. */
const NEIGHBOURHOOD_STEPS = [2, 4, Infinity];

/** The counts within `steps` equations of a count, and those equations: the neighbourhood a change can use. */
function cellsAround(table: LinkedTable, id: string, steps: number): { ids: string[]; equations: TableEquation[] } {
  const byCell = equationsByCell(table);
  const equations = new Set<TableEquation>();
  let frontier = [id];
  const ids = new Set<string>([id]);
  for (let step = 0; step < steps && frontier.length; step++) {
    const next: string[] = [];
    for (const c of frontier) {
      for (const e of byCell.get(c) ?? []) {
        if (equations.has(e)) continue;
        equations.add(e);
        for (const other of [e.total, ...e.members]) {
          if (ids.has(other)) continue;
          ids.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  // Every equation of a count in the neighbourhood holds, with the counts beyond it unchanged:
  // without the equations at its edge, a change could break what a reader checks there.
  for (const c of ids) for (const e of byCell.get(c) ?? []) equations.add(e);
  return { ids: [...ids], equations: [...equations] };
}

const equationIndexes = new WeakMap<LinkedTable, ReadonlyMap<string, readonly TableEquation[]>>();

/** Each count's equations, indexed once per table (repairs look them up thousands of times). */
export function equationsByCell(table: LinkedTable): ReadonlyMap<string, readonly TableEquation[]> {
  let byCell = equationIndexes.get(table);
  if (!byCell) {
    const index = new Map<string, TableEquation[]>();
    for (const e of table.equations) {
      for (const c of [e.total, ...e.members]) {
        const list = index.get(c);
        if (list) list.push(e);
        else index.set(c, [e]);
      }
    }
    equationIndexes.set(table, (byCell = index));
  }
  return byCell;
}

/**
 * Minimises the price of the shown counts that change, for a change that keeps every equation true
 * and moves `id` by `move`. Each count j has an increase u_j and a decrease l_j within its bounds.
 */
function cheapestChange(
  h: Highs,
  problem: RepairProblem,
  around: { ids: string[]; equations: TableEquation[] },
  id: string,
  move: number,
): string[] | undefined {
  const index = new Map(around.ids.map((c, j) => [c, j]));
  // u_j at 2j, l_j at 2j + 1: the count that must move moves exactly by `move`.
  const cost: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (const c of around.ids) {
    const shown = !problem.hidden.has(c);
    const n = problem.table.cells.get(c)!.n;
    if (c === id) {
      lower.push(Math.max(move, 0), Math.max(-move, 0));
      upper.push(Math.max(move, 0), Math.max(-move, 0));
    } else {
      const [low, high] = shown ? problem.boundsIfHidden(c) : problem.bounds(c);
      lower.push(0, 0);
      upper.push(finite(h, high - n), finite(h, n - low));
    }
    const price = shown ? priceOf(c, n) : 0;
    cost.push(price, price);
  }
  // Each equation, Σ members − total, over the changes; counts outside the neighbourhood are unchanged.
  const starts = [0];
  const columns: number[] = [];
  const values: number[] = [];
  for (const e of around.equations) {
    for (const [c, sign] of [[e.total, -1] as const, ...e.members.map((m) => [m, 1] as const)]) {
      const j = index.get(c);
      if (j === undefined) continue;
      columns.push(2 * j, 2 * j + 1);
      values.push(sign, -sign);
    }
    starts.push(columns.length);
  }
  const rows = around.equations.length;
  const model = h.createModel({
    numCols: cost.length,
    numRows: rows,
    sense: h.constants.objectiveSense.minimize,
    colCost: cost,
    colLower: lower,
    colUpper: upper,
    rowLower: new Float64Array(rows),
    rowUpper: new Float64Array(rows),
    matrix: { format: 'csr', numRows: rows, numCols: cost.length, starts, indices: columns, values },
  });
  try {
    model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
    model.run();
    if (model.getModelStatus() !== h.constants.modelStatus.optimal) return undefined;
    const solution = model.getSolution().colValue;
    return around.ids.filter((c, j) => !problem.hidden.has(c) && solution[2 * j] + solution[2 * j + 1] > TOLERANCE);
  } finally {
    model.dispose();
  }
}

function finite(h: Highs, x: number): number {
  return x === Infinity ? h.infinity : Math.max(0, x);
}

/**
 * What hiding a shown count costs: more for larger counts, and far more for totals (a breakdown's
 * `all`, a region, the nation), so that the change goes through the smallest cells it can.
 */
export function priceOf(id: string, n: number): number {
  const [scope, breakdown] = id.split('|');
  const level = scope === 'national' ? 100 : scope.startsWith('region:') ? 10 : 1;
  const total = breakdown === 'all' || breakdown === 'coverage' ? 10 : 1;
  return level * total * (1 + Math.log1p(n));
}
