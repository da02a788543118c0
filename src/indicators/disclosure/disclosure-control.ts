/**
 * Disclosure control of a whole publication: chooses what to hide in every population's linked
 * table (primary, then secondary suppression), audits the choice by linear programming, and where
 * the audit finds a count a reader could narrow below its required width, hides more around it and
 * audits again. What remains unprotected after that is reported, and publishing refuses.
 */
import type { Population } from '../indicator-spec';
import {
  knownBounds,
  primarySuppression,
  requiredWidth,
  secondarySuppression,
  type Protection,
  type SuppressionReason,
  type TableEquation,
} from '../statistics/suppression';
import type { Highs } from 'highs';
import { auditTable, letOthersRun, solver, type AuditCache, type AuditedCell } from './disclosure-audit';
import { solverThreads, type SolverThreads } from './group-solver-pool';
import { countsToHide, equationsByCell } from './protection-repair';
import { CONTAINED_IN, COVERAGE_BREAKDOWN, POPULATION_FIGURES, type DisclosureTable } from './disclosure-model';

/** How often a count is repaired by the cheapest change before the wider repairs take over. */
const LP_REPAIR_ATTEMPTS = 3;
/** Rounds of repair after the first audit; the demo register needs three. */
const MAX_REPAIR_ROUNDS = 10;
/** From which round (or which failure of a count) a repair reaches every equation linked through hidden counts. */
const WHOLE_GROUP_FROM_FAILURES = 4;
/** From which round of failing a repair may hide a total whose members are all hidden already. */
const TOTALS_FROM_RADIUS = 2;

export interface DisclosureFailure {
  scope: string;
  breakdown: string;
  population: Population;
  /** The figures (`id` or `id:part`) that show this count. */
  indicators: string[];
  reason: SuppressionReason;
  low: number;
  high: number | null;
  required: number;
}

export interface DisclosureAudit {
  passed: boolean;
  threshold: number;
  margin: number;
  /** Hidden counts (population × scope × breakdown), and how many of them were hidden for others' sake. */
  hiddenCounts: number;
  secondaryCounts: number;
  groups: number;
  linearPrograms: number;
  repairRounds: number;
  failures: DisclosureFailure[];
}

export interface DisclosureResult {
  hidden: Map<Population, Map<string, SuppressionReason>>;
  audit: DisclosureAudit;
  /** Every hidden count with the interval the reader can prove, for the snapshot's record. */
  cells: (AuditedCell & { population: Population })[];
}

/**
 * Repairs close to each failing count first, hiding little. A publication that cannot be settled
 * that way goes on from there with repairs on whole linked groups, which hide more; and if that
 * fails too (registers of a few tiny institutions), it starts again with those from the beginning.
 */
export async function protectPublication(tables: readonly DisclosureTable[], p: Protection): Promise<DisclosureResult> {
  const threads = solverThreads();
  const careful = await protectWith(tables, p, threads, (failures, round) =>
    failures >= WHOLE_GROUP_FROM_FAILURES || round >= WHOLE_GROUP_FROM_FAILURES ? Infinity : failures,
  );
  if (careful.audit.passed) return careful;
  const broad = await protectWith(tables, p, threads, () => Infinity, careful.hidden);
  if (broad.audit.passed) return broad;
  const fresh = await protectWith(tables, p, threads, () => Infinity);
  return fresh.audit.failures.length <= broad.audit.failures.length ? fresh : broad;
}

/** How far a repair reaches, by how often the count has failed and the round of repair. */
type RepairRadius = (failures: number, round: number) => number;

async function protectWith(
  tables: readonly DisclosureTable[],
  p: Protection,
  threads: SolverThreads,
  radiusOf: RepairRadius,
  start?: ReadonlyMap<Population, ReadonlyMap<string, SuppressionReason>>,
): Promise<DisclosureResult> {
  const hidden = new Map(
    tables.map((t) => [t.population, start ? new Map(start.get(t.population)) : secondarySuppression(t, primarySuppression(t), p)]),
  );
  const byPopulation = new Map(tables.map((t) => [t.population, t]));
  const h = await solver();
  const audits = new Map<Population, Awaited<ReturnType<typeof auditTable>>>();
  const auditCaches = new Map(tables.map((t): [Population, AuditCache] => [t.population, new Map()]));
  let changed = new Set(tables.map((t) => t.population));
  let repairRounds = 0;
  const failedBefore = new Map<string, number>();
  let groups = 0;
  let linearPrograms = 0;
  for (;;) {
    // The changed tables are audited together, so that their large groups share the solver threads.
    const audited = await Promise.all(
      [...changed].map((population) => {
        const table = byPopulation.get(population)!;
        const pattern = hidden.get(population)!;
        return auditTable(
          {
            table,
            hidden: pattern,
            bounds: (id) => readerBounds(id, table, hidden, byPopulation, p.threshold),
            required: (id) => requiredWidth(table.cells.get(id)!, pattern.get(id)!, p),
          },
          auditCaches.get(population),
          threads,
        );
      }),
    );
    [...changed].forEach((population, i) => {
      audits.set(population, audited[i]);
      groups += audited[i].groups;
      linearPrograms += audited[i].linearPrograms;
    });
    const failing = [...audits].flatMap(([population, a]) => a.cells.filter((c) => !c.protected).map((c) => ({ population, cell: c })));
    if (!failing.length || repairRounds === MAX_REPAIR_ROUNDS) break;
    repairRounds += 1;
    changed = new Set();
    for (const { population, cell } of failing) {
      await letOthersRun();
      // A count that fails again is repaired further out: first its own equations, then theirs.
      const key = `${population}|${cell.id}`;
      const failures = (failedBefore.get(key) ?? 0) + 1;
      failedBefore.set(key, failures);
      const table = byPopulation.get(population)!;
      const touched =
        (failures <= LP_REPAIR_ATTEMPTS && cheapestRepair(h, cell, table, hidden, byPopulation, p)) ||
        repair(cell.id, table, hidden, byPopulation, p, radiusOf(failures, repairRounds));
      for (const t of touched) changed.add(t);
    }
    for (const population of changed) secondarySuppression(byPopulation.get(population)!, hidden.get(population)!, p);
    // A changed table changes the bounds of the tables nested with it: audit those again too.
    for (const population of [...changed]) for (const other of nestedWith(population)) if (byPopulation.has(other)) changed.add(other);
    if (!changed.size) break;
  }
  const cells = [...audits].flatMap(([population, a]) => a.cells.map((c) => ({ ...c, population })));
  const failures = cells.filter((c) => !c.protected).map(failureOf);
  return {
    hidden,
    cells,
    audit: {
      passed: failures.length === 0,
      threshold: p.threshold,
      margin: p.margin,
      hiddenCounts: cells.length,
      secondaryCounts: cells.filter((c) => c.reason === 'secondary').length,
      groups,
      linearPrograms,
      repairRounds,
      failures,
    },
  };
}

/**
 * Hides the cheapest shown counts that let a failing count move its required width
 * (protection-repair.ts), with the shown counts of nested populations in the same cell that pinch
 * it; false when no change within its neighbourhood can do it, or when none is needed there.
 */
function cheapestRepair(
  h: Highs,
  cell: AuditedCell,
  table: DisclosureTable,
  hidden: Map<Population, Map<string, SuppressionReason>>,
  tables: ReadonlyMap<Population, DisclosureTable>,
  p: Protection,
): Population[] | false {
  const changed = new Set(hideNestedPinches(cell.id, cell.required, table, hidden, tables));
  const pattern = hidden.get(table.population)!;
  const [low, high] = readerBounds(cell.id, table, hidden, tables, p.threshold);
  const up = Math.min(cell.required, high - cell.n);
  const down = Math.min(cell.required - up, cell.n - low);
  const reasonIfHidden = (id: string): SuppressionReason => (table.cells.get(id)!.small ? 'small_n' : 'secondary');
  const toHide = countsToHide(
    h,
    {
      table,
      hidden: pattern,
      bounds: (id) => readerBounds(id, table, hidden, tables, p.threshold),
      boundsIfHidden: (id) => readerBounds(id, table, hidden, tables, p.threshold, reasonIfHidden(id)),
    },
    cell.id,
    up,
    down,
  );
  for (const id of toHide ?? []) pattern.set(id, reasonIfHidden(id));
  if (toHide?.length) changed.add(table.population);
  return changed.size ? [...changed] : false;
}

/**
 * Hides the shown counts of nested populations in the same cell that lie closer to the count than
 * its required width: they pinch it whatever the equations allow. Returns the populations changed.
 */
function hideNestedPinches(
  id: string,
  need: number,
  table: DisclosureTable,
  hidden: Map<Population, Map<string, SuppressionReason>>,
  tables: ReadonlyMap<Population, DisclosureTable>,
): Population[] {
  const n = table.cells.get(id)!.n;
  return nestedWith(table.population).filter((other) => {
    const nested = tables.get(other)?.cells.get(id);
    if (!nested || hidden.get(other)!.has(id) || Math.abs(nested.n - n) >= need) return false;
    hidden.get(other)!.set(id, nested.small ? 'small_n' : 'secondary');
    return true;
  });
}

/**
 * What a reader knows of a hidden count before using the equations: its reason's side of the
 * threshold, and the shown counts of the populations it lies in or that lie in it, in the same cell.
 */
function readerBounds(
  id: string,
  table: DisclosureTable,
  hidden: ReadonlyMap<Population, ReadonlyMap<string, SuppressionReason>>,
  tables: ReadonlyMap<Population, DisclosureTable>,
  threshold: number,
  reason: SuppressionReason = hidden.get(table.population)!.get(id)!,
): [number, number] {
  let [low, high] = knownBounds(table.cells.get(id)!, reason, threshold);
  const shown = (population: Population) => {
    const cell = tables.get(population)?.cells.get(id);
    return cell && !hidden.get(population)!.has(id) ? cell.n : undefined;
  };
  for (const outer of containing(table.population)) {
    const n = shown(outer);
    if (n !== undefined) high = Math.min(high, n);
  }
  for (const inner of containedIn(table.population)) {
    const n = shown(inner);
    if (n !== undefined) low = Math.max(low, n);
  }
  return [low, Math.max(low, high)];
}

/** The populations a population lies in. */
function containing(population: Population): readonly Population[] {
  return nesting(population).containing;
}

/** The populations that lie in a population. */
function containedIn(population: Population): readonly Population[] {
  return nesting(population).containedIn;
}

function nestedWith(population: Population): readonly Population[] {
  return nesting(population).both;
}

const NESTING = new Map<Population, { containing: Population[]; containedIn: Population[]; both: Population[] }>();

/** The definitions' nesting, worked out once per population (the reader's bounds ask for it at every count). */
function nesting(population: Population) {
  let found = NESTING.get(population);
  if (!found) {
    const outer = (p: Population): Population[] => (p === 'episodes' ? [] : ['episodes', ...(CONTAINED_IN[p] ?? [])]);
    const containing = outer(population);
    const containedIn = POPULATION_FIGURES.map((f) => f.population).filter((q) => q !== population && outer(q).includes(population));
    NESTING.set(population, (found = { containing, containedIn, both: [...containing, ...containedIn] }));
  }
  return found;
}

/**
 * Hides more around a count the audit found unprotected, as little as will do: in each equation
 * within `radius` steps of it (its own equations first; through hidden counts when it fails again),
 * the smallest shown member that can absorb the required width above the threshold (else the
 * largest; the total only where no member is shown and the count has failed more than
 * TOTALS_FROM_RADIUS times, because totals are what readers use most);
 * the shown counts of nested populations in the same cell that pinch it; and the shown counts that
 * pinch a hidden partner in its own equations from below (a region's admission EQ-5D count under its
 * hidden episodes). Returns the populations changed.
 */
function repair(
  id: string,
  table: DisclosureTable,
  hidden: Map<Population, Map<string, SuppressionReason>>,
  tables: ReadonlyMap<Population, DisclosureTable>,
  p: Protection,
  radius: number,
): Population[] {
  const pattern = hidden.get(table.population)!;
  const need = requiredWidth(table.cells.get(id)!, pattern.get(id)!, p);
  const changed = new Set<Population>();
  const hide = (population: Population, cellId: string) => {
    const cell = tables.get(population)!.cells.get(cellId)!;
    hidden.get(population)!.set(cellId, cell.small ? 'small_n' : 'secondary');
    changed.add(population);
  };
  for (const e of equationsWithin(id, table, pattern, radius)) {
    const shown = e.members
      .filter((m) => !pattern.has(m))
      .map((m) => table.cells.get(m)!)
      .sort((a, b) => a.n - b.n);
    const pick = shown.find((c) => c.n - p.threshold >= need) ?? shown.at(-1);
    // A total is the last resort: while the repair can still reach further, it goes round it.
    const total = radius > TOTALS_FROM_RADIUS && !pattern.has(e.total) ? e.total : undefined;
    const next = pick?.id ?? total;
    if (next) hide(table.population, next);
  }
  for (const other of hideNestedPinches(id, need, table, hidden, tables)) changed.add(other);
  // Close by, only counts that leave a partner less than the required room; on the last resort,
  // every shown count above what a reader knows of a partner anyway.
  const pinches = (partner: string, n: number) =>
    radius === Infinity
      ? n > knownBounds(table.cells.get(partner)!, pattern.get(partner)!, p.threshold)[0]
      : table.cells.get(partner)!.n - n < need;
  const partners = new Set(equationsWithin(id, table, pattern, radius).flatMap((e) => [e.total, ...e.members]));
  for (const partner of partners) {
    if (partner === id || !pattern.has(partner)) continue;
    for (const inner of containedIn(table.population)) {
      const cell = tables.get(inner)?.cells.get(partner);
      if (cell && !hidden.get(inner)!.has(partner) && pinches(partner, cell.n)) hide(inner, partner);
    }
  }
  return [...changed];
}

/** The equations of a count, and (radius > 1) those reached from them through hidden counts. */
function equationsWithin(id: string, table: DisclosureTable, pattern: ReadonlyMap<string, SuppressionReason>, radius: number) {
  const byCell = equationsByCell(table);
  const equations = new Set<TableEquation>();
  const seen = new Set<string>([id]);
  let frontier = [id];
  for (let step = 0; step < radius && frontier.length; step++) {
    const next: string[] = [];
    for (const c of frontier) {
      for (const e of byCell.get(c) ?? []) {
        if (equations.has(e)) continue;
        equations.add(e);
        for (const other of [e.total, ...e.members]) {
          if (!pattern.has(other) || seen.has(other)) continue;
          seen.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return [...equations];
}

function failureOf(c: AuditedCell & { population: Population }): DisclosureFailure {
  const [scope, breakdown] = c.id.split('|');
  const figures = POPULATION_FIGURES.find((f) => f.population === c.population)!;
  const coverage = breakdown === COVERAGE_BREAKDOWN;
  return {
    scope,
    breakdown: coverage ? 'all' : breakdown,
    population: c.population,
    indicators: coverage ? ['completeness.coverage'] : [...figures.asN, ...figures.asEvents],
    reason: c.reason,
    low: c.low,
    high: c.high,
    required: c.required,
  };
}

/**
 * Which figure to hide in which table cell, and why: a figure is hidden where the count it rests on
 * is hidden, with that count's reason, and where its numerator is a hidden count ('secondary').
 * Coverage is keyed 'completeness.coverage' by scope.
 */
export function figureDecisions(
  hidden: ReadonlyMap<Population, ReadonlyMap<string, SuppressionReason>>,
): Map<string, Map<string, SuppressionReason>> {
  const decisions = new Map<string, Map<string, SuppressionReason>>();
  const decide = (figure: string, id: string, reason: SuppressionReason) => {
    let d = decisions.get(figure);
    if (!d) decisions.set(figure, (d = new Map()));
    if (!d.has(id)) d.set(id, reason);
  };
  for (const f of POPULATION_FIGURES) {
    for (const [id, reason] of hidden.get(f.population) ?? []) {
      const [scope, breakdown] = id.split('|');
      if (breakdown === COVERAGE_BREAKDOWN) decide('completeness.coverage', scope, reason);
      else for (const figure of f.asN) decide(figure, id, reason);
    }
  }
  for (const f of POPULATION_FIGURES) {
    for (const id of (hidden.get(f.population) ?? new Map()).keys()) for (const figure of f.asEvents) decide(figure, id, 'secondary');
  }
  return decisions;
}
