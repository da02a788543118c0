/**
 * Funnel plot data for one figure across institutions: each institution's value and n against
 * the national value's 95% and 99.8% limits at that n (statistics/funnel.ts does the maths,
 * including the overdispersion test and widened limits). Pure: sums in, points out.
 */
import type { Sums } from './cube/cube-cells';
import type { IndicatorSpec } from './indicator-spec';
import { INDICATOR_SPECS, indicatorSpec, type CellMeasure, type IndicatorId } from './indicator-specs';
import type { IndicatorTarget, IndicatorTargets } from './settings/indicator-targets';
import {
  meanFunnel,
  meanLimits,
  proportionFunnel,
  proportionLimits,
  type FunnelLimits,
  type Overdispersion,
  type WideningOf,
} from './statistics/funnel';
import { residualSd, type ResidualSums } from './statistics/case-mix-moments';
import { meanCiFromSums } from './statistics/summary';

type FunnelSpec =
  | { kind: 'proportion'; events: (s: Sums) => number; n: (s: Sums) => number }
  | { kind: 'mean'; n: (s: Sums) => number; sum: (s: Sums) => number; sum2: (s: Sums) => number }
  | { kind: 'adjusted' };

/** The figures a funnel can be drawn for, by figure key (`id` or `id:part`), from the specs. Medians, shares of institutions and coverage have none. */
export const FUNNEL_SPECS: Readonly<Record<string, FunnelSpec>> = Object.freeze(Object.fromEntries(INDICATOR_SPECS.flatMap(funnelsOf)));

/** The figure key of a funnel request: the part is needed where an indicator is reported per instrument or class (the first is the default). */
export function funnelKey(indicator: IndicatorId, part?: string): string | null {
  if (part) return FUNNEL_SPECS[`${indicator}:${part}`] ? `${indicator}:${part}` : null;
  return Object.keys(FUNNEL_SPECS).find((key) => key === indicator || key.startsWith(`${indicator}:`)) ?? null;
}

function funnelsOf(spec: IndicatorSpec<IndicatorId, CellMeasure>): [string, FunnelSpec][] {
  const { value, n } = spec;
  if (spec.funnel === 'adjusted') return [[spec.id, { kind: 'adjusted' }]];
  if (spec.funnel === 'value' && n && value && 'events' in value)
    return [[spec.id, { kind: 'proportion', events: value.events, n: n.count }]];
  if (spec.funnel === 'value' && n && value && 'sum' in value)
    return [[spec.id, { kind: 'mean', n: n.count, sum: value.sum, sum2: value.sum2 }]];
  if (spec.funnel === 'value') throw new Error(`${spec.id}: a funnel of the value needs a share or a mean`);
  const shares = [
    ...(spec.parts ?? []).filter((p) => p.funnel).map((p) => ({ part: p.part, events: p.events, n: p.n.count })),
    ...(spec.funnel ?? []),
  ];
  return shares.map((f) => [`${spec.id}:${f.part}`, { kind: 'proportion', events: f.events, n: f.n }]);
}

export interface FunnelUnit {
  institutionId: string;
  sums: Sums;
  residuals: ResidualSums | null;
}

export interface FunnelPointData {
  institutionId: string;
  n: number;
  value: number;
  limits: FunnelLimits;
  side: 'above' | 'below' | null;
  outside95: boolean;
  /** Outside the 99.8% limits. */
  flagged: boolean;
}

export interface FunnelData {
  figure: string;
  kind: 'proportion' | 'mean';
  /** The national value the limits are drawn around. */
  target: number;
  /** Means: the national SD of the individual values (of the residuals for the adjusted change). */
  sd: number | null;
  overdispersion: Overdispersion;
  /** When overdispersed, the limits are widened by τ² (additive random effects), or not for too few institutions, and this says so. */
  note: string | null;
  /** The indicator's minimum requirement and target in force, for shading; null without a target or a better direction. */
  zones: FunnelZones | null;
  points: FunnelPointData[];
}

export interface FunnelZones extends IndicatorTarget {
  higherIsBetter: boolean;
}

/** Null when the national data cannot carry a funnel (no events to centre on, or no spread). */
export function computeFunnel(
  figure: string,
  units: readonly FunnelUnit[],
  national: { sums: Sums; residuals: ResidualSums | null },
  targets: IndicatorTargets,
  minInstitutions: number,
): FunnelData | null {
  const options = { minInstitutions };
  const spec = FUNNEL_SPECS[figure];
  if (!spec) throw new RangeError(`no funnel for ${figure}`);
  let funnel;
  let sd: number | null = null;
  if (spec.kind === 'proportion') {
    const nationalN = spec.n(national.sums);
    if (nationalN === 0) return null;
    const with_ = units.filter((u) => spec.n(u.sums) > 0);
    funnel = proportionFunnel(
      with_.map((u) => ({ id: u.institutionId, events: spec.events(u.sums), n: spec.n(u.sums) })),
      spec.events(national.sums) / nationalN,
      options,
    );
  } else if (spec.kind === 'mean') {
    const m = meanCiFromSums(spec.n(national.sums), spec.sum(national.sums), spec.sum2(national.sums));
    if (m.mean === null || !m.sd) return null;
    sd = m.sd;
    const with_ = units.filter((u) => spec.n(u.sums) > 0);
    funnel = meanFunnel(
      with_.map((u) => ({ id: u.institutionId, mean: spec.sum(u.sums) / spec.n(u.sums), n: spec.n(u.sums) })),
      m.mean,
      m.sd,
      options,
    );
  } else {
    // Adjusted: observed − expected + national mean = mean residual + national mean; limits from the residual SD.
    if (!national.residuals || national.sums.index_n === 0) return null;
    sd = residualSd(national.residuals);
    if (!sd) return null;
    const nationalMean = national.sums.index_sum / national.sums.index_n;
    const with_ = units.filter((u) => u.residuals && u.residuals.n > 0);
    funnel = meanFunnel(
      with_.map((u) => ({ id: u.institutionId, mean: u.residuals!.sumResidual / u.residuals!.n + nationalMean, n: u.residuals!.n })),
      nationalMean,
      sd,
      options,
    );
  }
  const od = funnel.overdispersion;
  return {
    figure,
    kind: spec.kind === 'proportion' ? 'proportion' : 'mean',
    target: funnel.target,
    sd,
    overdispersion: od,
    note: overdispersionNote(od),
    zones: zonesOf(figure, targets),
    points: funnel.points.map((p) => ({
      institutionId: p.id,
      n: p.n,
      value: p.value,
      limits: p.limits,
      side: p.side,
      outside95: p.outside95,
      flagged: p.flagged,
    })),
  };
}

/** What the funnel says about its limits: widened, or not widened for too few institutions. */
function overdispersionNote(od: Overdispersion): string | null {
  const test = od.phi === null ? '' : `φ = ${od.phi.toFixed(2)}, p = ${od.pValue!.toPrecision(2)}`;
  if (od.tooFewInstitutions) {
    return `${od.overdispersed ? `Institutions vary more than chance allows (${test}), but only` : 'Only'} ${od.k} institution${od.k === 1 ? '' : 's'} (fewer than ${od.minInstitutions}): too few to estimate a between-institution variance, so the limits are not widened for overdispersion.`;
  }
  return od.overdispersed
    ? `Institutions vary more than chance allows (${test}); limits are widened by a between-institution variance τ² = ${od.tau2.toPrecision(3)} (additive random effects).`
    : null;
}

function zonesOf(figure: string, targets: IndicatorTargets): FunnelZones | null {
  const id = figure.split(':')[0] as IndicatorId;
  const target = targets[id];
  const { higherIsBetter } = indicatorSpec(id);
  return target && higherIsBetter !== null ? { ...target, higherIsBetter } : null;
}

/** What the limit curves of a funnel need: the national value, its kind, SD and overdispersion. */
export type FunnelShape = Pick<FunnelData, 'kind' | 'target' | 'sd'> & { overdispersion: WideningOf };

/**
 * The 95% and 99.8% limits along n from `from` to `to` (whole numbers, about `steps` of them,
 * closer together where the funnel is narrow-necked), to draw the funnel's curves; the same
 * functions give each institution's limits, so a point on a curve is on its limit.
 */
export function funnelCurve(shape: FunnelShape, from: number, to: number, steps = 120): FunnelLimits[] {
  const ns = new Set<number>();
  const low = Math.max(1, Math.floor(from));
  const high = Math.max(low, Math.ceil(to));
  for (let i = 0; i <= steps; i += 1) ns.add(Math.round(low * (high / low) ** (i / steps)));
  return [...ns]
    .sort((a, b) => a - b)
    .map((n) =>
      shape.kind === 'proportion'
        ? proportionLimits(shape.target, n, shape.overdispersion)
        : meanLimits(shape.target, shape.sd!, n, shape.overdispersion),
    );
}
