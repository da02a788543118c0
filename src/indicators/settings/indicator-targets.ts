/**
 * Minimum requirements and targets (INDICATORS.md "Targets"). Administrators set them (the
 * register's board decides them; see IndicatorSettingsService); until then only the completeness
 * indicators have defaults, at the levels Norwegian national quality registers use for coverage
 * (dekningsgrad): below 60% low, 60–80% moderate, 80% and above high.
 */
import type { FieldError } from '../../common/problem';
import type { IndicatorUnit } from '../indicator-spec';
import { INDICATOR_SPECS, indicatorSpec, type IndicatorId } from '../indicator-specs';

export interface IndicatorTarget {
  /** The minimum requirement. */
  minimum: number;
  /** The target level; beyond the minimum in the indicator's better direction. */
  target: number;
}

export type IndicatorTargets = Readonly<Partial<Record<IndicatorId, IndicatorTarget>>>;

/** `below_minimum` → `minimum_met` → `target_met`, whichever direction is better. */
export type Zone = 'below_minimum' | 'minimum_met' | 'target_met';

export const DEFAULT_INDICATOR_TARGETS: IndicatorTargets = Object.freeze(
  Object.fromEntries(INDICATOR_SPECS.flatMap((spec) => (spec.defaultTarget ? [[spec.id, spec.defaultTarget]] : []))),
);

/**
 * Which zone a value falls in; null where the indicator has no target, no better direction, or
 * no value. Meeting a level exactly counts as meeting it.
 */
export function zoneOf(id: IndicatorId, value: number | null | undefined, targets: IndicatorTargets): Zone | null {
  const target = targets[id];
  const higherIsBetter = indicatorSpec(id).higherIsBetter;
  if (!target || value === null || value === undefined || higherIsBetter === null) return null;
  const atLeast = (a: number, b: number) => (higherIsBetter ? a >= b : a <= b);
  if (atLeast(value, target.target)) return 'target_met';
  if (atLeast(value, target.minimum)) return 'minimum_met';
  return 'below_minimum';
}

/** The values a target of each unit may take: shares in [0, 1], changes within the scale's span. */
const TARGET_RANGES: Readonly<Record<IndicatorUnit, readonly [number, number]>> = {
  share: [0, 1],
  'EQ-5D index': [-2, 2],
  'EQ VAS points': [-100, 100],
  'Barthel points': [-100, 100],
  days: [0, 3650],
  ratio: [0, 2],
};

/** The indicators a target can be set for: those where one direction is better. */
export const TARGETABLE_INDICATORS: readonly IndicatorId[] = INDICATOR_SPECS.filter((d) => d.higherIsBetter !== null).map((d) => d.id);

export interface TargetEntry extends IndicatorTarget {
  indicator: IndicatorId;
}

/**
 * What is wrong with a list of targets (empty when nothing), as field errors under `path`
 * (e.g. `/targets`): an indicator with no better direction or listed twice, a level outside the
 * unit's range, a target that is not beyond the minimum in the better direction.
 */
export function targetErrors(entries: readonly TargetEntry[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<IndicatorId>();
  entries.forEach((entry, i) => {
    const at = (field: string) => `${path}/${i}/${field}`;
    const definition = indicatorSpec(entry.indicator);
    if (definition.higherIsBetter === null) {
      errors.push({
        pointer: at('indicator'),
        detail: `${entry.indicator} has no better direction, so it takes no target; targets are for ${TARGETABLE_INDICATORS.join(', ')}`,
      });
      return;
    }
    if (seen.has(entry.indicator))
      errors.push({ pointer: at('indicator'), detail: `${entry.indicator} is listed twice; give each indicator one target` });
    seen.add(entry.indicator);
    const [low, high] = TARGET_RANGES[definition.unit];
    for (const field of ['minimum', 'target'] as const) {
      if (entry[field] < low || entry[field] > high)
        errors.push({
          pointer: at(field),
          detail: `${field} of ${entry.indicator} must lie between ${low} and ${high} (${definition.unit})`,
        });
    }
    const beyond = definition.higherIsBetter ? entry.target >= entry.minimum : entry.target <= entry.minimum;
    if (!beyond) {
      errors.push({
        pointer: at('target'),
        detail: `the target of ${entry.indicator} must be ${definition.higherIsBetter ? 'at least' : 'at most'} its minimum (${definition.higherIsBetter ? 'higher' : 'lower'} is better)`,
      });
    }
  });
  return errors;
}
