/** Reads of what was published: a report or a funnel of a period, the newest version unless one is asked for. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProblemException } from '../../common/problem';
import { ScopedDb } from '../../database/scoped-db';
import type { FunnelDto, IndicatorReportDto, PublicationDto } from '../dto/indicator.dto';
import { breakdownKey, scopeKey, type Filters, type Period, type Scope } from '../indicator-query';
import { institutionInfo } from '../institution-info';
import { emptyScopeReport } from './empty-scope-report';
import { publicationDto, PublicationRepository } from './publication.repository';

@Injectable()
export class PublishedIndicatorService {
  constructor(
    private readonly db: ScopedDb,
    private readonly publications: PublicationRepository,
  ) {}

  /**
   * The report as published for the period (the newest version, or `version`); null before
   * publication, for a version that does not exist, or for an institution that does not exist. A
   * scope that exists but had no episodes there gets every figure suppressed (emptyScopeReport),
   * as a scope whose data are hidden: a 404 would tell a reader it had none.
   */
  async report(period: Period, scope: Scope, filters: Filters, version?: number): Promise<IndicatorReportDto | null> {
    const breakdown = publishedBreakdown(filters);
    return this.db.registerTransaction(async (m) => {
      const which = { period: period.key, version };
      const row = await this.publications.findReport(m, which, scopeKey(scope), breakdown);
      if (row) return { ...row.report, publication: publicationDto(row) };
      const national = await this.publications.findReport(m, which, 'national', 'all');
      const described = national ? await describeScope(m, scope) : null;
      return national && described
        ? { ...emptyScopeReport(national.report, described, filters), publication: publicationDto(national) }
        : null;
    });
  }

  /**
   * Every scope's report of a publication without breakdown (nation, regions, institutions), for
   * the results pages; null when nothing is published for the period (or the version).
   */
  async allScopes(period: Period, version?: number): Promise<{ publication: PublicationDto; reports: IndicatorReportDto[] } | null> {
    return this.db.registerTransaction(async (m) => {
      const rows = await this.publications.findReports(m, { period: period.key, version }, 'all');
      if (!rows.length) return null;
      return { publication: publicationDto(rows[0]), reports: rows.map((r) => ({ ...r.report, publication: publicationDto(r) })) };
    });
  }

  /** The nation's and the regions' reports of every published period (newest versions), for a trend. */
  async trend(scopes: readonly string[]): Promise<{ period: string; scope: string; report: IndicatorReportDto }[]> {
    return this.db.registerTransaction((m) => this.publications.findReportsOfEveryPeriod(m, scopes, 'all'));
  }

  /** A published funnel (for the public route and for staff; the newest version, or `version`), with its publication, or null. */
  async funnel(period: Period, filters: Filters, figure: string, version?: number): Promise<FunnelDto | null> {
    const breakdown = publishedBreakdown(filters);
    return this.db.registerTransaction(async (m) => {
      const row = await this.publications.findFunnel(m, { period: period.key, version }, breakdown, figure);
      return row ? { ...row.funnel, publication: publicationDto(row) } : null;
    });
  }
}

/** Published tables are broken down by one filter at a time; a combination was never published. */
function publishedBreakdown(filters: Filters): string {
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

/** A scope as a report names it; null for an institution that does not exist. */
async function describeScope(m: EntityManager, scope: Scope): Promise<IndicatorReportDto['scope'] | null> {
  const key = scopeKey(scope);
  if (scope.kind === 'national') return { kind: 'national', key };
  if (scope.kind === 'region') return { kind: 'region', key, region: scope.region };
  const [info] = await institutionInfo(m, [scope.institutionId]);
  return info ? { kind: 'institution', key, institutionId: scope.institutionId, name: info.name, region: info.region } : null;
}
