/**
 * Indicator results and funnels, live or as published. Who sees what:
 * - administrators: live figures of any scope, every institution named in funnels;
 * - staff and API clients: live figures of their own institution(s), of any region and of the
 *   nation (a live aggregate where exactly one other institution contributes is hidden, as it
 *   would give that institution away); another institution's figures only as published;
 * - everyone, without login (public routes): published snapshots only.
 * Every live read is audited ('indicators.read').
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Principal } from '../../auth/principal';
import { RequestContext } from '../../auth/request-context';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../../common/problem';
import { ScopedDb } from '../../database/scoped-db';
import type {
  FunnelDto,
  FunnelPointDto,
  FunnelQueryDto,
  FunnelReportDto,
  IndicatorQueryDto,
  IndicatorReportDto,
} from '../dto/indicator.dto';
import { remember } from '../bounded-cache';
import { CASE_MIX_KEYS, cubePartsFor, sumCells, type CubeCell } from '../cube/cube-cells';
import { INDICATOR_IDS, type IndicatorId } from '../indicator-specs';
import { IndicatorCubeRepository, type CellSelection } from '../cube/cube.repository';
import {
  compact,
  computeIndicators,
  fitCaseMixModel,
  residualsOf,
  suppressLoneOtherInstitution,
  suppressSmallFigures,
  type CompletenessInput,
  type IndicatorResult,
} from '../indicator-engine';
import { computeFunnel, funnelKey, type FunnelData } from '../indicator-funnel';
import { publicationDto, publicationsOf, type PublicationRow } from '../publishing/publication-versions';
import { breakdownKey, parsePeriod, parseScope, scopeKey, type Filters, type Period, type Scope } from '../indicator-query';
import { cubeSettings, NATIONAL_REFERENCE_MAX_AGE_SECONDS } from '../settings/indicator-settings';
import { IndicatorSettingsService } from '../settings/indicator-settings.service';
import type { LinearModel } from '../statistics/case-mix';

interface Viewer {
  admin: boolean;
  institutionIds: string[];
}

/** What a report that asks for neither participation nor coverage passes for them. */
const NO_COMPLETENESS: CompletenessInput = { participation: null, coverage: null };

/** Models by national cube id: a cube never changes, so neither does its model. */
const MODEL_CACHE_SIZE = 32;
/** Live reports by everything they depend on (cube ids, scope, filters, viewer, expectations); see liveReport. */
const REPORT_CACHE_SIZE = 512;

@Injectable()
export class IndicatorService {
  private readonly models = new Map<string, LinearModel | null>();
  private readonly reports = new Map<string, IndicatorReportDto>();

  constructor(
    private readonly db: ScopedDb,
    private readonly cubes: IndicatorCubeRepository,
    private readonly audit: AuditService,
    private readonly context: RequestContext,
    private readonly settings: IndicatorSettingsService,
  ) {}

  async report(query: IndicatorQueryDto): Promise<IndicatorReportDto> {
    const period = parsePeriod(query.period);
    const scope = parseScope(query.scope ?? 'national');
    const filters = filtersOf(query);
    const ids = requestedIndicators(query);
    const viewer = viewerOf(this.context.requirePrincipal());
    if (scope.kind === 'institution' && !viewer.admin && !viewer.institutionIds.includes(scope.institutionId)) {
      const published = await this.publishedReport(period, scope, filters);
      if (!published) throw new NotFoundProblem(`Published indicators of this institution for ${period.key}`);
      return onlyIndicators(published, ids);
    }
    return this.liveReport(period, scope, filters, viewer, ids);
  }

  /**
   * The report as published for the period (the newest version, or `version`), or null before
   * publication, for a version that does not exist, or for a scope it does not have.
   */
  async publishedReport(period: Period, scope: Scope, filters: Filters, version?: number): Promise<IndicatorReportDto | null> {
    const breakdown = publishedBreakdown(filters);
    return this.db.registerTransaction(async (m) => {
      const rows: (PublicationRow & { report: IndicatorReportDto })[] = await m.query(
        `WITH s AS (${publicationsOf('requested')})
         SELECT s.*, r.report FROM s JOIN indicator_snapshot_results r ON r.snapshot_id = s.id AND r.scope = $3 AND r.breakdown = $4`,
        [period.key, version ?? null, scopeKey(scope), breakdown],
      );
      return rows[0] ? { ...rows[0].report, publication: publicationDto(rows[0]) } : null;
    });
  }

  private async liveReport(
    period: Period,
    scope: Scope,
    filters: Filters,
    viewer: Viewer,
    ids: readonly IndicatorId[],
  ): Promise<IndicatorReportDto> {
    // Only what the requested indicators rest on is summed (and, when nothing is cached, built).
    const parts = cubePartsFor(ids);
    const adjusted = ids.includes('eq5d.index_change_adjusted');
    const medians = ids.includes('los.median') || ids.includes('wait.median');
    const institutionCounts = ids.includes('completeness.participation') || ids.includes('completeness.coverage');
    return this.db.registerTransaction(async (m) => {
      const settings = await this.settings.current(m);
      const threshold = settings.parameters.suppressionThreshold;
      const scopeInfo = await this.describeScope(m, scope);
      const ownView = scope.kind === 'institution';
      const national = await this.cubes.liveCube(
        m,
        period,
        null,
        cubeSettings(settings, parts),
        ownView ? NATIONAL_REFERENCE_MAX_AGE_SECONDS : 0,
      );
      const cube = ownView ? await this.cubes.liveCube(m, period, scope.institutionId, cubeSettings(settings, parts), 0) : national;
      const audit = () =>
        this.audit.record(m, {
          action: 'indicators.read',
          objectType: 'indicator',
          objectIds: [scopeKey(scope), period.key],
          institutionId: scope.kind === 'institution' ? scope.institutionId : null,
        });
      // A cube never changes once built, so a report is reusable for as long as its cubes, the settings,
      // the expectations of the period and the viewer's institutions (for the lone-institution rule) are the same.
      const [expectations] = await m.query(
        `SELECT count(*)::int AS n, coalesce(max(updated_at)::text, '') AS at FROM indicator_expectations WHERE period = $1`,
        [period.key],
      );
      const cacheKey = JSON.stringify([
        national.cubeId,
        cube.cubeId,
        settings.version,
        scopeKey(scope),
        filters,
        viewer.admin ? 'admin' : [...viewer.institutionIds].sort(),
        expectations,
        ids,
      ]);
      const cached = this.reports.get(cacheKey);
      if (cached) {
        await audit();
        return { ...cached, scope: scopeInfo };
      }
      const selection: CellSelection = { ...filters, ...(scope.kind === 'region' ? { region: scope.region } : {}) };

      // By case-mix keys only for the adjusted figure (its residuals); the national model is fitted on
      // the national cells by those keys, so when they are this report's (national, no filters) they are read once.
      const cells = await this.cubes.cells(m, cube.cubeId, selection, adjusted ? CASE_MIX_KEYS : []);
      const unfilteredNational = cube === national && Object.keys(selection).length === 0;
      const model = adjusted ? await this.modelOf(m, national.cubeId, unfilteredNational ? cells : undefined) : null;
      const sums = sumCells(cells);
      const nationalSums = scope.kind === 'national' ? sums : sumCells(await this.cubes.cells(m, national.cubeId, filters, []));
      const days = medians ? await this.cubes.days(m, cube.cubeId, selection) : [];
      const completeness = institutionCounts
        ? await this.completeness(m, period, scope, await this.cubes.registered(m, cube.cubeId))
        : NO_COMPLETENESS;
      let indicators = computeIndicators(
        {
          sums,
          residuals: model ? residualsOf(cells, model) : null,
          los: days.filter((d) => d.measure === 'los').map((d) => ({ value: d.days, count: d.count })),
          wait: days.filter((d) => d.measure === 'wait').map((d) => ({ value: d.days, count: d.count })),
        },
        completeness,
        { ...settings, model, national: nationalSums },
        ids,
      );
      indicators = suppressSmallFigures(indicators, sums, threshold);
      if (!viewer.admin && scope.kind !== 'institution') {
        indicators = suppressLoneOtherInstitution(
          indicators,
          await this.cubes.cells(m, cube.cubeId, selection, ['institutionId']),
          viewer.institutionIds,
        );
      }
      await audit();
      const report = compact({
        ...reportHeader(period, scopeInfo, filters, settings.valueSet, threshold),
        source: 'live',
        asOf: cube.builtAt,
        ...(ownView ? { nationalAsOf: national.builtAt } : {}),
        indicators: indicators as IndicatorResult[],
      }) as IndicatorReportDto;
      remember(this.reports, cacheKey, report, REPORT_CACHE_SIZE);
      return report;
    });
  }

  async funnel(query: FunnelQueryDto): Promise<FunnelReportDto> {
    const period = parsePeriod(query.period);
    const filters = filtersOf(query);
    const figure = funnelKey(query.indicator, query.part);
    if (!figure) {
      throw new ValidationProblem([
        {
          pointer: query.part ? '/part' : '/indicator',
          detail: `No funnel plot for ${query.indicator}${query.part ? ` (${query.part})` : ''}: funnels exist for means and shares compared between institutions.`,
        },
      ]);
    }
    const viewer = viewerOf(this.context.requirePrincipal());
    const published = await this.publishedFunnel(period, filters, figure);
    return this.db.registerTransaction(async (m) => {
      const settings = await this.settings.current(m);
      const national = await this.cubes.liveCube(m, period, null, cubeSettings(settings, cubePartsFor([query.indicator])), 0);
      const adjusted = figure === 'eq5d.index_change_adjusted';
      const model = adjusted ? await this.modelOf(m, national.cubeId) : null;
      const byInstitution = groupBy(
        await this.cubes.cells(m, national.cubeId, filters, adjusted ? ['institutionId', ...CASE_MIX_KEYS] : ['institutionId']),
        (c) => c.institutionId!,
      );
      const units = [...byInstitution.entries()].map(([institutionId, cells]) => ({
        institutionId,
        sums: sumCells(cells),
        residuals: model && adjusted ? residualsOf(cells, model) : null,
      }));
      const nationalCells = await this.cubes.cells(m, national.cubeId, filters, adjusted ? CASE_MIX_KEYS : []);
      const data = computeFunnel(
        figure,
        units,
        { sums: sumCells(nationalCells), residuals: model && adjusted ? residualsOf(nationalCells, model) : null },
        settings.targets,
      );
      const lowCoverage = await this.lowCoverage(
        m,
        period,
        await this.cubes.registered(m, national.cubeId),
        settings.parameters.coverageWarning,
      );
      const live = data ? await this.presentLiveFunnel(m, data, viewer, settings.parameters.suppressionThreshold, lowCoverage) : null;
      await this.audit.record(m, {
        action: 'indicators.read',
        objectType: 'indicator_funnel',
        objectIds: [figure, period.key],
        institutionId: !viewer.admin && viewer.institutionIds.length === 1 ? viewer.institutionIds[0] : null,
      });
      return {
        indicator: query.indicator,
        part: figure.includes(':') ? figure.split(':')[1] : null,
        period: period.key,
        filters,
        source: 'live',
        asOf: national.builtAt,
        live,
        published,
        publishedAt: published?.publication?.publishedAt ?? null,
      };
    });
  }

  /** A published funnel (for the public route and for staff; the newest version, or `version`), with its publication, or null. */
  async publishedFunnel(period: Period, filters: Filters, figure: string, version?: number): Promise<FunnelDto | null> {
    const breakdown = publishedBreakdown(filters);
    const [indicator, part] = figure.split(':');
    return this.db.registerTransaction(async (m) => {
      const rows: (PublicationRow & { funnel: FunnelDto })[] = await m.query(
        `WITH s AS (${publicationsOf('requested')})
         SELECT s.*, f.funnel FROM s JOIN indicator_snapshot_funnels f ON f.snapshot_id = s.id AND f.breakdown = $3 AND f.indicator = $4 AND f.part = $5`,
        [period.key, version ?? null, breakdown, indicator, part ?? ''],
      );
      return rows[0] ? { ...rows[0].funnel, publication: publicationDto(rows[0]) } : null;
    });
  }

  /** Administrators see every institution; others see only their own points against the national limits. */
  private async presentLiveFunnel(
    m: EntityManager,
    data: FunnelData,
    viewer: Viewer,
    threshold: number,
    lowCoverage: Map<string, boolean>,
  ): Promise<FunnelDto> {
    const visible = viewer.admin ? data.points : data.points.filter((p) => viewer.institutionIds.includes(p.institutionId));
    const names = await this.institutionInfo(
      m,
      visible.map((p) => p.institutionId),
    );
    const points: FunnelPointDto[] = visible.map((p) => {
      const info = names.get(p.institutionId) ?? { name: '', region: '' };
      const base = {
        institutionId: p.institutionId,
        name: info.name,
        region: info.region,
        lowCoverage: lowCoverage.get(p.institutionId) ?? null,
      };
      if (p.n < threshold)
        return { ...base, suppressed: true, n: null, value: null, limits: null, side: null, outside95: null, flagged: null };
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
    });
    return {
      figure: data.figure,
      kind: data.kind,
      target: data.target,
      sd: data.sd,
      overdispersion: data.overdispersion,
      note: data.note,
      zones: data.zones,
      points,
    };
  }

  /** Institutions with an expected episode count for the period: whether their coverage is below the warning level. */
  private async lowCoverage(
    m: EntityManager,
    period: Period,
    registered: Map<string, number>,
    warning: number,
  ): Promise<Map<string, boolean>> {
    const rows: { institution_id: string; expected_episodes: number }[] = await m.query(
      `SELECT institution_id, expected_episodes FROM indicator_expectations WHERE period = $1 AND expected_episodes > 0`,
      [period.key],
    );
    return new Map(rows.map((r) => [r.institution_id, (registered.get(r.institution_id) ?? 0) / r.expected_episodes < warning]));
  }

  /** The case-mix model of a national cube; `caseMixCells` are its unfiltered cells by CASE_MIX_KEYS when the caller has them. */
  private async modelOf(m: EntityManager, nationalCubeId: string, caseMixCells?: CubeCell[]): Promise<LinearModel | null> {
    if (this.models.has(nationalCubeId)) return this.models.get(nationalCubeId)!;
    const model = fitCaseMixModel(caseMixCells ?? (await this.cubes.cells(m, nationalCubeId, {}, CASE_MIX_KEYS)));
    remember(this.models, nationalCubeId, model, MODEL_CACHE_SIZE);
    return model;
  }

  /** Participation and coverage of the expected institutions within the scope. */
  private async completeness(m: EntityManager, period: Period, scope: Scope, registered: Map<string, number>): Promise<CompletenessInput> {
    const rows: { institution_id: string; expected_episodes: number | null; region: string }[] = await m.query(
      `SELECT x.institution_id, x.expected_episodes, i.region FROM indicator_expectations x JOIN institutions i ON i.id = x.institution_id WHERE x.period = $1`,
      [period.key],
    );
    const inScope = rows.filter(
      (r) => scope.kind === 'national' || (scope.kind === 'region' ? r.region === scope.region : r.institution_id === scope.institutionId),
    );
    if (inScope.length === 0) return { participation: null, coverage: null };
    const counted = inScope.filter((r) => r.expected_episodes !== null);
    return {
      participation: { expected: inScope.length, reported: inScope.filter((r) => (registered.get(r.institution_id) ?? 0) > 0).length },
      coverage: counted.length
        ? {
            expected: counted.reduce((sum, r) => sum + r.expected_episodes!, 0),
            registered: counted.reduce((sum, r) => sum + (registered.get(r.institution_id) ?? 0), 0),
          }
        : null,
    };
  }

  private async describeScope(m: EntityManager, scope: Scope): Promise<IndicatorReportDto['scope']> {
    if (scope.kind === 'national') return { kind: 'national', key: 'national' };
    if (scope.kind === 'region') return { kind: 'region', key: scopeKey(scope), region: scope.region };
    const info = (await this.institutionInfo(m, [scope.institutionId])).get(scope.institutionId);
    if (!info) throw new NotFoundProblem('The institution');
    return { kind: 'institution', key: scopeKey(scope), institutionId: scope.institutionId, name: info.name, region: info.region };
  }

  private async institutionInfo(m: EntityManager, ids: string[]): Promise<Map<string, { name: string; region: string }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string; region: string }[] = await m.query(
      `SELECT id, name, region FROM institutions WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { name: r.name, region: r.region }]));
  }
}

export function viewerOf(principal: Principal): Viewer {
  return { admin: principal.kind === 'user' && principal.role === 'admin', institutionIds: principal.institutionIds };
}

/** The indicators a query asks for (`indicator=`), in definition order; all when it names none. */
export function requestedIndicators(query: { indicator?: readonly IndicatorId[] }): readonly IndicatorId[] {
  return query.indicator ? INDICATOR_IDS.filter((id) => query.indicator!.includes(id)) : INDICATOR_IDS;
}

/** A (published) report cut down to some indicators. */
export function onlyIndicators(report: IndicatorReportDto, ids: readonly IndicatorId[]): IndicatorReportDto {
  return { ...report, indicators: report.indicators.filter((i) => ids.includes(i.id as IndicatorId)) };
}

export function filtersOf(query: { programme?: string; setting?: string; serviceLevel?: string }): Filters {
  return Object.fromEntries(
    Object.entries({ programme: query.programme, setting: query.setting, serviceLevel: query.serviceLevel }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

export function reportHeader(
  period: Period,
  scope: IndicatorReportDto['scope'],
  filters: Filters,
  valueSet: { id: string; name: string },
  threshold: number,
) {
  return { period: period.key, periodFrom: period.from, periodTo: period.to, scope, filters, suppressionThreshold: threshold, valueSet };
}

/** Published tables are broken down by one filter at a time; a combination was never published. */
export function publishedBreakdown(filters: Filters): string {
  const breakdown = breakdownKey(filters);
  if (!breakdown) {
    throw new ProblemException(
      400,
      'validation-error',
      'Invalid request',
      'Published indicators are broken down by one of programme, setting or serviceLevel at a time; ask for one.',
      [{ pointer: '/serviceLevel', detail: 'combine at most one of programme, setting and serviceLevel for published figures' }],
    );
  }
  return breakdown;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
