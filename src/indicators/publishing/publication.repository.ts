/**
 * The one place that reads and writes the published indicators (indicator_snapshots and its
 * institutions, results and funnels). Publications of a period: version 1 as first published, one
 * more per correction. Readers get the newest unless they ask for a version, and every published
 * figure says which version it is.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FunnelDto, IndicatorReportDto, PublicationDto } from '../dto/indicator.dto';
import type { DisclosureAudit } from '../disclosure/disclosure-control';
import type { InstitutionInfo } from '../institution-info';
import type { PublishedFunnel } from './publication-tables';

export interface PublicationRow {
  id: string;
  period: string;
  version: number;
  published_at: Date;
  correction_reason: string | null;
  early_publication_reason: string | null;
  latest_version: number;
}

export interface PublicationListRow extends PublicationRow {
  published_by: string | null;
  parameters: Record<string, unknown>;
  disclosure_audit: DisclosureAudit | null;
  institutions: number;
  reports: number;
  funnels: number;
}

export interface LatestPublicationRow {
  id: string;
  version: number;
  published_at: Date;
}

export interface NewPublication {
  period: string;
  version: number;
  corrects: string | null;
  correctionReason: string | null;
  /** Published (with force) within the grace period after the period's end: why. */
  earlyPublicationReason: string | null;
  cubeId: string;
  publishedBy: string | null;
  parameters: Record<string, unknown>;
  model: object | null;
  /** The audit's summary and every hidden count's interval. */
  disclosureAudit: object;
}

/** Which published version: the newest unless one is asked for. */
export interface PublicationChoice {
  period: string;
  version?: number;
}

const INSERT_CHUNK = 500;

/**
 * The publications of period $1 (all periods when null) with the newest version beside each; `which`
 * picks one: the version in parameter $2, or the newest when $2 is null. A CTE: `WITH s AS (...)`.
 */
function publicationsOf(which: 'all' | 'requested'): string {
  const all = `SELECT id, period, version, published_at, correction_reason, early_publication_reason, max(version) OVER (PARTITION BY period) AS latest_version
                 FROM indicator_snapshots WHERE $1::text IS NULL OR period = $1`;
  return which === 'all' ? all : `SELECT * FROM (${all}) p WHERE version = coalesce($2::int, latest_version)`;
}

@Injectable()
export class PublicationRepository {
  /** Serializes publishing of one period. */
  async lockPeriod(m: EntityManager, period: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('indicator_publish'), hashtext($1))`, [period]);
  }

  async latest(m: EntityManager, period: string): Promise<LatestPublicationRow | undefined> {
    const [row] = await m.query<LatestPublicationRow[]>(
      `SELECT id, version, published_at FROM indicator_snapshots WHERE period = $1 ORDER BY version DESC LIMIT 1`,
      [period],
    );
    return row;
  }

  async insert(m: EntityManager, p: NewPublication): Promise<{ id: string; published_at: Date }> {
    const [row] = await m.query<{ id: string; published_at: Date }[]>(
      `INSERT INTO indicator_snapshots (period, version, corrects, correction_reason, early_publication_reason, cube_id, published_by, parameters, model, disclosure_audit)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, published_at`,
      [
        p.period,
        p.version,
        p.corrects,
        p.correctionReason,
        p.earlyPublicationReason,
        p.cubeId,
        p.publishedBy,
        JSON.stringify(p.parameters),
        p.model ? JSON.stringify(p.model) : null,
        JSON.stringify(p.disclosureAudit),
      ],
    );
    return row;
  }

  /** The institutions as named when published. */
  async insertInstitutions(m: EntityManager, publicationId: string, institutions: readonly InstitutionInfo[]): Promise<void> {
    await m.query(
      `INSERT INTO indicator_snapshot_institutions (snapshot_id, institution_id, name, region) SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[])`,
      [publicationId, institutions.map((i) => i.id), institutions.map((i) => i.name), institutions.map((i) => i.region)],
    );
  }

  async insertReports(
    m: EntityManager,
    publicationId: string,
    reports: readonly { scope: string; breakdown: string; report: IndicatorReportDto }[],
  ): Promise<void> {
    for (let i = 0; i < reports.length; i += INSERT_CHUNK) {
      const chunk = reports.slice(i, i + INSERT_CHUNK);
      await m.query(
        `INSERT INTO indicator_snapshot_results (snapshot_id, scope, breakdown, report) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[])`,
        [publicationId, chunk.map((r) => r.scope), chunk.map((r) => r.breakdown), chunk.map((r) => JSON.stringify(r.report))],
      );
    }
  }

  async insertFunnels(m: EntityManager, publicationId: string, funnels: readonly PublishedFunnel[]): Promise<void> {
    for (let i = 0; i < funnels.length; i += INSERT_CHUNK) {
      const chunk = funnels.slice(i, i + INSERT_CHUNK);
      await m.query(
        `INSERT INTO indicator_snapshot_funnels (snapshot_id, breakdown, indicator, part, funnel) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[])`,
        [
          publicationId,
          chunk.map((f) => f.breakdown),
          chunk.map((f) => f.figure.split(':')[0]),
          chunk.map((f) => f.figure.split(':')[1] ?? ''),
          chunk.map(({ breakdown: _breakdown, ...funnel }) => JSON.stringify(funnel)),
        ],
      );
    }
  }

  /** Every version of a period (of every period when null), with what each holds. */
  async list(m: EntityManager, period: string | null): Promise<PublicationListRow[]> {
    return m.query<PublicationListRow[]>(
      `WITH s AS (${publicationsOf('all')})
       SELECT s.*, x.published_by, x.parameters, x.disclosure_audit - 'cells' AS disclosure_audit,
              (SELECT count(*)::int FROM indicator_snapshot_institutions i WHERE i.snapshot_id = s.id) AS institutions,
              (SELECT count(*)::int FROM indicator_snapshot_results r WHERE r.snapshot_id = s.id) AS reports,
              (SELECT count(*)::int FROM indicator_snapshot_funnels f WHERE f.snapshot_id = s.id) AS funnels
         FROM s JOIN indicator_snapshots x ON x.id = s.id ORDER BY s.period, s.version`,
      [period],
    );
  }

  /** Every period and version published. */
  async versions(m: EntityManager): Promise<PublicationRow[]> {
    return m.query<PublicationRow[]>(`${publicationsOf('all')} ORDER BY period, version`, [null]);
  }

  async findReport(
    m: EntityManager,
    which: PublicationChoice,
    scope: string,
    breakdown: string,
  ): Promise<(PublicationRow & { report: IndicatorReportDto }) | undefined> {
    const [row] = await m.query<(PublicationRow & { report: IndicatorReportDto })[]>(
      `WITH s AS (${publicationsOf('requested')})
       SELECT s.*, r.report FROM s JOIN indicator_snapshot_results r ON r.snapshot_id = s.id AND r.scope = $3 AND r.breakdown = $4`,
      [which.period, which.version ?? null, scope, breakdown],
    );
    return row;
  }

  /** Every scope's report of one breakdown in one publication (nation, regions, institutions), for the results pages. */
  async findReports(
    m: EntityManager,
    which: PublicationChoice,
    breakdown: string,
  ): Promise<(PublicationRow & { scope: string; report: IndicatorReportDto })[]> {
    return m.query<(PublicationRow & { scope: string; report: IndicatorReportDto })[]>(
      `WITH s AS (${publicationsOf('requested')})
       SELECT s.*, r.scope, r.report FROM s JOIN indicator_snapshot_results r ON r.snapshot_id = s.id AND r.breakdown = $3 ORDER BY r.scope`,
      [which.period, which.version ?? null, breakdown],
    );
  }

  /** The newest published version's reports of the given scopes and breakdown, for every period: a trend over published periods. */
  async findReportsOfEveryPeriod(
    m: EntityManager,
    scopes: readonly string[],
    breakdown: string,
  ): Promise<{ period: string; scope: string; report: IndicatorReportDto }[]> {
    return m.query<{ period: string; scope: string; report: IndicatorReportDto }[]>(
      `WITH s AS (SELECT DISTINCT ON (period) id, period FROM indicator_snapshots ORDER BY period, version DESC)
       SELECT s.period, r.scope, r.report FROM s JOIN indicator_snapshot_results r ON r.snapshot_id = s.id AND r.breakdown = $2 AND r.scope = ANY($1::text[])
        ORDER BY s.period, r.scope`,
      [scopes, breakdown],
    );
  }

  async findFunnel(
    m: EntityManager,
    which: PublicationChoice,
    breakdown: string,
    figure: string,
  ): Promise<(PublicationRow & { funnel: FunnelDto }) | undefined> {
    const [indicator, part] = figure.split(':');
    const [row] = await m.query<(PublicationRow & { funnel: FunnelDto })[]>(
      `WITH s AS (${publicationsOf('requested')})
       SELECT s.*, f.funnel FROM s JOIN indicator_snapshot_funnels f ON f.snapshot_id = s.id AND f.breakdown = $3 AND f.indicator = $4 AND f.part = $5`,
      [which.period, which.version ?? null, breakdown, indicator, part ?? ''],
    );
    return row;
  }
}

export function publicationDto(row: PublicationRow): PublicationDto {
  return {
    period: row.period,
    version: row.version,
    publishedAt: new Date(row.published_at).toISOString(),
    correctionReason: row.correction_reason,
    earlyPublicationReason: row.early_publication_reason,
    latestVersion: row.latest_version,
  };
}
