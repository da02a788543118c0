/**
 * Indicator reports as the viewer may see them (viewer.ts): live for the nation, a region and their
 * own institutions, as published for another institution. Every live read is audited
 * ('indicators.read').
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { RequestContext } from '../../auth/request-context';
import { NotFoundProblem } from '../../common/problem';
import { ScopedDb } from '../../database/scoped-db';
import { BoundedCache } from '../bounded-cache';
import { CASE_MIX_KEYS, cubePartsFor, sumCells, type Sums } from '../cube/cube-cells';
import { IndicatorCubeRepository, type CellSelection } from '../cube/cube.repository';
import type { IndicatorQueryDto, IndicatorReportDto } from '../dto/indicator.dto';
import { caseMixCovers, compact, computeIndicators, residualsOf, suppressFewContributors, suppressSmallFigures } from '../indicator-engine';
import type { CompletenessInput } from '../indicator-spec';
import type { IndicatorId } from '../indicator-specs';
import {
  filtersOf,
  parsePeriod,
  requestedScope,
  requestedIndicators,
  scopeKey,
  type Filters,
  type Period,
  type Scope,
} from '../indicator-query';
import { onlyIndicators, reportHeader } from '../indicator-report';
import { institutionInfo } from '../institution-info';
import { PublishedIndicatorService } from '../publishing/published-indicators.service';
import { IndicatorExpectationRepository } from '../settings/indicator-expectation.repository';
import { cubeSettings, NATIONAL_REFERENCE_MAX_AGE_SECONDS } from '../cube/cube-freshness';
import { IndicatorSettingsService } from '../settings/indicator-settings.service';
import { CaseMixModelService } from './case-mix-model.service';
import { completenessInScope } from './live-completeness';
import { followsContributorRule, seesLive, viewerKey, viewerOf, type Viewer } from './viewer';

/** What a report that asks for neither participation nor coverage passes for them. */
const NO_COMPLETENESS: CompletenessInput = { participation: null, coverage: null };

/** Live reports kept, by everything they depend on (see liveReport). */
const REPORTS_KEPT = 512;

/** National sums kept, by national cube and filters (a cube never changes, so neither do its sums). */
const NATIONAL_SUMS_KEPT = 64;

export interface LiveReportOptions {
  /**
   * The report is a reference beside the viewer's own figures (their region and the nation on the
   * staff overview): like the national reference of an institution's own view, it may rest on a
   * national cube up to NATIONAL_REFERENCE_MAX_AGE_SECONDS old (its `asOf` says when it was built).
   * Without it a region or the nation is exact, as the API gives it.
   */
  reference?: boolean;
}

@Injectable()
export class LiveReportService {
  private readonly reports = new BoundedCache<IndicatorReportDto>(REPORTS_KEPT);
  private readonly nationalSums = new BoundedCache<Sums>(NATIONAL_SUMS_KEPT);

  constructor(
    private readonly db: ScopedDb,
    private readonly cubes: IndicatorCubeRepository,
    private readonly models: CaseMixModelService,
    private readonly expectations: IndicatorExpectationRepository,
    private readonly published: PublishedIndicatorService,
    private readonly audit: AuditService,
    private readonly context: RequestContext,
    private readonly settings: IndicatorSettingsService,
  ) {}

  async report(query: IndicatorQueryDto, options: LiveReportOptions = {}): Promise<IndicatorReportDto> {
    const period = parsePeriod(query.period);
    const scope = requestedScope(query.scope ?? 'national');
    const filters = filtersOf(query);
    const ids = requestedIndicators(query);
    const viewer = viewerOf(this.context.requirePrincipal());
    if (!seesLive(viewer, scope)) {
      const published = await this.published.report(period, scope, filters);
      if (!published) throw new NotFoundProblem(`Published indicators of this institution for ${period.key}`);
      return onlyIndicators(published, ids);
    }
    return this.liveReport(period, scope, filters, viewer, ids, options);
  }

  private async liveReport(
    period: Period,
    scope: Scope,
    filters: Filters,
    viewer: Viewer,
    ids: readonly IndicatorId[],
    options: LiveReportOptions,
  ): Promise<IndicatorReportDto> {
    // Only what the requested indicators rest on is summed (and, when nothing is cached, built).
    const parts = cubePartsFor(ids);
    const adjusted = ids.includes('eq5d.index_change_adjusted');
    const medians = ids.includes('los.median') || ids.includes('wait.median');
    const institutionCounts = ids.includes('completeness.participation') || ids.includes('completeness.coverage');
    return this.db.registerTransaction(async (m) => {
      const settings = await this.settings.current(m);
      const threshold = settings.parameters.suppressionThreshold;
      const scopeInfo = await describeScope(m, scope);
      const ownView = scope.kind === 'institution';
      const national = await this.cubes.liveCube(
        m,
        period,
        null,
        cubeSettings(settings, parts),
        ownView || options.reference ? NATIONAL_REFERENCE_MAX_AGE_SECONDS : 0,
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
      // the expectations of the period and the viewer's institutions (for the contributor rule) are the same.
      const cacheKey = JSON.stringify([
        national.cubeId,
        cube.cubeId,
        settings.version,
        scopeKey(scope),
        filters,
        viewerKey(viewer),
        await this.expectations.version(m, period.key),
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
      const model = adjusted ? await this.models.of(m, national.cubeId, unfilteredNational ? cells : undefined) : null;
      const sums = sumCells(cells);
      const nationalSums = scope.kind === 'national' ? sums : await this.nationalSumsOf(m, national.cubeId, filters);
      const days = medians ? await this.cubes.days(m, cube.cubeId, selection) : [];
      const completeness = institutionCounts
        ? completenessInScope(
            await this.expectations.ofPeriodWithInstitutions(m, period.key),
            scope,
            await this.cubes.registered(m, cube.cubeId),
          )
        : NO_COMPLETENESS;
      let indicators = computeIndicators(
        {
          sums,
          residuals: model ? residualsOf(cells, model) : null,
          los: days.filter((d) => d.measure === 'los').map((d) => ({ value: d.days, count: d.count })),
          wait: days.filter((d) => d.measure === 'wait').map((d) => ({ value: d.days, count: d.count })),
        },
        completeness,
        { ...settings, model, national: nationalSums, caseMixCovers: caseMixCovers(filters) },
        ids,
      );
      indicators = suppressSmallFigures(indicators, sums, threshold);
      if (followsContributorRule(viewer, scope)) {
        indicators = suppressFewContributors(
          indicators,
          await this.cubes.cells(m, cube.cubeId, selection, ['institutionId']),
          viewer.institutionIds,
          { minContributors: settings.parameters.liveMinContributors, maxShare: settings.parameters.liveMaxContributorShare },
        );
      }
      await audit();
      const report = compact({
        ...reportHeader(period, scopeInfo, filters, settings.valueSet, threshold),
        source: 'live',
        asOf: cube.builtAt,
        ...(ownView ? { nationalAsOf: national.builtAt } : {}),
        indicators,
      }) as IndicatorReportDto;
      this.reports.set(cacheKey, report);
      return report;
    });
  }

  /** The national cube's sums under the filters: read once per cube, since each own view after new data needs them again. */
  private async nationalSumsOf(m: EntityManager, cubeId: string, filters: Filters): Promise<Sums> {
    const key = JSON.stringify([cubeId, filters]);
    const kept = this.nationalSums.get(key);
    if (kept) return kept;
    const sums = sumCells(await this.cubes.cells(m, cubeId, filters, []));
    this.nationalSums.set(key, sums);
    return sums;
  }
}

async function describeScope(m: EntityManager, scope: Scope): Promise<IndicatorReportDto['scope']> {
  if (scope.kind === 'national') return { kind: 'national', key: 'national' };
  if (scope.kind === 'region') return { kind: 'region', key: scopeKey(scope), region: scope.region };
  const [info] = await institutionInfo(m, [scope.institutionId]);
  if (!info) throw new NotFoundProblem('The institution');
  return { kind: 'institution', key: scopeKey(scope), institutionId: scope.institutionId, name: info.name, region: info.region };
}
