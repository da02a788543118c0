/**
 * The audit of a suppression pattern, the way statistical agencies audit tables (τ-ARGUS, sdcTable):
 * for each hidden count, its smallest and largest value subject to every published equation and to
 * what a reader knows of each hidden count (its bounds), by linear programming with HiGHS. Hidden
 * counts linked by no equation are separate problems, so each connected group is solved on its own.
 * A solution is a feasible point of every count in the group, so a count whose values seen so far
 * already span its required width needs no solve of its own.
 *
 * The audit is of the LP relaxation: a reader who insists on whole numbers can, in rare multi-way
 * tables, narrow an interval a little further than the LP says.
 */
import { performance } from 'node:perf_hooks';
import loadHighs, { type Highs } from 'highs';
import type { LinkedTable, SuppressionReason } from '../statistics/suppression';

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

export interface AuditInput {
  table: LinkedTable;
  hidden: ReadonlyMap<string, SuppressionReason>;
  /** What a reader knows of each hidden count without the equations. */
  bounds: (id: string) => [number, number];
  required: (id: string) => number;
}

export interface TableAudit {
  cells: AuditedCell[];
  /** Connected groups of hidden counts, and linear programs solved. */
  groups: number;
  linearPrograms: number;
}

/** Values within this of each other are equal (the simplex works in floating point). */
const TOLERANCE = 1e-6;

/** HiGHS's `simplex_strategy` for the primal simplex. */
const PRIMAL_SIMPLEX = 4;

/**
 * Lets the service answer other requests now and then: the linear programs run on its event loop,
 * and a large publication solves them for tens of seconds.
 */
export async function letOthersRun(): Promise<void> {
  if (performance.now() - lastBreak < RUN_WITHOUT_BREAK_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  lastBreak = performance.now();
}
const RUN_WITHOUT_BREAK_MS = 50;
let lastBreak = 0;

let highs: Promise<Highs> | undefined;
export function solver(): Promise<Highs> {
  return (highs ??= loadHighs());
}

/**
 * Audited groups by everything their linear programs rest on, so that auditing a table again after
 * a repair solves only the groups the repair changed. One per table: ids are the table's own.
 */
export type AuditCache = Map<string, AuditedCell[]>;

export async function auditTable(input: AuditInput, cache: AuditCache = new Map()): Promise<TableAudit> {
  const h = await solver();
  const groups = connectedGroups(input);
  let linearPrograms = 0;
  const cells: AuditedCell[] = [];
  for (const group of groups) {
    const problem = groupProblem(input, group);
    let audited = cache.get(problem.key);
    if (!audited) {
      const result = await solveGroup(h, problem);
      linearPrograms += result.linearPrograms;
      cache.set(problem.key, (audited = result.cells));
    }
    cells.push(...audited);
  }
  return { cells, groups: groups.length, linearPrograms };
}

interface Group {
  ids: string[];
  /** Each equation over the group's hidden counts: Σ coefficient × count = rhs. */
  rows: { indices: number[]; values: number[]; rhs: number }[];
}

function connectedGroups({ table, hidden }: AuditInput): Group[] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const id of hidden.keys()) if (table.cells.has(id)) parent.set(id, id);
  const linked = table.equations.filter((e) => [e.total, ...e.members].some((id) => hidden.has(id)));
  for (const e of linked) {
    const ids = [e.total, ...e.members].filter((id) => hidden.has(id));
    for (const id of ids.slice(1)) parent.set(find(id), find(ids[0]));
  }
  const groups = new Map<string, Group>();
  const indexOf = new Map<string, number>();
  for (const id of parent.keys()) {
    const root = find(id);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { ids: [], rows: [] }));
    indexOf.set(id, g.ids.length);
    g.ids.push(id);
  }
  for (const e of linked) {
    const row = { indices: [] as number[], values: [] as number[], rhs: 0 };
    // Σ members − total = 0, with the shown counts moved to the right-hand side.
    for (const [id, coefficient] of [[e.total, -1] as const, ...e.members.map((m) => [m, 1] as const)]) {
      if (hidden.has(id)) {
        row.indices.push(indexOf.get(id)!);
        row.values.push(coefficient);
      } else row.rhs -= coefficient * table.cells.get(id)!.n;
    }
    groups.get(find([e.total, ...e.members].find((id) => hidden.has(id))!))!.rows.push(row);
  }
  return [...groups.values()];
}

/** A group's linear programs as data: its counts with what the reader knows of them, and its equations. */
interface GroupProblem {
  key: string;
  cells: { id: string; n: number; reason: SuppressionReason; bounds: [number, number]; required: number }[];
  rows: Group['rows'];
}

function groupProblem(input: AuditInput, group: Group): GroupProblem {
  const cells = group.ids.map((id) => ({
    id,
    n: input.table.cells.get(id)!.n,
    reason: input.hidden.get(id)!,
    bounds: input.bounds(id),
    required: input.required(id),
  }));
  const key = [
    ...cells.map((c) => `${c.id} ${c.reason} ${c.bounds[0]} ${c.bounds[1]} ${c.required}`),
    ...group.rows.map((r) => `${r.indices.join(',')} ${r.values.join(',')} ${r.rhs}`),
  ].join('\n');
  return { key, cells, rows: group.rows };
}

async function solveGroup(h: Highs, problem: GroupProblem): Promise<{ cells: AuditedCell[]; linearPrograms: number }> {
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
      await letOthersRun();
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
