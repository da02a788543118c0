/**
 * Configured minimum requirements and targets (INDICATORS.md "Targets"). Defaults exist only for
 * the completeness indicators, at the levels Norwegian national quality registers use for
 * coverage (dekningsgrad): below 60% low, 60–80% moderate, 80% and above high. Outcome
 * indicators carry no default target: those are clinical decisions for the register's board.
 */
import { INDICATOR_DEFINITIONS, type IndicatorId } from './indicator-definitions';

export interface IndicatorTarget {
  /** The minimum requirement. */
  minimum: number;
  /** The target level; beyond the minimum in the indicator's better direction. */
  target: number;
}

/** `below_minimum` → `minimum_met` → `target_met`, whichever direction is better. */
export type Zone = 'below_minimum' | 'minimum_met' | 'target_met';

export const DEFAULT_INDICATOR_TARGETS: Readonly<Partial<Record<IndicatorId, IndicatorTarget>>> = Object.freeze({
  'completeness.admission': { minimum: 0.6, target: 0.8 },
  'completeness.paired': { minimum: 0.6, target: 0.8 },
  'completeness.participation': { minimum: 0.6, target: 0.8 },
  'completeness.coverage': { minimum: 0.6, target: 0.8 },
});

export function zoneOf(id: IndicatorId, value: number | null, targets = DEFAULT_INDICATOR_TARGETS): Zone | null {
  const target = targets[id];
  const higherIsBetter = INDICATOR_DEFINITIONS.find((d) => d.id === id)?.higherIsBetter;
  if (!target || value === null || higherIsBetter === null || higherIsBetter === undefined) return null;
  const better = (a: number, b: number) => (higherIsBetter ? a >= b : a <= b);
  if (better(value, target.target)) return 'target_met';
  if (better(value, target.minimum)) return 'minimum_met';
  return 'below_minimum';
}
