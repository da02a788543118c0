/**
 * Small-number suppression of published cells. Primary: a cell whose count is below the threshold
 * (zeros included) is hidden. Secondary: published totals give back hidden cells (a region's total
 * minus its visible institutions), so cells linked to a hidden one by an equation total = Σ members
 * are hidden too, until every hidden count can move by the protection margin in every equation it
 * is in, with its partners absorbing the move within what a reader knows of them (their bounds).
 * This is the usual heuristic of statistical disclosure control (Hundepool et al., Statistical
 * Disclosure Control, Wiley 2012, ch. 4); it looks at one equation at a time, so the choice is
 * verified afterwards by the linear-programming audit over all equations (../disclosure).
 */
import { DEFAULT_INDICATOR_PARAMETERS } from '../settings/indicator-parameters';

export type SuppressionReason = 'small_n' | 'secondary';

/** A count that is published unless hidden. Ids are unique within one linked table. */
export interface TableCell {
  id: string;
  n: number;
  /** Below the threshold, in any figure that shows this count: hidden whatever else happens. */
  small: boolean;
  /** What a reader knows of the count however it is published (1 for the episodes of a table that exists). */
  floor: number;
  /**
   * Whether the reason shown with the hidden count says which side of the threshold it is on
   * ('small_n' below, 'secondary' at or above): true where some figure has this count as its n.
   */
  reasonTells: boolean;
}

/** total = Σ members, with every one of them a cell of the table. */
export interface TableEquation {
  total: string;
  members: readonly string[];
}

export interface LinkedTable {
  cells: ReadonlyMap<string, TableCell>;
  equations: readonly TableEquation[];
}

export interface Protection {
  threshold: number;
  /** Every hidden count's feasible interval must span 2 × margin (or all the reader allows it). */
  margin: number;
}

/** A figure as published: either its value with n, or why it is hidden. */
export type PublishedCell<T> = { suppressed: null; n: number; value: T } | { suppressed: SuppressionReason; n: null; value: null };

export function isSmallCell(n: number, threshold: number = DEFAULT_INDICATOR_PARAMETERS.suppressionThreshold): boolean {
  return n < threshold;
}

/** Primary suppression of a single figure that belongs to no table. */
export function suppressSmallCell<T>(
  n: number,
  value: T,
  threshold: number = DEFAULT_INDICATOR_PARAMETERS.suppressionThreshold,
): PublishedCell<T> {
  return isSmallCell(n, threshold) ? { suppressed: 'small_n', n: null, value: null } : { suppressed: null, n, value };
}

/** What a reader knows of a hidden count from its reason and its floor: [lower, upper]. */
export function knownBounds(cell: TableCell, reason: SuppressionReason, threshold: number): [number, number] {
  if (!cell.reasonTells) return [cell.floor, Infinity];
  return reason === 'small_n' ? [cell.floor, Math.max(cell.floor, threshold - 1)] : [Math.max(cell.floor, threshold), Infinity];
}

/**
 * How wide a hidden count's feasible interval must be: 2 × margin, or the whole range its reason
 * leaves when that is narrower (a threshold of 5 leaves 0–4 for a small cell).
 */
export function requiredWidth(cell: TableCell, reason: SuppressionReason, p: Protection): number {
  const [low, high] = knownBounds(cell, reason, p.threshold);
  return Math.min(2 * p.margin, high - low);
}

/** Primary suppression: every cell below the threshold. */
export function primarySuppression(table: LinkedTable): Map<string, SuppressionReason> {
  return new Map([...table.cells.values()].filter((c) => c.small).map((c) => [c.id, 'small_n'] as const));
}

/**
 * Adds secondary suppressions to `hidden` (in place, and returned) until, in every equation, each
 * hidden member can move up and down with its hidden partners absorbing the move, so that its
 * interval in that equation spans its required width. The partner added is the smallest visible
 * member that makes up the shortfall alone, else the total if it does (totals are the figures
 * readers use most), else the member that makes up most of it.
 */
export function secondarySuppression(
  table: LinkedTable,
  hidden: Map<string, SuppressionReason>,
  p: Protection,
): Map<string, SuppressionReason> {
  const equationsOf = new Map<string, TableEquation[]>();
  for (const e of table.equations) for (const id of [e.total, ...e.members]) equationsOf.set(id, [...(equationsOf.get(id) ?? []), e]);
  const queue = table.equations.filter((e) => [e.total, ...e.members].some((id) => hidden.has(id)));
  const queued = new Set(queue);
  while (queue.length) {
    const e = queue.pop()!;
    queued.delete(e);
    for (const added of protectEquation(table, e, hidden, p)) {
      for (const other of equationsOf.get(added) ?? []) {
        if (queued.has(other)) continue;
        queue.push(other);
        queued.add(other);
      }
    }
  }
  return hidden;
}

/** Hides partners in one equation until each hidden member's local interval is wide enough; returns the ids it hid. */
function protectEquation(table: LinkedTable, e: TableEquation, hidden: Map<string, SuppressionReason>, p: Protection): string[] {
  const added: string[] = [];
  for (;;) {
    const short = [e.total, ...e.members].find(
      (id) => hidden.has(id) && localWidth(table, e, id, hidden, p) < required(table, id, hidden, p),
    );
    if (!short) return added;
    const next = bestPartner(table, e, short, hidden, p);
    if (!next) return added; // nothing left to hide here; the audit reports what remains
    hidden.set(next, 'secondary');
    added.push(next);
  }
}

function required(table: LinkedTable, id: string, hidden: ReadonlyMap<string, SuppressionReason>, p: Protection): number {
  return requiredWidth(table.cells.get(id)!, hidden.get(id)!, p);
}

/** How far x can go up and down within one equation, its hidden partners moving within their bounds. */
function localWidth(
  table: LinkedTable,
  e: TableEquation,
  x: string,
  hidden: ReadonlyMap<string, SuppressionReason>,
  p: Protection,
): number {
  const slack = (id: string) => {
    const cell = table.cells.get(id)!;
    const [low, high] = knownBounds(cell, hidden.get(id)!, p.threshold);
    return { up: high - cell.n, down: cell.n - low };
  };
  const sign = (id: string) => (id === e.total ? -1 : 1);
  const own = slack(x);
  let capacityUp = 0;
  let capacityDown = 0;
  for (const y of [e.total, ...e.members]) {
    if (y === x || !hidden.has(y)) continue;
    const s = slack(y);
    // On x's side of the equation a partner moves against x; on the other side, with it.
    capacityUp += sign(y) === sign(x) ? s.down : s.up;
    capacityDown += sign(y) === sign(x) ? s.up : s.down;
  }
  return Math.min(own.up, capacityUp) + Math.min(own.down, capacityDown);
}

function bestPartner(
  table: LinkedTable,
  e: TableEquation,
  x: string,
  hidden: Map<string, SuppressionReason>,
  p: Protection,
): string | undefined {
  const need = required(table, x, hidden, p);
  const widthWith = (id: string) => {
    hidden.set(id, 'secondary');
    const width = localWidth(table, e, x, hidden, p);
    hidden.delete(id);
    return width;
  };
  const before = localWidth(table, e, x, hidden, p);
  const members = e.members
    .filter((id) => !hidden.has(id))
    .map((id) => ({ id, n: table.cells.get(id)!.n, width: widthWith(id) }))
    .filter((m) => m.width > before);
  const enough = members.filter((m) => m.width >= need).sort((a, b) => a.n - b.n || a.id.localeCompare(b.id));
  if (enough.length) return enough[0].id;
  const total = !hidden.has(e.total) && x !== e.total ? widthWith(e.total) : before;
  if (total >= need) return e.total;
  const most = members.sort((a, b) => b.width - a.width || a.n - b.n || a.id.localeCompare(b.id));
  if (most.length) return most[0].id;
  return total > before ? e.total : undefined;
}
