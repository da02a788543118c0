/**
 * What the public results pages show, read from the published snapshots only (PublishedIndicatorService):
 * the newest published period (or one asked for), every scope's report of it, an indicator's
 * published funnel, and its trend over published years. Pages are kept rendered by everything they
 * show, the publication's version included, so publishing a correction makes every cached page of
 * that period new at its next request, on every instance.
 */
import { Injectable } from '@nestjs/common';
import { REGIONS } from '../institutions/institution.entity';
import { BoundedCache } from '../indicators/bounded-cache';
import type { FunnelDto, IndicatorReportDto, PublicationDto } from '../indicators/dto/indicator.dto';
import { funnelKey } from '../indicators/indicator-funnel';
import { parsePeriod } from '../indicators/indicator-query';
import type { IndicatorId } from '../indicators/indicator-specs';
import { PublicationService } from '../indicators/publishing/publication.service';
import { PublishedIndicatorService } from '../indicators/publishing/published-indicators.service';

export interface PublishedPeriod {
  /** The version shown (the newest unless one was asked for). */
  publication: PublicationDto;
  /** Every version of the period, oldest first: the corrections and their reasons. */
  versions: PublicationDto[];
  national: IndicatorReportDto;
  regions: IndicatorReportDto[];
  institutions: IndicatorReportDto[];
}

export interface RenderedPage {
  html: string;
  gzip: Buffer;
}

const REGION_SCOPES = REGIONS.map((r) => `region:${r}`);

@Injectable()
export class PublicResultsService {
  /** Rendered public pages and CSVs, by path, language and the publication they show. */
  readonly pages = new BoundedCache<RenderedPage>(512);

  constructor(
    private readonly published: PublishedIndicatorService,
    private readonly publishing: PublicationService,
  ) {}

  /** Every published version; one small read, which names what a cached page depends on. */
  versions(): Promise<PublicationDto[]> {
    return this.publishing.versions();
  }

  /**
   * The period a page shows: the one asked for, else the newest published (by end date; a year
   * before a quarter ending the same day); null when nothing is published.
   */
  static choosePeriod(versions: readonly PublicationDto[], asked?: string): string | null {
    if (asked) return versions.some((v) => v.period === asked) ? asked : null;
    const periods = [...new Set(versions.map((v) => v.period))];
    periods.sort((a, b) => {
      const pa = parsePeriod(a);
      const pb = parsePeriod(b);
      return pb.to.localeCompare(pa.to) || pa.from.localeCompare(pb.from);
    });
    return periods[0] ?? null;
  }

  async period(period: string, versions: readonly PublicationDto[], version?: number): Promise<PublishedPeriod | null> {
    const all = await this.published.allScopes(parsePeriod(period), version);
    if (!all) return null;
    const byScope = (prefix: string) => all.reports.filter((r) => r.scope.key.startsWith(prefix));
    const national = all.reports.find((r) => r.scope.key === 'national');
    if (!national) return null;
    const regions = REGION_SCOPES.map((key) => all.reports.find((r) => r.scope.key === key)).filter(
      (r): r is IndicatorReportDto => r !== undefined,
    );
    const institutions = byScope('institution:').sort((a, b) => (a.scope.name ?? '').localeCompare(b.scope.name ?? '', 'nb'));
    return {
      publication: all.publication,
      versions: versions.filter((v) => v.period === period),
      national,
      regions,
      institutions,
    };
  }

  /** The published funnel of an indicator (or part) in the version shown; null where it has none. */
  async funnel(id: IndicatorId, part: string | undefined, publication: PublicationDto): Promise<FunnelDto | null> {
    const figure = funnelKey(id, part);
    if (!figure) return null;
    return this.published.funnel(parsePeriod(publication.period), {}, figure, publication.version);
  }

  /** The nation's and regions' reports of every published year (newest versions). */
  async trend(): Promise<{ period: string; scope: string; report: IndicatorReportDto }[]> {
    const rows = await this.published.trend(['national', ...REGION_SCOPES]);
    return rows.filter((r) => /^\d{4}$/.test(r.period));
  }
}
