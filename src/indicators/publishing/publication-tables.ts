/**
 * A publication as one table per figure: scopes (the nation, each region, each
 * institution) × breakdowns (all, each programme group, setting and service level). Everything is
 * computed from the frozen cube's cells at once, then disclosure control chooses what to hide
 * across every table of the publication together and audits the choice (../disclosure), so no
 * published total, numerator or completeness count gives back a hidden count.
 * Pure: the publication service feeds it rows and stores what it returns.
 */
import { REGIONS } from '../../institutions/institution.entity';
import { PROGRAMMES, SERVICE_LEVELS, SETTINGS } from '../../episodes/episode.enums';
import { addSums, caseMixCell, emptySums, type CubeCell, type DaysRow, type Sums } from '../cube/cube-cells';
import {
  applySuppression,
  caseMixCovers,
  computeIndicators,
  FIGURE_N,
  hide,
  type CompletenessInput,
  type EngineContext,
  type IndicatorResult,
} from '../indicator-engine';
import type { SuppressionReason } from '../figures';
import type { InstitutionInfo } from '../institution-info';
import { computeFunnel, FUNNEL_SPECS, type FunnelData } from '../indicator-funnel';
import type { LinearModel } from '../statistics/case-mix';
import { cellResiduals, NO_RESIDUALS, type ResidualSums } from '../statistics/case-mix-moments';
import type { HistogramBin } from '../statistics/histogram';
import { figureDecisions, protectPublication, type DisclosureResult } from '../disclosure/disclosure-control';
import { buildDisclosureTables } from '../disclosure/disclosure-model';

export const BREAKDOWNS: readonly string[] = [
  'all',
  ...PROGRAMMES.map((p) => `programme:${p}`),
  ...SETTINGS.map((s) => `setting:${s}`),
  ...SERVICE_LEVELS.map((l) => `serviceLevel:${l}`),
];

export interface PublicationInput {
  cells: readonly CubeCell[];
  days: readonly DaysRow[];
  institutions: readonly InstitutionInfo[];
  expectations: readonly { institutionId: string; expectedEpisodes: number | null }[];
  model: LinearModel | null;
  context: Omit<EngineContext, 'national' | 'model'>;
}

export interface PublishedReport {
  scope: string;
  breakdown: string;
  indicators: IndicatorResult[];
}

export interface PublishedFunnelPoint {
  institutionId: string;
  name: string;
  region: string;
  suppressed: boolean;
  n: number | null;
  value: number | null;
  limits: FunnelData['points'][number]['limits'] | null;
  side: 'above' | 'below' | null;
  outside95: boolean | null;
  flagged: boolean | null;
  lowCoverage: boolean | null;
}

export interface PublishedFunnel extends Omit<FunnelData, 'points'> {
  breakdown: string;
  points: PublishedFunnelPoint[];
}

export interface PublicationTables {
  reports: PublishedReport[];
  funnels: PublishedFunnel[];
  /** What was hidden and the audit of it. */
  disclosure: DisclosureResult;
}

/** The values of a cell or days row that decide which published tables it counts in. */
interface Combination {
  institutionId?: string;
  programme?: string;
  setting?: string;
  serviceLevel?: string;
}

interface Accumulator {
  sums: Sums;
  residuals: ResidualSums;
  los: Map<number, number>;
  wait: Map<number, number>;
}

export function cellKey(scope: string, breakdown: string): string {
  return `${scope}|${breakdown}`;
}

export async function buildPublicationTables(input: PublicationInput): Promise<PublicationTables> {
  const regionOf = new Map(input.institutions.map((i) => [i.id, i.region]));
  const acc = new Map<string, Accumulator>();
  const get = (key: string) => {
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { sums: emptySums(), residuals: { ...NO_RESIDUALS }, los: new Map(), wait: new Map() }));
    return a;
  };
  const keysOf = (row: Combination) => {
    const scopes = ['national', `region:${regionOf.get(row.institutionId!)}`, `institution:${row.institutionId}`];
    const breakdowns = ['all', `programme:${row.programme}`, `setting:${row.setting}`, `serviceLevel:${row.serviceLevel}`];
    return scopes.flatMap((s) => breakdowns.map((b) => cellKey(s, b)));
  };
  // The twelve tables a row adds to depend only on its institution and breakdown values: look them
  // up once per combination, not once per row (at 1M episodes: ~37,000 cells and ~300,000 days rows).
  const targetsByCombination = new Map<string, Accumulator[]>();
  const targetsOf = (row: Combination) => {
    const combination = `${row.institutionId}|${row.programme}|${row.setting}|${row.serviceLevel}`;
    let targets = targetsByCombination.get(combination);
    if (!targets) targetsByCombination.set(combination, (targets = keysOf(row).map(get)));
    return targets;
  };
  for (const cell of input.cells) {
    const residuals = input.model && cell.index_n > 0 ? cellResiduals(input.model, caseMixCell(cell)) : null;
    for (const a of targetsOf(cell)) {
      addSums(a.sums, cell);
      if (residuals) addResidualsInto(a.residuals, residuals);
    }
  }
  for (const row of input.days) {
    for (const a of targetsOf(row)) {
      const histogram = a[row.measure];
      histogram.set(row.days, (histogram.get(row.days) ?? 0) + row.count);
    }
  }

  const scopes = ['national', ...REGIONS.map((r) => `region:${r}`), ...input.institutions.map((i) => `institution:${i.id}`)];
  const completeness = completenessByScope(input, acc);
  const { decisions, disclosure } = await disclosureControl(input, acc);
  const threshold = input.context.parameters.suppressionThreshold;

  const reports: PublishedReport[] = [];
  for (const scope of scopes) {
    for (const breakdown of BREAKDOWNS) {
      const a = acc.get(cellKey(scope, breakdown));
      // Every scope publishes its 'all' table; a breakdown only where it has episodes.
      if (!a && breakdown !== 'all') continue;
      const here = a ?? get(cellKey(scope, breakdown));
      const national = acc.get(cellKey('national', breakdown))?.sums ?? emptySums();
      const results = computeIndicators(
        { sums: here.sums, residuals: input.model ? here.residuals : null, los: bins(here.los), wait: bins(here.wait) },
        completeness.get(scope) ?? { participation: null, coverage: null },
        { ...input.context, model: input.model, national, caseMixCovers: caseMixCovers(breakdown) },
      );
      const id = cellKey(scope, breakdown);
      // Zeros known without the table (by definition, or of a scope without episodes) are not
      // counts disclosure control protects, but they are hidden like any small count.
      const small = (figure: string) => (FIGURE_N[figure] && FIGURE_N[figure](here.sums) < threshold ? 'small_n' : null);
      const decide = (figure: string) => decisions.get(figure)?.get(id) ?? small(figure);
      const coverageHidden = decisions.get('completeness.coverage')?.get(scope);
      reports.push({
        scope,
        breakdown,
        indicators: applySuppression(results, decide).map((r) =>
          r.id === 'completeness.coverage' && coverageHidden ? hide(r, coverageHidden) : r,
        ),
      });
    }
  }
  return { reports, funnels: funnels(input, acc, decisions, completeness), disclosure };
}

/** In place: a publication adds millions of times, and fresh objects each time cost more than the sums. */
function addResidualsInto(into: ResidualSums, add: ResidualSums): void {
  into.n += add.n;
  into.sumExpected += add.sumExpected;
  into.sumResidual += add.sumResidual;
  into.sumResidual2 += add.sumResidual2;
}

function bins(histogram: Map<number, number>): HistogramBin[] {
  return [...histogram.entries()].map(([value, count]) => ({ value, count }));
}

/**
 * Participation and coverage per scope. They count institutions and registrations, whatever the
 * breakdown, so every breakdown of a scope shows the same figures.
 */
function completenessByScope(input: PublicationInput, acc: Map<string, Accumulator>): Map<string, CompletenessInput> {
  const regionOf = new Map(input.institutions.map((i) => [i.id, i.region]));
  const result = new Map<string, CompletenessInput>();
  const registered = (institutionId: string) => acc.get(cellKey(`institution:${institutionId}`, 'all'))?.sums.episodes ?? 0;
  const scopeOf = (institutionId: string) => ['national', `region:${regionOf.get(institutionId)}`, `institution:${institutionId}`];
  for (const e of input.expectations) {
    for (const scope of scopeOf(e.institutionId)) {
      const c = result.get(scope) ?? { participation: { expected: 0, reported: 0 }, coverage: null };
      c.participation!.expected += 1;
      if (registered(e.institutionId) > 0) c.participation!.reported += 1;
      if (e.expectedEpisodes !== null) {
        c.coverage = c.coverage ?? { expected: 0, registered: 0 };
        c.coverage.expected += e.expectedEpisodes;
        c.coverage.registered += registered(e.institutionId);
      }
      result.set(scope, c);
    }
  }
  return result;
}

/**
 * Disclosure control over every count the publication shows (../disclosure): which figure to hide
 * in which table cell, and the audit of that choice.
 */
async function disclosureControl(
  input: PublicationInput,
  acc: Map<string, Accumulator>,
): Promise<{ decisions: Map<string, Map<string, SuppressionReason>>; disclosure: DisclosureResult }> {
  const institutionsByRegion = new Map<string, string[]>();
  for (const i of input.institutions) institutionsByRegion.set(i.region, [...(institutionsByRegion.get(i.region) ?? []), i.id]);
  const parameters = input.context.parameters;
  const tables = buildDisclosureTables({
    sums: (scope, breakdown) => acc.get(cellKey(scope, breakdown))?.sums,
    regions: REGIONS,
    institutionsByRegion,
    breakdowns: BREAKDOWNS,
    coverageInstitutions: new Set(input.expectations.filter((e) => e.expectedEpisodes !== null).map((e) => e.institutionId)),
    threshold: parameters.suppressionThreshold,
  });
  const disclosure = await protectPublication(tables, { threshold: parameters.suppressionThreshold, margin: parameters.protectionMargin });
  return { decisions: figureDecisions(disclosure.hidden), disclosure };
}

function funnels(
  input: PublicationInput,
  acc: Map<string, Accumulator>,
  decisions: Map<string, Map<string, SuppressionReason>>,
  completeness: Map<string, CompletenessInput>,
): PublishedFunnel[] {
  const out: PublishedFunnel[] = [];
  const info = new Map(input.institutions.map((i) => [i.id, i]));
  const warning = input.context.parameters.coverageWarning;
  for (const breakdown of BREAKDOWNS) {
    const national = acc.get(cellKey('national', breakdown));
    if (!national) continue;
    const units = input.institutions.flatMap((i) => {
      const a = acc.get(cellKey(`institution:${i.id}`, breakdown));
      return a ? [{ institutionId: i.id, sums: a.sums, residuals: input.model ? a.residuals : null }] : [];
    });
    for (const figure of Object.keys(FUNNEL_SPECS)) {
      const data = computeFunnel(
        figure,
        units,
        { sums: national.sums, residuals: input.model && caseMixCovers(breakdown) ? national.residuals : null },
        input.context.targets,
        input.context.parameters.overdispersionMinInstitutions,
      );
      if (!data) continue;
      const hidden = decisions.get(figure) ?? decisions.get(figure.split(':')[0]);
      out.push({
        ...data,
        breakdown,
        points: data.points.map((p) => {
          const institution = info.get(p.institutionId)!;
          const coverage = completeness.get(`institution:${p.institutionId}`)?.coverage;
          const lowCoverage = coverage && coverage.expected > 0 ? coverage.registered / coverage.expected < warning : null;
          const base = { institutionId: p.institutionId, name: institution.name, region: institution.region, lowCoverage };
          if (hidden?.has(cellKey(`institution:${p.institutionId}`, breakdown))) {
            return { ...base, suppressed: true, n: null, value: null, limits: null, side: null, outside95: null, flagged: null };
          }
          return {
            ...base,
            suppressed: false,
            n: p.n,
            value: p.value,
            limits: p.limits,
            side: p.side,
            outside95: p.outside95,
            flagged: p.flagged,
          };
        }),
      });
    }
  }
  return out;
}
