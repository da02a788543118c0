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

let highs: Promise<Highs> | undefined;
export function solver(): Promise<Highs> {
  return (highs ??= loadHighs());
}

export async function auditTable(input: AuditInput): Promise<TableAudit> {
  const h = await solver();
  const groups = connectedGroups(input);
  let linearPrograms = 0;
  const cells: AuditedCell[] = [];
  for (const group of groups) {
    const result = solveGroup(h, input, group);
    linearPrograms += result.linearPrograms;
    cells.push(...result.cells);
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

function solveGroup(h: Highs, input: AuditInput, group: Group): { cells: AuditedCell[]; linearPrograms: number } {
  const seenLow = group.ids.map((id) => input.table.cells.get(id)!.n);
  const seenHigh = [...seenLow];
  const low: (number | null)[] = group.ids.map(() => null);
  const high: (number | null | undefined)[] = group.ids.map(() => undefined);
  let linearPrograms = 0;
  const model = h.createModel();
  try {
    model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
    for (const id of group.ids) {
      const [lower, upper] = input.bounds(id);
      model.addVar(lower, upper === Infinity ? h.infinity : upper);
    }
    for (const row of group.rows) model.addRow(row.rhs, row.rhs, { indices: row.indices, values: row.values });
    const widthSeen = (j: number) => seenHigh[j] - seenLow[j];
    const see = () => {
      const values = model.getSolution().colValue;
      for (let k = 0; k < values.length; k++) {
        seenLow[k] = Math.min(seenLow[k], values[k]);
        seenHigh[k] = Math.max(seenHigh[k], values[k]);
      }
    };
    // Two solves that push every count at once, down and then up (within a box around its value,
    // so that no solve is unbounded), usually show most counts moving far enough that only the
    // others need solves of their own. Any solution in the box is one in the whole problem.
    const all = { kind: 'range', from: 0, to: group.ids.length - 1 } as const;
    const bounds = group.ids.map((id) => input.bounds(id));
    const box = group.ids.map((id, j) => Math.min(bounds[j][1], input.table.cells.get(id)!.n + 2 * input.required(id)));
    model.changeColsBounds(
      all,
      bounds.map((b) => b[0]),
      box,
    );
    for (const sense of [h.constants.objectiveSense.minimize, h.constants.objectiveSense.maximize]) {
      model.changeColsCost(
        all,
        group.ids.map(() => 1),
      );
      model.changeObjectiveSense(sense);
      model.run();
      linearPrograms += 1;
      if (model.getModelStatus() === h.constants.modelStatus.optimal) see();
    }
    model.changeColsCost(
      all,
      group.ids.map(() => 0),
    );
    model.changeColsBounds(
      all,
      bounds.map((b) => b[0]),
      bounds.map((b) => (b[1] === Infinity ? h.infinity : b[1])),
    );
    for (let j = 0; j < group.ids.length; j++) {
      const need = input.required(group.ids[j]);
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
  const cells = group.ids.map((id, j): AuditedCell => {
    const cell = input.table.cells.get(id)!;
    const lowest = low[j] ?? seenLow[j];
    const highest = high[j] === null ? null : (high[j] ?? seenHigh[j]);
    const required = input.required(id);
    return {
      id,
      n: cell.n,
      reason: input.hidden.get(id)!,
      low: round(lowest),
      high: highest === null ? null : round(highest),
      required,
      protected: highest === null || highest - lowest >= required - TOLERANCE,
    };
  });
  return { cells, linearPrograms };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
