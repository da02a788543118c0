/**
 * Pages of the staff's episodes under /app/episodes (issue 21). The filters are the API's query
 * (EpisodeQueryDto), validated the same way; EpisodeService answers, so the page sees and audits
 * exactly what GET /api/v1/episodes would. A foreign or unknown episode is a 404 page.
 */
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators';
import { NotFoundProblem, ValidationProblem } from '../common/problem';
import { createValidationPipe } from '../common/validation';
import { WebPages } from '../web/web-pages';
import { EpisodeQueryDto } from './dto/episode.dto';
import { EPISODE_FILTERS, type EpisodeFilters, episodeListPage, episodePage } from './episode-pages';
import { EpisodeService } from './episode.service';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiExcludeController()
@Controller('app/episodes')
@SignedIn('staff')
export class EpisodePagesController {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly episodes: EpisodeService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const filters = filtersOf(req.query);
    const page = /^[1-9]\d{0,5}$/.test(String(req.query.page ?? '')) ? Number(req.query.page) : 1;
    let query: EpisodeQueryDto;
    try {
      query = (await this.validation.transform(
        { ...filters, page: String(page), pageSize: String(PAGE_SIZE) },
        { type: 'query', metatype: EpisodeQueryDto },
      )) as EpisodeQueryDto;
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error;
      this.pages.send(req, res, 400, episodeListPage(this.pages.context(req, res), { filters, errors: error.errors ?? [] }));
      return;
    }
    const result = await this.episodes.list(query);
    this.pages.send(req, res, 200, episodeListPage(this.pages.context(req, res), { filters, result, errors: [] }));
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!UUID.test(id)) throw new NotFoundProblem('The episode');
    const episode = await this.episodes.get(id);
    this.pages.send(req, res, 200, episodePage(this.pages.context(req, res), episode));
  }
}

/** The known filters with a value; empty fields of the GET form mean "any". */
function filtersOf(query: Request['query']): EpisodeFilters {
  const filters: EpisodeFilters = {};
  for (const key of EPISODE_FILTERS) {
    const value = query[key];
    if (typeof value === 'string' && value.trim() !== '') filters[key] = value.trim().slice(0, 40);
  }
  return filters;
}
