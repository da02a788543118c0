/**
 * When a cube serves a request: it was built for the same settings (a change of any of them builds
 * a different cube) and of at least the parts asked for, and it is exact, unless the caller accepts
 * a national reference up to some minutes old. The SQL side decides by these (indicator_live_cube).
 */
import type { IndicatorSettings } from '../settings/indicator-settings';
import { CUBE_PARTS, type CubePart } from './cube-cells';

/** What a cube depends on besides the data; a change of any of these builds a different cube. */
export interface CubeSettings {
  valueSet: string;
  eq5dMid: number;
  barthelMcid: number;
  barthelIndependenceThreshold: number;
  /** What the cube sums (CUBE_PARTS order); measures of other parts are 0 in its cells. */
  parts: readonly CubePart[];
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
