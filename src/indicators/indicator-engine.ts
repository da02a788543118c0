/**
 * From summed cells to the indicators of INDICATORS.md: pure functions, no database. What each
 * indicator computes is in its spec (indicator-specs.ts); this file runs the specs over a scope's
 * sums, says which zone each figure falls in, and how a figure looks when published or suppressed.
 */
import { caseMixCell, type CubeCell, type Sums } from './cube/cube-cells';
import {
  meanFigure,
  partFigure,
  plainFigure,
  proportionFigure,
  type Figure,
  type FigureWithParts,
  type PartFigure,
  type SuppressionReason,
} from './figures';
import type { Filters } from './indicator-query';
import type { CompletenessInput, FigureInput, IndicatorSpec } from './indicator-spec';
import { INDICATOR_IDS, INDICATOR_SPECS, type CellMeasure, type IndicatorId } from './indicator-specs';
import type { IndicatorParameters } from './settings/indicator-parameters';
import { zoneOf, type IndicatorTarget, type IndicatorTargets } from './settings/indicator-targets';
import type { LinearModel } from './statistics/case-mix';
import {
  addResiduals,
  cellResiduals,
  fitLinearModelFromMoments,
  momentsOfCells,
  NO_RESIDUALS,
  type ResidualSums,
} from './statistics/case-mix-moments';
import type { HistogramBin } from './statistics/histogram';

export type { CompletenessInput };

type Spec = IndicatorSpec<IndicatorId, CellMeasure>;

export interface IndicatorResult extends Figure {
  id: IndicatorId;
  title: string;
  definition: string;
  kind: Spec['kind'];
  unit: Spec['unit'];
  higherIsBetter: boolean | null;
  /** The EQ-5D-5L value set behind the figure, where it uses one. */
  valueSet: { id: string; name: string } | null;
  /** The configured parameters the definition uses, with the values in force. */
  parameters: Partial<IndicatorParameters>;
  target: IndicatorTarget | null;
  parts?: PartFigure[];
}

export interface ScopeAggregates {
  sums: Sums;
  /** Residuals of the case-mix model over the scope's paired EQ-5D index episodes. */
  residuals: ResidualSums | null;
  los: HistogramBin[];
  wait: HistogramBin[];
}

export interface EngineContext {
  parameters: IndicatorParameters;
  /** Minimum requirements and targets in force: each figure says which zone it falls in. */
  targets: IndicatorTargets;
  valueSet: { id: string; name: string };
  model: LinearModel | null;
  /** National sums with the same filters: the national mean the adjusted value is centred on. */
  national: Sums;
  /** Whether the case-mix model has the filters as covariates (caseMixCovers); default true. */
  caseMixCovers?: boolean;
}

/**
 * The n each figure rests on, by figure key (`id` or `id:part`), for suppression and for counting
 * contributing institutions. Participation and coverage are absent: they count institutions and
 * registrations, not patients' outcomes, and are never suppressed.
 */
export const FIGURE_N: Readonly<Record<string, (s: Sums) => number>> = Object.freeze(
  Object.fromEntries(
    INDICATOR_SPECS.flatMap((spec) =>
      spec.n ? [[spec.id, spec.n.count], ...(spec.parts ?? []).map((p) => [`${spec.id}:${p.part}`, p.n.count])] : [],
    ),
  ),
);

/**
 * The period's case-mix model from national cells (grouped at least by age band, sex, programme
 * and setting); null when there are too few paired episodes to estimate it.
 */
export function fitCaseMixModel(cells: readonly CubeCell[]): LinearModel | null {
  const moments = momentsOfCells(cells.filter((c) => c.index_n > 0).map(caseMixCell));
  if (moments.n === 0) return null;
  try {
    return fitLinearModelFromMoments(moments);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** The filters (breakdowns) the case-mix model has as covariates: programme group and setting, not service level. */
const CASE_MIX_FILTERS: readonly string[] = ['programme', 'setting'];

/**
 * Whether the case-mix model adjusts within a breakdown. Only then do its residuals sum to zero
 * nationally there, so the national adjusted figure is the national mean and table and funnel agree.
 * Under service level, which the model lacks, observed − expected carries the level's own difference
 * (docs/indicators.md, "Adjusted figures and breakdowns"), so no adjusted figure is published or
 * shown for it. `breakdown` is a published table's key ('all', 'setting:day', ...).
 */
export function caseMixCovers(breakdownOrFilters: string | Filters): boolean {
  const filters =
    typeof breakdownOrFilters === 'string'
      ? breakdownOrFilters === 'all'
        ? []
        : [breakdownOrFilters.split(':')[0]]
      : Object.keys(breakdownOrFilters).filter((k) => breakdownOrFilters[k as keyof Filters] !== undefined);
  return filters.every((f) => CASE_MIX_FILTERS.includes(f));
}

/** Σ expected, Σ residual and Σ residual² of the model over cells grouped at least by the case-mix keys. */
export function residualsOf(cells: readonly CubeCell[], model: LinearModel): ResidualSums {
  return cells
    .filter((c) => c.index_n > 0)
    .reduce((total, c) => addResiduals(total, cellResiduals(model, caseMixCell(c))), { ...NO_RESIDUALS });
}

/** The figures of the indicators `ids` (default all, in definition order) from a scope's aggregates. */
export function computeIndicators(
  scope: ScopeAggregates,
  completeness: CompletenessInput,
  ctx: EngineContext,
  ids: readonly IndicatorId[] = INDICATOR_IDS,
): IndicatorResult[] {
  const input = {
    ...scope,
    completeness,
    parameters: ctx.parameters,
    model: ctx.model,
    national: ctx.national,
    caseMixCovers: ctx.caseMixCovers ?? true,
  };
  return INDICATOR_SPECS.filter((spec) => ids.includes(spec.id)).map((spec) => ({
    ...describe(spec, ctx),
    ...withZones(spec, figureOf(spec, input), ctx.targets),
  }));
}

/** One indicator's figure: its value by its rule, or its n with the parts' shares. */
function figureOf(spec: Spec, input: FigureInput<CellMeasure>): FigureWithParts {
  const s = input.sums;
  const rule = spec.value;
  const n = spec.n ? spec.n.count(s) : null;
  if (rule && 'compute' in rule) return rule.compute(input);
  if (rule && 'events' in rule) return proportionFigure(rule.events(s), n!);
  if (rule) return meanFigure(n!, rule.sum(s), rule.sum2(s));
  return { ...plainFigure(n), parts: (spec.parts ?? []).map((p) => partFigure(p.part, proportionFigure(p.events(s), p.n.count(s)))) };
}

function describe(d: Spec, ctx: EngineContext): Omit<IndicatorResult, keyof Figure> {
  return {
    id: d.id,
    title: d.title,
    definition: d.definition,
    kind: d.kind,
    unit: d.unit,
    higherIsBetter: d.higherIsBetter,
    valueSet: d.usesValueSet ? ctx.valueSet : null,
    parameters: Object.fromEntries(d.parameters.map((name) => [name, ctx.parameters[name]])),
    target: ctx.targets[d.id] ?? null,
  };
}

/** Where one direction is better, every figure (and part) says which zone its value falls in; null without a target. */
function withZones(d: Spec, f: FigureWithParts, targets: IndicatorTargets): FigureWithParts {
  if (d.higherIsBetter === null) return f;
  return {
    ...f,
    zone: zoneOf(d.id, f.value, targets),
    ...(f.parts ? { parts: f.parts.map((p) => ({ ...p, zone: zoneOf(d.id, p.value, targets) })) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Suppression of computed results.

/** Figure keys that suppression applies to (participation and coverage are about institutions, not patients). */
export function isSuppressible(figureKey: string): boolean {
  return figureKey in FIGURE_N;
}

/** A figure as published when hidden: no n, no value, nothing that could give either back. */
export function hide<T extends Figure>(figure: T, reason: SuppressionReason): T {
  const hidden: Figure = { n: null, value: null, suppressed: true, suppressionReason: reason };
  for (const key of ['ciLow', 'ciHigh', 'events', 'sd', 'q1', 'q3', 'shares', 'zone'] as const) if (key in figure) hidden[key] = null;
  return { ...figure, ...hidden, parts: undefined } as T;
}

/**
 * Applies a decision (figure key → reason or null) to every figure of a report. A hidden
 * indicator hides its parts too; a part can be hidden on its own.
 */
export function applySuppression(results: IndicatorResult[], decide: (figureKey: string) => SuppressionReason | null): IndicatorResult[] {
  return results.map((result) => {
    if (result.suppressed) return result; // the first reason stands
    const reason = isSuppressible(result.id) ? decide(result.id) : null;
    // A part's own reason goes first: its n may be another population than the indicator's
    // (stroke episodes for mRS completeness), and a reason tells the reader which side of the threshold it is on.
    if (reason) return { ...hide(result, reason), parts: result.parts?.map((p) => hide(p, decide(`${result.id}:${p.part}`) ?? reason)) };
    if (!result.parts) return result;
    return {
      ...result,
      parts: result.parts.map((p) => {
        const partReason = p.suppressed ? null : decide(`${result.id}:${p.part}`);
        return partReason ? hide(p, partReason) : p;
      }),
    };
  });
}

/** Primary suppression: every figure resting on fewer than `threshold` episodes. */
export function suppressSmallFigures(results: IndicatorResult[], sums: Sums, threshold: number): IndicatorResult[] {
  return applySuppression(results, (key) => (FIGURE_N[key] && FIGURE_N[key](sums) < threshold ? 'small_n' : null));
}

/** The contributor rule of live aggregates (docs/indicators.md, "Live figures of other scopes"). */
export interface ContributorRule {
  /** At least this many institutions contribute to a shown figure (own included). */
  minContributors: number;
  /** No other institution has more than this share of the other institutions' episodes of a figure. */
  maxShare: number;
}

/**
 * A live aggregate over institutions (a region, the nation) shown to someone outside the
 * register's administration, before publication. The viewer can subtract their own institutions'
 * figures, so what the aggregate tells them is the sum over the *other* contributing institutions,
 * and that sum must not be one institution's unpublished result. Per figure:
 * - no other institution contributes: the figure is the viewer's own, shown;
 * - exactly one other, and the viewer's own contribute: 'few_institutions' (own minus region is that one);
 * - fewer than `minContributors` institutions in all: 'contributors';
 * - one other institution has more than `maxShare` of the others' episodes: 'dominance'.
 * `perInstitution` are the selection's sums by institution.
 */
export function suppressFewContributors(
  results: IndicatorResult[],
  perInstitution: readonly (Sums & { institutionId?: string })[],
  own: readonly string[],
  rule: ContributorRule,
): IndicatorResult[] {
  return applySuppression(results, (key) => {
    const nOf = FIGURE_N[key];
    if (!nOf) return null;
    return contributorReason(
      perInstitution.filter((c) => own.includes(c.institutionId!)).map(nOf),
      perInstitution.filter((c) => !own.includes(c.institutionId!)).map(nOf),
      rule,
    );
  });
}

/** The contributor rule for one figure, from the viewer's institutions' n and the other institutions' n. */
export function contributorReason(ownN: readonly number[], otherN: readonly number[], rule: ContributorRule): SuppressionReason | null {
  const others = otherN.filter((n) => n > 0);
  const ownContributors = ownN.filter((n) => n > 0).length;
  if (others.length === 0) return null;
  if (others.length === 1 && ownContributors > 0) return 'few_institutions';
  if (others.length + ownContributors < rule.minContributors) return 'contributors';
  const total = others.reduce((sum, n) => sum + n, 0);
  return Math.max(...others) > rule.maxShare * total ? 'dominance' : null;
}

/** Drops undefined keys (JSON would drop them anyway; tests compare objects). */
export function compact<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
