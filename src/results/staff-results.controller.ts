/**
 * The staff's results pages (issue 22) under /app/results, for their own institution (`?institution=`
 * picks another of theirs): the overview, an indicator's page and the CSV of each table. A period is a
 * year, a quarter or `12m` (the last 12 complete months, live only). Bad input is a 400 page, an
 * unknown indicator or an institution not theirs a 404 page, in the user's language with a link back.
 */
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators';
import { Clock } from '../clock/clock';
import { fill } from '../common/page-render';
import { isLanguage } from '../common/languages';
import { OPEN_ITEM_KINDS, OpenItemsService, type OpenItemKind } from '../episodes/open-items.service';
import { PERIOD_PATTERN, lastTwelveMonths, parsePeriod } from '../indicators/indicator-query';
import type { IndicatorId } from '../indicators/indicator-specs';
import { type PageContext, type PageRequest, WebPages } from '../web/web-pages';
import { isIndicatorId } from './public-results-pages';
import { COMPLETENESS_IDS, completenessPage, completenessTables, openItemsTable } from './completeness-page';
import { partsOf, tableCsv, type ResultTable } from './result-tables';
import { resultsErrorPage, resultsText } from './result-views';
import { RESULTS_MESSAGES } from './results-messages';
import {
  staffIndicatorPage,
  staffIndicatorTables,
  staffOverviewPage,
  staffOverviewTable,
  type StaffIndicatorData,
} from './staff-results-pages';
import { StaffResultsService } from './staff-results.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class BadInput extends Error {}

/** The query of a results page, checked. */
interface PageQuery {
  period: string;
  part?: string;
  /** The completeness page's open items: only this kind, this page of them. */
  item?: OpenItemKind;
  page: number;
}

const OPEN_ITEMS_PER_PAGE = 25;
/** The open items' CSV lists them all, up to this many episodes. */
const OPEN_ITEMS_CSV_MAX = 50_000;

@ApiExcludeController()
@Controller('app/results')
@SignedIn('staff')
export class StaffResultsController {
  constructor(
    private readonly results: StaffResultsService,
    private readonly pages: WebPages,
    private readonly clock: Clock,
    private readonly openItems: OpenItemsService,
  ) {}

  @Get()
  async overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.page(req, res, async (ctx, q) => {
      this.pages.send(req, res, 200, staffOverviewPage(ctx, await this.results.overview(q.institutionId, q.period)));
    });
  }

  @Get('csv')
  async overviewCsv(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.page(req, res, async (ctx, q) => {
      const data = await this.results.overview(q.institutionId, q.period);
      const t = resultsText(ctx.language, data.own.suppressionThreshold);
      sendCsv(res, tableCsv(staffOverviewTable(t, data, (id) => `/app/results/${id}`)), `rehabreg-results-${q.period}.csv`);
    });
  }

  @Get('completeness')
  async completeness(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.page(req, res, async (ctx, q) => {
      const [overview, openItems] = await Promise.all([
        this.results.overview(q.institutionId, q.period, COMPLETENESS_IDS),
        this.openItems.page({
          institutionId: q.institutionId,
          ...periodRange(q.period),
          kind: q.item,
          page: q.page,
          pageSize: OPEN_ITEMS_PER_PAGE,
        }),
      ]);
      this.pages.send(req, res, 200, completenessPage(ctx, { overview, openItems, kind: q.item }, q.institution));
    });
  }

  @Get('completeness/csv/:table')
  async completenessCsv(@Param('table') table: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.page(req, res, async (ctx, q) => {
      if (table === 'open-items') {
        // Every open item under the filter, not one page: the list to work through, as a download (audited as the page is).
        const all = await this.openItems.page({
          institutionId: q.institutionId,
          ...periodRange(q.period),
          kind: q.item,
          page: 1,
          pageSize: OPEN_ITEMS_CSV_MAX,
        });
        return sendCsv(res, tableCsv(openItemsTable(all)), `rehabreg-open-items-${q.period}.csv`);
      }
      const data = await this.results.overview(q.institutionId, q.period, COMPLETENESS_IDS);
      const t = resultsText(ctx.language, data.own.suppressionThreshold);
      const model = (completenessTables(t, data) as Record<string, ResultTable | undefined>)[table];
      if (!model) return this.refuse(req, res, ctx, 404, ctx.m.refusal.notFound.body);
      sendCsv(res, tableCsv(model), `rehabreg-completeness-${table}-${q.period}.csv`);
    });
  }

  @Get(':indicator')
  async indicator(@Param('indicator') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.page(req, res, async (ctx, q) => {
      const data = await this.indicatorData(ctx, req, res, id, q);
      if (data) this.pages.send(req, res, 200, await staffIndicatorPage(ctx, data));
    });
  }

  @Get(':indicator/csv/:table')
  async indicatorCsv(
    @Param('indicator') id: string,
    @Param('table') table: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.page(req, res, async (ctx, q) => {
      const data = await this.indicatorData(ctx, req, res, id, q);
      if (!data) return;
      const t = resultsText(ctx.language, data.overview.own.suppressionThreshold);
      const model = staffIndicatorTables(t, data).tables[table];
      if (!model) return this.refuse(req, res, ctx, 404, ctx.m.refusal.notFound.body);
      sendCsv(res, tableCsv(model), `rehabreg-${id}-${table}-${q.period}.csv`);
    });
  }

  /** Checks the query and the institution, then renders; bad input is a 400 page, someone else's institution a 404 page. */
  private async page(
    req: Request,
    res: Response,
    render: (ctx: PageContext, q: PageQuery & { institution?: string; institutionId: string }) => Promise<void>,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const mine = (req as PageRequest).webSession!.principal.institutionIds;
    let query: PageQuery & { institution?: string };
    try {
      query = this.checked(req, ctx);
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      return this.refuse(req, res, ctx, 400, error.message);
    }
    const institutionId = query.institution ?? mine[0];
    if (!institutionId || !mine.includes(institutionId.toLowerCase())) return this.refuse(req, res, ctx, 404, ctx.m.refusal.notFound.body);
    await render(ctx, { ...query, institutionId: institutionId.toLowerCase() });
  }

  private checked(req: Request, ctx: PageContext): PageQuery & { institution?: string } {
    const r = RESULTS_MESSAGES[ctx.language];
    const one = (name: string): string | undefined => {
      const value = req.query[name];
      if (value === undefined) return undefined;
      if (typeof value !== 'string') throw new BadInput(fill(r.errors.badPeriod, { value: name }));
      return value.trim().slice(0, 40);
    };
    const lang = one('lang');
    if (lang !== undefined && !isLanguage(lang)) throw new BadInput(fill(r.errors.badLanguage, { value: lang }));
    const asked = one('period') || this.results.currentYear();
    let period = asked;
    if (asked === '12m') period = lastTwelveMonths(this.clock.now()).key;
    else if (!PERIOD_PATTERN.test(asked)) throw new BadInput(fill(r.errors.badPeriod, { value: asked }));
    const institution = one('institution');
    if (institution !== undefined && !UUID.test(institution))
      throw new BadInput(fill(r.errors.badValue, { value: institution, name: 'institution' }));
    const part = one('part');
    const item = one('item');
    if (item !== undefined && !(OPEN_ITEM_KINDS as readonly string[]).includes(item))
      throw new BadInput(fill(r.errors.badValue, { value: item, name: 'item' }));
    const page = one('page');
    if (page !== undefined && !/^[1-9]\d{0,5}$/.test(page)) throw new BadInput(fill(r.errors.badValue, { value: page, name: 'page' }));
    return {
      period,
      ...(institution ? { institution } : {}),
      ...(part ? { part } : {}),
      ...(item ? { item: item as OpenItemKind } : {}),
      page: page ? Number(page) : 1,
    };
  }

  private async indicatorData(
    ctx: PageContext,
    req: Request,
    res: Response,
    id: string,
    q: { period: string; institutionId: string; part?: string },
  ): Promise<StaffIndicatorData | null> {
    const r = RESULTS_MESSAGES[ctx.language];
    if (!isIndicatorId(id)) {
      this.refuse(req, res, ctx, 404, r.errors.unknownIndicator);
      return null;
    }
    const overview = await this.results.overview(q.institutionId, q.period);
    const result = overview.own.indicators.find((i) => i.id === id)!;
    const parts = partsOf(result);
    if (q.part !== undefined && !parts.includes(q.part)) {
      this.refuse(req, res, ctx, 400, fill(r.errors.badPart, { value: q.part }));
      return null;
    }
    const part = q.part ?? parts[0];
    const caseMixIds: IndicatorId[] = ['eq5d.index_change', 'eq5d.index_change_adjusted'];
    const [trend, breakdowns, funnel, published, caseMix] = [
      await this.results.trend(q.institutionId, id),
      await this.results.breakdowns(q.institutionId, q.period, id),
      q.period.startsWith('12m') ? null : await this.results.funnel(id, part, q.period),
      await this.results.newestPublished(),
      caseMixIds.includes(id) ? await this.results.overview(q.institutionId, q.period, caseMixIds) : null,
    ];
    return { overview, id, part, trend, breakdowns, funnel, published, caseMix };
  }

  private refuse(req: Request, res: Response, ctx: PageContext, status: 400 | 404, message: string): void {
    this.pages.send(req, res, status, resultsErrorPage(ctx, status, message, '/app/results'));
  }
}

/** The first and last day of a period. */
function periodRange(period: string): { from: string; to: string } {
  const { from, to } = parsePeriod(period);
  return { from, to };
}

function sendCsv(res: Response, csv: string, filename: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.status(200).end(csv);
}
