/**
 * What a staff member's results pages show: their institution's live figures beside their region's
 * and the nation's (LiveReportService: the contributor rule and the audit apply as in the API), a
 * trend over 12 quarters, breakdowns, the funnel (published, or live with only their own point) and
 * their region's institutions as published. No figure reaches a page by another way than the API's.
 */
import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { NotFoundProblem } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { PROGRAMMES, SERVICE_LEVELS, SETTINGS } from '../episodes/episode.enums';
import type { FunnelReportDto, IndicatorQueryDto, IndicatorReportDto } from '../indicators/dto/indicator.dto';
import { funnelKey } from '../indicators/indicator-funnel';
import type { IndicatorId } from '../indicators/indicator-specs';
import { institutionInfo } from '../indicators/institution-info';
import { LiveFunnelService } from '../indicators/live/live-funnel.service';
import { LiveReportService } from '../indicators/live/live-report.service';
import { PublicResultsService, type PublishedPeriod } from './public-results.service';

export interface StaffOverview {
  period: string;
  own: IndicatorReportDto;
  region: IndicatorReportDto;
  national: IndicatorReportDto;
  /** Whether the period is published: otherwise every figure is live only. */
  published: boolean;
}

export interface Breakdown {
  filter: 'programme' | 'setting' | 'serviceLevel';
  value: string;
  report: IndicatorReportDto;
}

@Injectable()
export class StaffResultsService {
  constructor(
    private readonly live: LiveReportService,
    private readonly funnels: LiveFunnelService,
    private readonly published: PublicResultsService,
    private readonly clock: Clock,
    private readonly db: ScopedDb,
  ) {}

  /** This year: the period a staff member sees first. */
  currentYear(): string {
    return this.clock.now().toISOString().slice(0, 4);
  }

  /** The last 12 quarters, the current one last. */
  lastQuarters(count = 12): string[] {
    const now = this.clock.now();
    let year = now.getUTCFullYear();
    let quarter = Math.floor(now.getUTCMonth() / 3) + 1;
    const quarters: string[] = [];
    for (let i = 0; i < count; i++) {
      quarters.unshift(`${year}-Q${quarter}`);
      quarter -= 1;
      if (quarter === 0) [year, quarter] = [year - 1, 4];
    }
    return quarters;
  }

  /**
   * The own institution's figures (exact, its cube rebuilt when its data changed) beside its
   * region's and the nation's as references (resting on a national cube up to a few minutes old, so
   * new data at the institution does not rebuild the nation's figures on every view); all at once.
   */
  async overview(institutionId: string, period: string, ids?: IndicatorId[]): Promise<StaffOverview> {
    const query = (scope: string) => ({ scope, period, ...(ids ? { indicator: ids } : {}) }) as IndicatorQueryDto;
    const region = await this.regionOf(institutionId);
    const [own, regional, national, versions] = await Promise.all([
      this.live.report(query(`institution:${institutionId}`)),
      this.live.report(query(`region:${region}`), { reference: true }),
      this.live.report(query('national'), { reference: true }),
      this.published.versions(),
    ]);
    return { period, own, region: regional, national, published: versions.some((v) => v.period === period) };
  }

  private async regionOf(institutionId: string): Promise<string> {
    const [info] = await this.db.registerTransaction((m) => institutionInfo(m, [institutionId]));
    if (!info) throw new NotFoundProblem('The institution');
    return info.region;
  }

  /** Own and national figures of one indicator per quarter. */
  async trend(
    institutionId: string,
    id: IndicatorId,
  ): Promise<{ period: string; own: IndicatorReportDto; national: IndicatorReportDto }[]> {
    const rows = [];
    for (const period of this.lastQuarters()) {
      const ask = (scope: string) => this.live.report({ scope, period, indicator: [id] } as IndicatorQueryDto);
      rows.push({ period, own: await ask(`institution:${institutionId}`), national: await ask('national') });
    }
    return rows;
  }

  /** The institution's figure of one indicator per programme, setting and service level. */
  async breakdowns(institutionId: string, period: string, id: IndicatorId): Promise<Breakdown[]> {
    const groups = [
      ...PROGRAMMES.map((value) => ({ filter: 'programme' as const, value })),
      ...SETTINGS.map((value) => ({ filter: 'setting' as const, value })),
      ...SERVICE_LEVELS.map((value) => ({ filter: 'serviceLevel' as const, value })),
    ];
    const out: Breakdown[] = [];
    for (const g of groups) {
      const report = await this.live.report({
        scope: `institution:${institutionId}`,
        period,
        indicator: [id],
        [g.filter]: g.value,
      } as IndicatorQueryDto);
      out.push({ ...g, report });
    }
    return out;
  }

  /** The funnel of the period as published (every institution named), else live with the viewer's own points; null without one. */
  async funnel(id: IndicatorId, part: string | undefined, period: string): Promise<FunnelReportDto | null> {
    if (!funnelKey(id, part)) return null;
    return this.funnels.funnel({ indicator: id, part, period });
  }

  /** The newest published period (for the region's institutions as published); null before any publication. */
  async newestPublished(): Promise<PublishedPeriod | null> {
    const versions = await this.published.versions();
    const period = PublicResultsService.choosePeriod(versions.filter((v) => /^\d{4}$/.test(v.period)));
    return period ? this.published.period(period, versions) : null;
  }
}
