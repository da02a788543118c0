/**
 * The public results pages (issue 22): `/`, `/resultater`, `/resultater/{indicator}` and the CSV of
 * each of their tables. No sign-in; published snapshots only. Bad input is a 400 page, an unknown
 * indicator or a period never published a 404 page, in the reader's language with a link back.
 */
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { gzipSync } from 'node:zlib';
import { Public } from '../auth/access.decorators';
import { fill } from '../common/page-render';
import { isLanguage } from '../common/languages';
import { PERIOD_PATTERN } from '../indicators/indicator-query';
import { sendCachedPage } from '../web/page-response';
import { type PageContext, type PageRequest, WebPages } from '../web/web-pages';
import {
  indicatorPage,
  indicatorTables,
  institutionsTable,
  isIndicatorId,
  overviewPage,
  regionsTable,
  withLang,
} from './public-results-pages';
import { PublicResultsService, type PublishedPeriod, type RenderedPage } from './public-results.service';
import { partsOf, tableCsv } from './result-tables';
import { resultsErrorPage, resultsText } from './result-views';
import { RESULTS_MESSAGES } from './results-messages';

/** What a public results URL asks for, checked: each malformed value is named in the 400 page. */
interface PublicQuery {
  period?: string;
  version?: number;
  part?: string;
}

class BadInput extends Error {}

@ApiExcludeController()
@Controller()
@Public('the results service shows published figures to everyone (issue 22)')
export class PublicResultsController {
  constructor(
    private readonly results: PublicResultsService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  front(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.overview(req, res);
  }

  @Get('resultater')
  async overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer(req, res, 'overview', async (ctx, query) => {
      const data = await this.publishedPeriod(ctx, req, res, query);
      if (data === undefined) return null;
      return { body: overviewPage(ctx, data), type: 'html' };
    });
  }

  @Get('resultater/csv/:table')
  async overviewCsv(@Param('table') table: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer(req, res, `csv:${table}`, async (ctx, query) => {
      if (table !== 'regions' && table !== 'institutions') return this.notFound(req, res, ctx);
      const data = await this.publishedPeriod(ctx, req, res, query);
      if (!data) return data === null ? this.notFound(req, res, ctx) : null;
      const t = resultsText(ctx.language, data.national.suppressionThreshold);
      const model = table === 'regions' ? regionsTable(t, data, ctx) : institutionsTable(t, data);
      return {
        body: tableCsv(model),
        type: 'csv',
        filename: `rehabreg-${table}-${data.publication.period}-v${data.publication.version}.csv`,
      };
    });
  }

  @Get('resultater/:indicator')
  async indicator(@Param('indicator') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer(req, res, `indicator:${id}`, async (ctx, query) => {
      const data = await this.indicatorData(ctx, req, res, id, query);
      return data && { body: await indicatorPage(ctx, data), type: 'html' };
    });
  }

  @Get('resultater/:indicator/csv/:table')
  async indicatorCsv(
    @Param('indicator') id: string,
    @Param('table') table: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.answer(req, res, `indicator:${id}:csv:${table}`, async (ctx, query) => {
      if (!['scopes', 'institutions', 'funnel', 'trend'].includes(table)) return this.notFound(req, res, ctx);
      const data = await this.indicatorData(ctx, req, res, id, query);
      if (!data) return null;
      const t = resultsText(ctx.language, data.period.national.suppressionThreshold);
      const model = indicatorTables(t, data)[table as 'scopes'];
      const part = data.part ? `-${data.part}` : '';
      return {
        body: tableCsv(model),
        type: 'csv',
        filename: `rehabreg-${id}${part}-${table}-${data.period.publication.period}-v${data.period.publication.version}.csv`,
      };
    });
  }

  /**
   * Checks the query, then answers from the cache of rendered pages or renders: the key holds the
   * page, its query, the language and every published version, so a correction (a new version) is
   * a new page. A signed-in visitor's page carries their header and is not kept.
   */
  private async answer(
    req: Request,
    res: Response,
    page: string,
    render: (ctx: PageContext, query: PublicQuery) => Promise<{ body: string; type: 'html' | 'csv'; filename?: string } | null>,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    let query: PublicQuery;
    try {
      query = checkedQuery(req, ctx);
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      this.pages.send(req, res, 400, resultsErrorPage(ctx, 400, error.message, withLang('/resultater', ctx)));
      return;
    }
    const versions = await this.results.versions();
    const cacheable = !(req as PageRequest).webSession;
    const key = JSON.stringify([page, ctx.language, query, versions.map((v) => `${v.period}:${v.latestVersion}`)]);
    const kept = cacheable ? this.results.pages.get(key) : undefined;
    if (kept) return sendKept(req, res, kept, page);
    (req as Request & { publishedVersions?: typeof versions }).publishedVersions = versions;
    const answer = await render(ctx, query);
    if (!answer) return; // an error page was sent
    const rendered: RenderedPage = { html: answer.body, gzip: gzipSync(Buffer.from(answer.body, 'utf8')) };
    if (cacheable) this.results.pages.set(key, rendered);
    if (answer.type === 'csv') sendCsv(req, res, rendered, answer.filename!);
    else sendCachedPage(req, res, 200, rendered, cacheable ? 'public, max-age=60' : 'no-store');
  }

  /** The published period the query names (the newest without one); null after a 404 page, undefined for "nothing published". */
  private async publishedPeriod(
    ctx: PageContext,
    req: Request,
    res: Response,
    query: PublicQuery,
  ): Promise<PublishedPeriod | null | undefined> {
    const versions =
      (req as Request & { publishedVersions?: Awaited<ReturnType<PublicResultsService['versions']>> }).publishedVersions ?? [];
    const period = PublicResultsService.choosePeriod(versions, query.period);
    if (!period) {
      if (query.period) return this.notFound(req, res, ctx);
      return null;
    }
    const data = await this.results.period(period, versions, query.version);
    if (!data) return this.notFound(req, res, ctx);
    return data;
  }

  private async indicatorData(ctx: PageContext, req: Request, res: Response, id: string, query: PublicQuery) {
    const r = RESULTS_MESSAGES[ctx.language];
    if (!isIndicatorId(id)) return this.notFound(req, res, ctx, r.errors.unknownIndicator);
    const data = await this.publishedPeriod(ctx, req, res, query);
    if (!data) return data === null ? this.notFound(req, res, ctx) : null;
    const national = data.national.indicators.find((i) => i.id === id);
    if (!national) return this.notFound(req, res, ctx, r.errors.unknownIndicator);
    const parts = partsOf(national);
    if (query.part !== undefined && !parts.includes(query.part)) {
      this.pages.send(
        req,
        res,
        400,
        resultsErrorPage(ctx, 400, fill(r.errors.badPart, { value: query.part }), withLang('/resultater', ctx)),
      );
      return null;
    }
    const part = query.part ?? parts[0];
    const [funnel, trend] = await Promise.all([this.results.funnel(id, part, data.publication), this.results.trend()]);
    return { period: data, id, part, funnel, trend };
  }

  private notFound(req: Request, res: Response, ctx: PageContext, message?: string): null {
    this.pages.send(req, res, 404, resultsErrorPage(ctx, 404, message ?? ctx.m.refusal.notFound.body, withLang('/resultater', ctx)));
    return null;
  }
}

function checkedQuery(req: Request, ctx: PageContext): PublicQuery {
  const r = RESULTS_MESSAGES[ctx.language];
  const one = (name: string): string | undefined => {
    const value = req.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new BadInput(fill(r.errors.badPeriod, { value: name }));
    return value.slice(0, 40);
  };
  const lang = one('lang');
  if (lang !== undefined && !isLanguage(lang)) throw new BadInput(fill(r.errors.badLanguage, { value: lang }));
  const period = one('period');
  if (period !== undefined && period !== '12m' && !PERIOD_PATTERN.test(period))
    throw new BadInput(fill(r.errors.badPeriod, { value: period }));
  const version = one('version');
  if (version !== undefined && !/^[1-9]\d{0,5}$/.test(version)) throw new BadInput(fill(r.errors.badPeriod, { value: version }));
  const part = one('part');
  return {
    ...(period !== undefined ? { period } : {}),
    ...(version !== undefined ? { version: Number(version) } : {}),
    ...(part !== undefined ? { part } : {}),
  };
}

function sendKept(req: Request, res: Response, kept: RenderedPage, page: string): void {
  if (page.includes('csv')) sendCsv(req, res, kept, csvName(req));
  else sendCachedPage(req, res, 200, kept, 'public, max-age=60');
}

function csvName(req: Request): string {
  return `rehabreg-${req.path.split('/').filter(Boolean).slice(1).join('-').replace('-csv', '')}.csv`;
}

function sendCsv(req: Request, res: Response, rendered: RenderedPage, filename: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'public, max-age=60');
  res.setHeader('Vary', 'Accept-Encoding, Accept-Language, Cookie');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.setHeader('Content-Encoding', 'gzip');
    res.status(200).end(rendered.gzip);
  } else res.status(200).end(rendered.html);
}
