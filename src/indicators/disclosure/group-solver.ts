/**
 * The linear programs of one connected group of hidden counts (disclosure-audit.ts): the smallest
 * and largest value of each count, subject to the group's equations and the reader's bounds. A
 * solution is a feasible point of every count in the group, so a count whose values seen so far
 * already span its required width needs no solve of its own. Pure data in, data out, so that large
 * groups can be solved in worker threads (group-solver-pool.ts); imports only what Node's type
 * stripping can load.
 */
import type { Highs } from 'highs';
import type { SuppressionReason } from '../statistics/suppression';

export interface AuditedCell {
  id: string;
  n: number;
  reason: SuppressionReason;
  /** What the reader can prove: the count lies in [low, high] (null: unbounded above). */
  low: number;
  high: number | null;
  required: number;
  protected: boolean;
}

/** A group's linear programs as data: its counts with what the reader knows of them, and its equations. */
export interface GroupProblem {
  key: string;
  cells: { id: string; n: number; reason: SuppressionReason; bounds: [number, number]; required: number }[];
  /** Each equation over the group's hidden counts: Σ values × counts = rhs. */
  rows: { indices: number[]; values: number[]; rhs: number }[];
}

export interface GroupSolution {
  cells: AuditedCell[];
  linearPrograms: number;
}

/** Values within this of each other are equal (the simplex works in floating point). */
const TOLERANCE = 1e-6;

/** HiGHS's `simplex_strategy` for the primal simplex. */
const PRIMAL_SIMPLEX = 4;

export function solveGroup(h: Highs, problem: GroupProblem): GroupSolution {
  const { cells: counts, rows } = problem;
  const seenLow = counts.map((c) => c.n);
  const seenHigh = [...seenLow];
  const low: (number | null)[] = counts.map(() => null);
  const high: (number | null | undefined)[] = counts.map(() => undefined);
  let linearPrograms = 0;
  const lower = counts.map((c) => c.bounds[0]);
  const upper = counts.map((c) => (c.bounds[1] === Infinity ? h.infinity : c.bounds[1]));
  // Two solves that push every count at once, down and then up (within a box around its value,
  // so that no solve is unbounded), usually show most counts moving far enough that only the
  // others need solves of their own. Any solution in the box is one in the whole problem.
  const box = counts.map((c) => Math.min(c.bounds[1], c.n + 2 * c.required));
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    indices.push(...row.indices);
    values.push(...row.values);
    starts.push(indices.length);
  }
  const model = h.createModel({
    numCols: counts.length,
    numRows: rows.length,
    colCost: counts.map(() => 1),
    colLower: lower,
    colUpper: box,
    rowLower: rows.map((r) => r.rhs),
    rowUpper: rows.map((r) => r.rhs),
    matrix: { format: 'csr', numRows: rows.length, numCols: counts.length, starts, indices, values },
  });
  try {
    // Primal simplex: between solves only the objective changes, so the last basis stays feasible
    // and primal goes on from it; the dual simplex (HiGHS's default) took 1.5 times as long here.
    model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex', simplex_strategy: PRIMAL_SIMPLEX });
    const widthSeen = (j: number) => seenHigh[j] - seenLow[j];
    const see = () => {
      const solution = model.getSolution().colValue;
      for (let k = 0; k < solution.length; k++) {
        seenLow[k] = Math.min(seenLow[k], solution[k]);
        seenHigh[k] = Math.max(seenHigh[k], solution[k]);
      }
    };
    const all = { kind: 'range', from: 0, to: counts.length - 1 } as const;
    for (const sense of [h.constants.objectiveSense.minimize, h.constants.objectiveSense.maximize]) {
      model.changeObjectiveSense(sense);
      model.run();
      linearPrograms += 1;
      if (model.getModelStatus() === h.constants.modelStatus.optimal) see();
    }
    model.changeColsCost(
      all,
      counts.map(() => 0),
    );
    model.changeColsBounds(all, lower, upper);
    for (let j = 0; j < counts.length; j++) {
      const need = counts[j].required;
      for (const sense of [h.constants.objectiveSense.maximize, h.constants.objectiveSense.minimize]) {
        if (high[j] === null || widthSeen(j) >= need - TOLERANCE) continue;
        model.changeColCost(j, 1);
        model.changeObjectiveSense(sense);
        model.run();
        linearPrograms += 1;
        const status = model.getModelStatus();
        const maximizing = sense === h.constants.objectiveSense.maximize;
        if (status === h.constants.modelStatus.unbounded && maximizing) {
          high[j] = null;
          model.changeColCost(j, 0);
          continue;
        }
        if (status !== h.constants.modelStatus.optimal) {
          throw new Error(`disclosure audit: the published equations have no solution (${status}); the model is inconsistent`);
        }
        see();
        if (maximizing) high[j] = model.getObjectiveValue();
        else low[j] = model.getObjectiveValue();
        model.changeColCost(j, 0);
      }
    }
  } finally {
    model.dispose();
  }
  const cells = counts.map((c, j): AuditedCell => {
    const lowest = low[j] ?? seenLow[j];
    const highest = high[j] === null ? null : (high[j] ?? seenHigh[j]);
    return {
      id: c.id,
      n: c.n,
      reason: c.reason,
      low: round(lowest),
      high: highest === null ? null : round(highest),
      required: c.required,
      protected: highest === null || highest - lowest >= c.required - TOLERANCE,
    };
  });
  return { cells, linearPrograms };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
