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
import { solveGroup, type AuditedCell, type GroupProblem, type GroupSolution } from './group-solver';
import type { SolverThreads } from './group-solver-pool';

export type { AuditedCell } from './group-solver';

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

/**
 * Groups of at least this many hidden counts are solved in worker threads: at 80 institutions they
 * have 500-700 and take seconds each; small registers have none, and no thread to start.
 */
const THREAD_FROM_COUNTS = 200;

/**
 * Audits one table. With `threads`, groups of at least `threadFromCounts` hidden counts are solved
 * there; the rest (and all, without threads) in this thread, giving the event loop a turn between.
 */
export async function auditTable(
  input: AuditInput,
  cache: AuditCache = new Map(),
  threads?: SolverThreads,
  threadFromCounts = THREAD_FROM_COUNTS,
): Promise<TableAudit> {
  const h = await solver();
  const groups = connectedGroups(input);
  const solved = await Promise.all(
    groups.map(async (group) => {
      const problem = groupProblem(input, group);
      const cached = cache.get(problem.key);
      if (cached) return { cells: cached, linearPrograms: 0 };
      let solution: GroupSolution;
      if (threads && problem.cells.length >= threadFromCounts) solution = await threads.solve(problem);
      else {
        await letOthersRun();
        solution = solveGroup(h, problem);
      }
      cache.set(problem.key, solution.cells);
      return solution;
    }),
  );
  return {
    cells: solved.flatMap((s) => s.cells),
    groups: groups.length,
    linearPrograms: solved.reduce((sum, s) => sum + s.linearPrograms, 0),
  };
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
