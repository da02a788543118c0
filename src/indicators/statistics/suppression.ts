/**
 * Small-number suppression of published cells. Primary: a cell with n below the threshold is
 * hidden. Secondary: a table publishes totals, and a total minus the visible cells of its group
 * gives back a lone hidden cell, so every group with a published total must hide none or at
 * least two of its members, the total counted (the classic rule for tables in statistical
 * disclosure control; Hundepool et al., Statistical Disclosure Control, Wiley 2012).
 */
import { DEFAULT_INDICATOR_PARAMETERS } from '../settings/indicator-parameters';

export type SuppressionReason = 'small_n' | 'secondary';

export interface SuppressionCell {
  /** Unique within the whole table: a cell in several groups (a row and a column) has one id. */
  id: string;
  n: number;
}

/**
 * Cells that add up to a total: institutions of a region, categories of a share, units of a
 * trust. A published total is a cell too, with n the sum of its cells', so it can be hidden
 * (when small, or when no other cell is left to hide) and can appear as a cell of a parent group.
 */
export type SuppressionGroup =
  | { cells: readonly SuppressionCell[]; totalPublished: false }
  | { cells: readonly SuppressionCell[]; totalPublished: true; totalId: string };

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
  return isSmallCell(n, threshold) ? hidden('small_n') : { suppressed: null, n, value };
}

/** A table cell as published, given the result of suppressTable. */
export function publishCell<T>(id: string, n: number, value: T, suppressed: ReadonlyMap<string, SuppressionReason>): PublishedCell<T> {
  const reason = suppressed.get(id);
  return reason ? hidden(reason) : { suppressed: null, n, value };
}

/**
 * The ids to hide in a table and why. Each group with a published total is an equation,
 * total = Σ cells, and an equation with exactly one hidden member gives that member away, be it
 * a cell or the total (a hidden region total is the sum of its visible institutions). So such a
 * group also hides its smallest visible cell (the first in input order on a tie; the total only
 * when no cell is left). Repeated until nothing changes, because hiding a cell of a row can leave
 * its column, or a parent group, with one hidden member. No single equation then reveals a cell;
 * like the usual rule, this does not audit every combination of equations in a multi-way table.
 */
export function suppressTable(
  groups: readonly SuppressionGroup[],
  threshold: number = DEFAULT_INDICATOR_PARAMETERS.suppressionThreshold,
): Map<string, SuppressionReason> {
  const suppressed = new Map<string, SuppressionReason>();
  for (const group of groups) {
    for (const cell of group.cells) if (isSmallCell(cell.n, threshold)) suppressed.set(cell.id, 'small_n');
    if (group.totalPublished && isSmallCell(totalOf(group), threshold)) suppressed.set(group.totalId, 'small_n');
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const group of groups) {
      if (!group.totalPublished) continue;
      const visible = group.cells.filter((cell) => !suppressed.has(cell.id));
      const hiddenMembers = group.cells.length - visible.length + (suppressed.has(group.totalId) ? 1 : 0);
      if (hiddenMembers !== 1) continue;
      const smallest = visible.reduce<SuppressionCell | undefined>((best, cell) => (!best || cell.n < best.n ? cell : best), undefined);
      const next = smallest ? smallest.id : group.totalId;
      if (suppressed.has(next)) continue; // a group of no cells whose total is already hidden
      suppressed.set(next, 'secondary');
      changed = true;
    }
  }
  return suppressed;
}

function totalOf(group: SuppressionGroup): number {
  return group.cells.reduce((sum, cell) => sum + cell.n, 0);
}

function hidden(reason: SuppressionReason): { suppressed: SuppressionReason; n: null; value: null } {
  return { suppressed: reason, n: null, value: null };
}
