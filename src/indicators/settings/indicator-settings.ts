/**
 * The settings every figure is computed with: the parameters and targets an administrator set
 * (IndicatorSettingsService), else the defaults of indicator-parameters.ts and the indicator specs.
 * A snapshot records the values in force when it was published, and a cube is built for one set
 * of settings, so a change never mixes figures computed under different rules.
 */
import { DEFAULT_VALUE_SET_ID, listValueSets } from '../../instruments/eq5d.scoring';
import { CUBE_PARTS, type CubePart } from '../cube/cube-cells';
import type { CubeSettings } from '../cube/cube.repository';
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

/** The settings of a cube of these parts (all by default: publication and full reports). */
export function cubeSettings(settings: IndicatorSettings, parts: readonly CubePart[] = CUBE_PARTS): CubeSettings {
  const p = settings.parameters;
  return {
    valueSet: settings.valueSet.id,
    eq5dMid: p.eq5dMid,
    barthelMcid: p.barthelMcid,
    barthelIndependenceThreshold: p.barthelIndependenceThreshold,
    parts,
  };
}

/**
 * How old the national figures an institution's own live view is compared with (case-mix model,
 * national mean) may be. The institution's own figures are always exact; rebuilding the national
 * cube on every view would make each view as slow as a national computation whenever anyone,
 * anywhere, registered something in the period.
 */
export const NATIONAL_REFERENCE_MAX_AGE_SECONDS = 300;
