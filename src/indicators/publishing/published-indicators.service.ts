/** Reads of what was published: a report or a funnel of a period, the newest version unless one is asked for. */
import { Injectable } from '@nestjs/common';
import { ProblemException } from '../../common/problem';
import { ScopedDb } from '../../database/scoped-db';
import type { FunnelDto, IndicatorReportDto } from '../dto/indicator.dto';
import { breakdownKey, scopeKey, type Filters, type Period, type Scope } from '../indicator-query';
import { publicationDto, PublicationRepository } from './publication.repository';

@Injectable()
export class PublishedIndicatorService {
  constructor(
    private readonly db: ScopedDb,
    private readonly publications: PublicationRepository,
  ) {}

  /**
   * The report as published for the period (the newest version, or `version`), or null before
   * publication, for a version that does not exist, or for a scope it does not have.
   */
  async report(period: Period, scope: Scope, filters: Filters, version?: number): Promise<IndicatorReportDto | null> {
    const breakdown = publishedBreakdown(filters);
    return this.db.registerTransaction(async (m) => {
      const row = await this.publications.findReport(m, { period: period.key, version }, scopeKey(scope), breakdown);
      return row ? { ...row.report, publication: publicationDto(row) } : null;
    });
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
