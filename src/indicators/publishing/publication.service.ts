/**
 * Publishing: freezes a copy of the period's cube (never rebuilt again), computes every published
 * table from it with primary and secondary suppression, and stores the tables and funnels as
 * they will be served. A period is published once; late data change the live view only, unless an
 * administrator publishes a correction: a new version beside the old, which stays readable.
 */
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { RequestContext } from '../../auth/request-context';
import { Clock } from '../../clock/clock';
import { actorOf } from '../../auth/principal';
import { ProblemException } from '../../common/problem';
import { ScopedDb } from '../../database/scoped-db';
import type { DisclosureAuditDto, HiddenFigureDto, PublicationDryRunDto } from '../dto/disclosure.dto';
import type { IndicatorReportDto, PublicationDto, PublishSnapshotDto, SnapshotDto } from '../dto/indicator.dto';
import type { DisclosureAudit } from '../disclosure/disclosure-control';
import { CELL_KEYS, type CellKey } from '../cube/cube-cells';
import { IndicatorCubeRepository } from '../cube/cube.repository';
import { compact, fitCaseMixModel } from '../indicator-engine';
import { parsePeriod, type Period } from '../indicator-query';
import { reportHeader } from '../indicator-report';
import { institutionInfo, type InstitutionInfo } from '../institution-info';
import { IndicatorExpectationRepository } from '../settings/indicator-expectation.repository';
import { cubeSettings } from '../cube/cube-freshness';
import type { IndicatorSettings } from '../settings/indicator-settings';
import { IndicatorSettingsService } from '../settings/indicator-settings.service';
import { buildPublicationTables, type PublishedReport } from './publication-tables';
import { earlyPublicationReason, periodTiming } from './publication-timing';
import { publicationDto, PublicationRepository, type LatestPublicationRow } from './publication.repository';

const ALL_KEYS = Object.keys(CELL_KEYS) as CellKey[];

@Injectable()
export class PublicationService {
  constructor(
    private readonly db: ScopedDb,
    private readonly cubes: IndicatorCubeRepository,
    private readonly publications: PublicationRepository,
    private readonly expectations: IndicatorExpectationRepository,
    private readonly audit: AuditService,
    private readonly context: RequestContext,
    private readonly settingsService: IndicatorSettingsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Publishing reads a whole period and audits it by linear programming while its transaction
   * holds the period's lock: the transaction gets the publishing deadline instead of the app
   * role's short waits (database.module.ts), which are for requests of a single patient.
   */
  private async allowPublishingTime(m: EntityManager): Promise<void> {
    const ms = String(this.config.publishTimeoutMs);
    await m.query(`SELECT set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $1, true)`, [ms]);
  }

  async publish(dto: PublishSnapshotDto): Promise<SnapshotDto> {
    const period = parsePeriod(dto.period);
    return this.db.registerTransaction(async (m) => {
      await this.allowPublishingTime(m);
      await this.publications.lockPeriod(m, period.key);
      const latest = await this.publications.latest(m, period.key);
      assertPublishable(period, latest, dto.correctionReason);
      const settings = await this.settingsService.current(m);
      const early = earlyPublicationReason(period, periodTiming(period, this.clock.now(), settings.parameters.publicationGraceDays), dto);
      const live = await this.cubes.liveCube(m, period, null, cubeSettings(settings), 0);
      const cubeId = await this.cubes.freeze(m, live.cubeId);
      const { tables, institutions, model } = await this.computeTables(m, period, cubeId, settings);
      assertDisclosureAudit(period, tables.disclosure.audit);

      const publication = await this.publications.insert(m, {
        period: period.key,
        version: (latest?.version ?? 0) + 1,
        corrects: latest?.id ?? null,
        correctionReason: dto.correctionReason?.trim() ?? null,
        earlyPublicationReason: early,
        cubeId,
        publishedBy: actorOf(this.context.principal).actorId,
        parameters: {
          ...settings.parameters,
          valueSet: settings.valueSet.id,
          settingsVersion: settings.version,
          targets: settings.targets,
        },
        model,
        disclosureAudit: { ...tables.disclosure.audit, cells: tables.disclosure.cells },
      });
      const publishedAt = new Date(publication.published_at).toISOString();
      await this.publications.insertInstitutions(m, publication.id, institutions);
      const byId = new Map(institutions.map((i) => [i.id, i]));
      await this.publications.insertReports(
        m,
        publication.id,
        tables.reports.map((r) => ({ scope: r.scope, breakdown: r.breakdown, report: asReport(r, period, settings, publishedAt, byId) })),
      );
      await this.publications.insertFunnels(m, publication.id, tables.funnels);
      await this.audit.record(m, {
        action: latest ? 'indicators.correct' : 'indicators.publish',
        objectType: 'indicator_snapshot',
        objectIds: [publication.id, period.key],
      });
      return (await this.list(m, period.key)).find((s) => s.id === publication.id)!;
    });
  }

  /**
   * What publishing now would hide, and the disclosure audit of it, under the same checks as
   * publishing; computed from the live cube, which it neither freezes nor publishes.
   */
  async dryRun(dto: PublishSnapshotDto): Promise<PublicationDryRunDto> {
    const period = parsePeriod(dto.period);
    return this.db.registerTransaction(async (m) => {
      await this.allowPublishingTime(m);
      const latest = await this.publications.latest(m, period.key);
      assertPublishable(period, latest, dto.correctionReason);
      const settings = await this.settingsService.current(m);
      earlyPublicationReason(period, periodTiming(period, this.clock.now(), settings.parameters.publicationGraceDays), dto);
      const live = await this.cubes.liveCube(m, period, null, cubeSettings(settings), 0);
      const { tables } = await this.computeTables(m, period, live.cubeId, settings);
      return { period: period.key, dryRun: true, audit: tables.disclosure.audit, hidden: hiddenFigures(tables.reports) };
    });
  }

  /** Every published table and funnel of a period from a cube, with disclosure control applied. */
  private async computeTables(m: EntityManager, period: Period, cubeId: string, settings: IndicatorSettings) {
    const cells = await this.cubes.cells(m, cubeId, {}, ALL_KEYS);
    const days = await this.cubes.days(m, cubeId, {}, ['institutionId', 'programme', 'setting', 'serviceLevel']);
    const expectations = await this.expectations.ofPeriod(m, period.key);
    const ids = [...new Set([...cells.map((c) => c.institutionId!), ...expectations.map((e) => e.institution_id)])];
    const institutions = await institutionInfo(m, ids);
    const model = fitCaseMixModel(cells);
    const tables = await buildPublicationTables({
      cells,
      days,
      institutions,
      expectations: expectations.map((e) => ({ institutionId: e.institution_id, expectedEpisodes: e.expected_episodes })),
      model,
      context: settings,
    });
    return { tables, institutions, model };
  }

  async listAll(): Promise<SnapshotDto[]> {
    return this.db.registerTransaction((m) => this.list(m));
  }

  /** Every period and version published, for everyone. */
  async versions(): Promise<PublicationDto[]> {
    return this.db.registerTransaction(async (m) => (await this.publications.versions(m)).map(publicationDto));
  }

  private async list(m: EntityManager, period?: string): Promise<SnapshotDto[]> {
    const rows = await this.publications.list(m, period ?? null);
    return rows.map((r) => ({
      id: r.id,
      ...publicationDto(r),
      publishedBy: r.published_by,
      institutions: r.institutions,
      reports: r.reports,
      funnels: r.funnels,
      parameters: r.parameters,
      disclosureAudit: r.disclosure_audit ? auditDto(r.disclosure_audit) : null,
    }));
  }
}

/**
 * A period is published once; after that only a correction with its reason, and a correction
 * only of a published period.
 */
function assertPublishable(period: Period, latest: LatestPublicationRow | undefined, correctionReason: string | undefined): void {
  if (latest && correctionReason === undefined) {
    throw new ProblemException(
      409,
      'already-published',
      'Already published',
      `The indicators of ${period.key} were published at ${new Date(latest.published_at).toISOString()} (version ${latest.version}); a published snapshot is frozen. To publish corrected figures, send correctionReason: a new version is published and the earlier ones stay readable.`,
    );
  }
  if (!latest && correctionReason !== undefined) {
    throw new ProblemException(
      409,
      'not-published',
      'Nothing to correct',
      `The indicators of ${period.key} have not been published; publish them without correctionReason.`,
    );
  }
}

/**
 * Publishing refuses when the audit found a hidden count that a reader could narrow below the
 * required width from everything the publication would show.
 */
function assertDisclosureAudit(period: Period, audit: DisclosureAudit): void {
  if (audit.passed) return;
  throw new ProblemException(
    409,
    'disclosure-audit-failed',
    'Published figures would give back hidden counts',
    `Publishing ${period.key} would let a reader narrow ${audit.failures.length} hidden count(s) to less than ± ${audit.margin} episodes from everything published; nothing was published. See errors[] for each cell; a dry run (dryRun: true) shows the whole audit.`,
    audit.failures.map((f) => ({
      pointer: '/period',
      detail: `${f.scope}, ${f.breakdown}: the ${f.population} count (${f.reason}) lies in [${f.low}, ${f.high ?? '∞'}], narrower than ${f.required}`,
      scope: f.scope,
      breakdown: f.breakdown,
      indicator: f.indicators.join(', '),
    })),
  );
}

/** The audit as the API shows it: without the intervals of each hidden count, which stay in the database. */
function auditDto(stored: DisclosureAudit & { cells?: unknown }): DisclosureAuditDto {
  const { cells: _cells, ...audit } = stored;
  return audit;
}

/** Every figure a set of published tables hides, with its reason: the figure, or a part hidden on its own. */
function hiddenFigures(reports: readonly PublishedReport[]): HiddenFigureDto[] {
  return reports.flatMap((r) =>
    r.indicators.flatMap((i) => {
      const where = { scope: r.scope, breakdown: r.breakdown };
      if (i.suppressionReason) return [{ ...where, indicator: i.id, reason: i.suppressionReason }];
      return (i.parts ?? []).flatMap((p) =>
        p.suppressionReason ? [{ ...where, indicator: `${i.id}:${p.part}`, reason: p.suppressionReason }] : [],
      );
    }),
  );
}

function asReport(
  r: PublishedReport,
  period: Period,
  settings: IndicatorSettings,
  publishedAt: string,
  institutions: Map<string, InstitutionInfo>,
): IndicatorReportDto {
  const [kind, value] = r.scope.split(':');
  const scope: IndicatorReportDto['scope'] =
    kind === 'national'
      ? { kind, key: r.scope }
      : kind === 'region'
        ? { kind, key: r.scope, region: value }
        : { kind, key: r.scope, institutionId: value, name: institutions.get(value)?.name, region: institutions.get(value)?.region };
  const [filter, filterValue] = r.breakdown.split(':');
  const filters = r.breakdown === 'all' ? {} : { [filter]: filterValue };
  return compact({
    ...reportHeader(period, scope, filters, settings.valueSet, settings.parameters.suppressionThreshold),
    source: 'snapshot',
    asOf: publishedAt,
    indicators: r.indicators,
  }) as IndicatorReportDto;
}
