/**
 * Live funnel data: each institution against the national limits of the live cube, beside the
 * published funnel of the period; administrators see every institution, others their own (viewer.ts).
 * Every read is audited ('indicators.read').
 */
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { RequestContext } from '../../auth/request-context';
import { ValidationProblem } from '../../common/problem';
import { ScopedDb } from '../../database/scoped-db';
import { CASE_MIX_KEYS, cubePartsFor, sumCells } from '../cube/cube-cells';
import { IndicatorCubeRepository } from '../cube/cube.repository';
import type { FunnelDto, FunnelPointDto, FunnelQueryDto, FunnelReportDto } from '../dto/indicator.dto';
import { caseMixCovers, residualsOf } from '../indicator-engine';
import { computeFunnel, funnelKey, type FunnelData } from '../indicator-funnel';
import { filtersOf, parsePeriod } from '../indicator-query';
import { institutionInfo, type InstitutionInfo } from '../institution-info';
import { PublishedIndicatorService } from '../publishing/published-indicators.service';
import { IndicatorExpectationRepository } from '../settings/indicator-expectation.repository';
import { cubeSettings } from '../cube/cube-freshness';
import { IndicatorSettingsService } from '../settings/indicator-settings.service';
import { CaseMixModelService } from './case-mix-model.service';
import { lowCoverageByInstitution } from './live-completeness';
import { viewerOf, visiblePoints, type Viewer } from './viewer';

@Injectable()
export class LiveFunnelService {
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
    if (figure === 'eq5d.index_change_adjusted' && !caseMixCovers(filters)) {
      throw new ValidationProblem([
        {
          pointer: '/serviceLevel',
          detail: 'No funnel of the adjusted change under a service-level breakdown: the case-mix model does not include service level.',
        },
      ]);
    }
    const viewer = viewerOf(this.context.requirePrincipal());
    const published = await this.published.funnel(period, filters, figure);
    return this.db.registerTransaction(async (m) => {
      const settings = await this.settings.current(m);
      const national = await this.cubes.liveCube(m, period, null, cubeSettings(settings, cubePartsFor([query.indicator])), 0);
      const adjusted = figure === 'eq5d.index_change_adjusted';
      const model = adjusted ? await this.models.of(m, national.cubeId) : null;
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
        settings.parameters.overdispersionMinInstitutions,
      );
      const lowCoverage = lowCoverageByInstitution(
        await this.expectations.ofPeriod(m, period.key),
        await this.cubes.registered(m, national.cubeId),
        settings.parameters.coverageWarning,
      );
      const visible = data ? visiblePoints(viewer, data.points) : [];
      const names = new Map(
        (
          await institutionInfo(
            m,
            visible.map((p) => p.institutionId),
          )
        ).map((i) => [i.id, i]),
      );
      const live = data ? presentFunnel(data, visible, names, settings.parameters.suppressionThreshold, lowCoverage) : null;
      await this.audit.record(m, {
        action: 'indicators.read',
        objectType: 'indicator_funnel',
        objectIds: [figure, period.key],
        institutionId: auditedInstitution(viewer),
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
}

/** A viewer of one institution reads as that institution; an administrator or a viewer of several, as nobody's. */
function auditedInstitution(viewer: Viewer): string | null {
  return !viewer.admin && viewer.institutionIds.length === 1 ? viewer.institutionIds[0] : null;
}

/** The visible points with their names, hidden below the suppression threshold. */
function presentFunnel(
  data: FunnelData,
  visible: readonly FunnelData['points'][number][],
  names: Map<string, InstitutionInfo>,
  threshold: number,
  lowCoverage: Map<string, boolean>,
): FunnelDto {
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

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
