/**
 * The settings every figure is computed with: the parameters and targets an administrator set
 * (IndicatorSettingsService), else the defaults of indicator-parameters.ts and the indicator specs.
 * A publication records the values in force when it was published, and a cube is built for one set
 * of settings, so a change never mixes figures computed under different rules.
 */
import { DEFAULT_VALUE_SET_ID, listValueSets } from '../../instruments/eq5d.scoring';
import { DEFAULT_INDICATOR_PARAMETERS, type IndicatorParameters } from './indicator-parameters';
import { DEFAULT_INDICATOR_TARGETS, type IndicatorTargets } from './indicator-targets';

export interface IndicatorSettings {
  /** The stored version in force; 0 while only the defaults apply. */
  version: number;
  parameters: IndicatorParameters;
  targets: IndicatorTargets;
  /** Not a setting: responses are scored with the register's value set when they arrive. */
  valueSet: { id: string; name: string };
}

export function defaultIndicatorSettings(): IndicatorSettings {
  const set = listValueSets().find((v) => v.id === DEFAULT_VALUE_SET_ID)!;
  return {
    version: 0,
    parameters: { ...DEFAULT_INDICATOR_PARAMETERS },
    targets: DEFAULT_INDICATOR_TARGETS,
    valueSet: { id: set.id, name: set.name },
  };
}
