/**
 * Publishing: freezes a copy of the period's cube (never rebuilt again), computes every published
 * table from it with primary and secondary suppression, and stores the tables and funnels as
 * they will be served. A period is published once; late data change the live view only, unless an
 * administrator publishes a correction: a new version beside the old, which stays readable.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { RequestContext } from '../../auth/request-context';
import { actorOf } from '../../auth/principal';
import { ProblemException } from '../../common/problem';
import { ScopedDb } from '../../database/scoped-db';
import type { IndicatorReportDto, PublicationDto, PublishSnapshotDto, SnapshotDto } from '../dto/indicator.dto';
import { CELL_KEYS, type CellKey, type DaysRow } from '../cube/cube-cells';
import { IndicatorCubeRepository } from '../cube/cube.repository';
import { compact, fitCaseMixModel } from '../indicator-engine';
import { publicationDto, publicationsOf, type PublicationRow } from './publication-versions';
import { buildPublication, type InstitutionInfo, type PublishedReport } from './publication-tables';
import { parsePeriod, type Period } from '../indicator-query';
import { cubeSettings, type IndicatorSettings } from '../settings/indicator-settings';
import { IndicatorSettingsService } from '../settings/indicator-settings.service';
import { reportHeader } from '../live/indicator.service';

const ALL_KEYS = Object.keys(CELL_KEYS) as CellKey[];
const INSERT_CHUNK = 500;

@Injectable()
export class IndicatorSnapshotService {
  constructor(
    private readonly db: ScopedDb,
    private readonly cubes: IndicatorCubeRepository,
    private readonly audit: AuditService,
    private readonly context: RequestContext,
    private readonly settingsService: IndicatorSettingsService,
  ) {}

  async publish(dto: PublishSnapshotDto): Promise<SnapshotDto> {
    const period = parsePeriod(dto.period);
    return this.db.registerTransaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('indicator_publish'), hashtext($1))`, [period.key]);
      const [latest] = await m.query(
        `SELECT id, version, published_at FROM indicator_snapshots WHERE period = $1 ORDER BY version DESC LIMIT 1`,
        [period.key],
      );
      assertPublishable(period, latest, dto.correctionReason);
      const settings = await this.settingsService.current(m);
      const live = await this.cubes.liveCube(m, period, null, cubeSettings(settings), 0);
      const cubeId = await this.cubes.freeze(m, live.cubeId);
      const cells = await this.cubes.cells(m, cubeId, {}, ALL_KEYS);
      const days: DaysRow[] = await this.cubes.days(m, cubeId, {}, ['institutionId', 'programme', 'setting', 'serviceLevel']);
      const expectations: { institution_id: string; expected_episodes: number | null }[] = await m.query(
        `SELECT institution_id, expected_episodes FROM indicator_expectations WHERE period = $1`,
        [period.key],
      );
      const ids = [...new Set([...cells.map((c) => c.institutionId!), ...expectations.map((e) => e.institution_id)])];
      const institutions: InstitutionInfo[] = await m.query(
        `SELECT id, name, region FROM institutions WHERE id = ANY ($1::uuid[]) ORDER BY name, id`,
        [ids],
      );
      const model = fitCaseMixModel(cells);
      const publication = buildPublication({
        cells,
        days,
        institutions,
        expectations: expectations.map((e) => ({ institutionId: e.institution_id, expectedEpisodes: e.expected_episodes })),
        model,
        context: settings,
      });

      const principal = this.context.principal;
      const [snapshot] = await m.query(
        `INSERT INTO indicator_snapshots (period, version, corrects, correction_reason, cube_id, published_by, parameters, model)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, published_at`,
        [
          period.key,
          (latest?.version ?? 0) + 1,
          latest?.id ?? null,
          dto.correctionReason?.trim() ?? null,
          cubeId,
          actorOf(principal).actorId,
          JSON.stringify({
            ...settings.parameters,
            valueSet: settings.valueSet.id,
            settingsVersion: settings.version,
            targets: settings.targets,
          }),
          model ? JSON.stringify(model) : null,
        ],
      );
      const publishedAt = new Date(snapshot.published_at).toISOString();
      await m.query(
        `INSERT INTO indicator_snapshot_institutions (snapshot_id, institution_id, name, region) SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[])`,
        [snapshot.id, institutions.map((i) => i.id), institutions.map((i) => i.name), institutions.map((i) => i.region)],
      );
      const byId = new Map(institutions.map((i) => [i.id, i]));
      const reports = publication.reports.map((r) => ({
        scope: r.scope,
        breakdown: r.breakdown,
        report: asReport(r, period, settings, publishedAt, byId),
      }));
      for (let i = 0; i < reports.length; i += INSERT_CHUNK) {
        const chunk = reports.slice(i, i + INSERT_CHUNK);
        await m.query(
          `INSERT INTO indicator_snapshot_results (snapshot_id, scope, breakdown, report) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[])`,
          [snapshot.id, chunk.map((r) => r.scope), chunk.map((r) => r.breakdown), chunk.map((r) => JSON.stringify(r.report))],
        );
      }
      for (let i = 0; i < publication.funnels.length; i += INSERT_CHUNK) {
        const chunk = publication.funnels.slice(i, i + INSERT_CHUNK);
        await m.query(
          `INSERT INTO indicator_snapshot_funnels (snapshot_id, breakdown, indicator, part, funnel) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[])`,
          [
            snapshot.id,
            chunk.map((f) => f.breakdown),
            chunk.map((f) => f.figure.split(':')[0]),
            chunk.map((f) => f.figure.split(':')[1] ?? ''),
            chunk.map(({ breakdown: _breakdown, ...funnel }) => JSON.stringify(funnel)),
          ],
        );
      }
      await this.audit.record(m, {
        action: latest ? 'indicators.correct' : 'indicators.publish',
        objectType: 'indicator_snapshot',
        objectIds: [snapshot.id, period.key],
      });
      return (await this.list(m, period.key)).find((s) => s.id === snapshot.id)!;
    });
  }

  async listAll(): Promise<SnapshotDto[]> {
    return this.db.registerTransaction((m) => this.list(m));
  }

  /** Every period and version published, for everyone. */
  async publications(): Promise<PublicationDto[]> {
    return this.db.registerTransaction(async (m) => {
      const rows: PublicationRow[] = await m.query(`${publicationsOf('all')} ORDER BY period, version`, [null]);
      return rows.map(publicationDto);
    });
  }

  private async list(m: EntityManager, period?: string): Promise<SnapshotDto[]> {
    const rows: (PublicationRow & {
      published_by: string | null;
      parameters: Record<string, unknown>;
      institutions: number;
      reports: number;
      funnels: number;
    })[] = await m.query(
      `WITH s AS (${publicationsOf('all')})
       SELECT s.*, x.published_by, x.parameters,
              (SELECT count(*)::int FROM indicator_snapshot_institutions i WHERE i.snapshot_id = s.id) AS institutions,
              (SELECT count(*)::int FROM indicator_snapshot_results r WHERE r.snapshot_id = s.id) AS reports,
              (SELECT count(*)::int FROM indicator_snapshot_funnels f WHERE f.snapshot_id = s.id) AS funnels
         FROM s JOIN indicator_snapshots x ON x.id = s.id ORDER BY s.period, s.version`,
      [period ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      ...publicationDto(r),
      publishedBy: r.published_by,
      institutions: r.institutions,
      reports: r.reports,
      funnels: r.funnels,
      parameters: r.parameters,
    }));
  }
}

/**
 * A period is published once; after that only a correction with its reason, and a correction
 * only of a published period.
 */
function assertPublishable(
  period: Period,
  latest: { version: number; published_at: Date } | undefined,
  correctionReason: string | undefined,
): void {
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
