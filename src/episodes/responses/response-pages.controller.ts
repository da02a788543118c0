/**
 * Pages of an episode's responses under /app/episodes/{id}/responses (issue 21): key in a paper
 * EQ-5D-5L, a Barthel (100- or 20-point scale) or a clinician's mRS, see a response's scores and versions, correct it. The form becomes the API's
 * body, validated by the API's DTO and written by ResponseService (same rules, same audit).
 */
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../../auth/access.decorators';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../../common/problem';
import { createValidationPipe } from '../../common/validation';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { type Eq5dWording, wordingCatalogue } from '../../forms/eq5d-wording';
import type { FormLanguage } from '../../forms/messages';
import { WEB_MESSAGES } from '../../web/messages';
import { redirect } from '../../web/page-response';
import { WebPages } from '../../web/web-pages';
import { EpisodeService } from '../episode.service';
import { CreateResponseDto } from './dto/response.dto';
import {
  itemsOf,
  PAPER_INSTRUMENTS,
  type PaperInstrument,
  responseCorrectPage,
  type ResponseFormError,
  type ResponseFormValues,
  responseFormErrors,
  responseHref,
  responseNewPage,
  responsePage,
  valuesOfResponse,
} from './response-pages';
import { ResponseService } from './response.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORM_FIELDS = ['timepoint', 'completedDate', 'mode'] as const;

@ApiExcludeController()
@Controller('app/episodes/:episodeId/responses')
@SignedIn('staff')
export class ResponsePagesController {
  private readonly validation = createValidationPipe();
  /** The EQ-5D-5L wording of the patient form: the licensed text when configured. */
  private readonly wording: Record<FormLanguage, Eq5dWording>;

  constructor(
    private readonly episodes: EpisodeService,
    private readonly responses: ResponseService,
    private readonly pages: WebPages,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.wording = wordingCatalogue(config.eq5dWordingFile);
  }

  @Get('new')
  async newForm(@Param('episodeId') episodeId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const episode = await this.episodes.get(checkedId(episodeId));
    const instrument = paperInstrument(req.query.instrument ?? 'eq5d-5l');
    const timepoint = typeof req.query.timepoint === 'string' ? req.query.timepoint : '';
    const ctx = this.pages.context(req, res);
    const values = {
      timepoint,
      mode: instrument === 'eq5d-5l' ? 'patient_paper' : 'clinician',
      ...(instrument === 'barthel' && req.query.scale === '20' ? { scale: '20' } : {}),
    };
    this.pages.send(req, res, 200, responseNewPage(ctx, episode, instrument, this.wording[ctx.language], { values, errors: [] }));
  }

  /** Keys in a response as POST /api/v1/episodes/{id}/responses does. */
  @Post()
  async create(@Param('episodeId') episodeId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    // The instrument is the form's own hidden field: one that is missing or unknown is a bad request, not a field to correct.
    const instrument = PAPER_INSTRUMENTS.find((i) => i === formValue(req.body, 'instrument'));
    if (!instrument) {
      await this.episodes.get(checkedId(episodeId)); // another institution's episode stays a 404
      throw new ProblemException(400, 'invalid-form', 'Bad request', 'The form names no instrument that can be keyed in.');
    }
    const values = valuesOfForm(req.body, instrument);
    const errors = await this.tryWrite(req, instrument, async () => {
      const dto = await this.validated(responseBody(values, instrument, values.timepoint ?? ''));
      const saved = await this.responses.create(checkedId(episodeId), dto);
      this.pages.flash(res, 'responseSaved');
      redirect(res, responseHref(saved));
    });
    if (errors) {
      const episode = await this.episodes.get(checkedId(episodeId));
      const ctx = this.pages.context(req, res);
      this.pages.send(req, res, 400, responseNewPage(ctx, episode, instrument, this.wording[ctx.language], { values, errors }));
    }
  }

  @Get(':responseId')
  async show(@Param('episodeId') episodeId: string, @Param('responseId') responseId: string, @Req() req: Request, @Res() res: Response) {
    const episode = await this.episodes.get(checkedId(episodeId));
    const versions = await this.responses.history(episode.id, checkedId(responseId));
    this.pages.send(req, res, 200, responsePage(this.pages.context(req, res), episode, versions));
  }

  @Get(':responseId/correct')
  async correctForm(
    @Param('episodeId') episodeId: string,
    @Param('responseId') responseId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { episode, current } = await this.current(episodeId, responseId);
    const ctx = this.pages.context(req, res);
    const view = { values: valuesOfResponse(current), errors: [] };
    this.pages.send(req, res, 200, responseCorrectPage(ctx, episode, current, this.wording[ctx.language], view));
  }

  /** Corrects a response as PUT /api/v1/episodes/{id}/responses/{responseId} does: a new version; timepoint and instrument stay. */
  @Post(':responseId')
  async correct(
    @Param('episodeId') episodeId: string,
    @Param('responseId') responseId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { episode, current } = await this.current(episodeId, responseId);
    const instrument = current.instrument as PaperInstrument;
    const values = valuesOfForm(req.body, instrument);
    const errors = await this.tryWrite(req, instrument, async () => {
      const dto = await this.validated(responseBody(values, instrument, current.timepoint));
      const saved = await this.responses.correct(episode.id, current.id, dto);
      this.pages.flash(res, 'responseCorrected');
      redirect(res, responseHref(saved));
    });
    if (errors) {
      const ctx = this.pages.context(req, res);
      this.pages.send(req, res, 400, responseCorrectPage(ctx, episode, current, this.wording[ctx.language], { values, errors }));
    }
  }

  /** The episode and the version of the response given (a correction must name the current one; the service says so if not). */
  private async current(episodeId: string, responseId: string) {
    const episode = await this.episodes.get(checkedId(episodeId));
    const versions = await this.responses.history(episode.id, checkedId(responseId));
    const current = versions.find((v) => v.id === responseId)!;
    if (!(PAPER_INSTRUMENTS as readonly string[]).includes(current.instrument)) throw new NotFoundProblem('The form');
    return { episode, current };
  }

  private async validated(body: object): Promise<CreateResponseDto> {
    return (await this.validation.transform(body, { type: 'body', metatype: CreateResponseDto })) as CreateResponseDto;
  }

  /** Errors a person can put right come back as the form's; the rest go to the refusal pages. */
  private async tryWrite(req: Request, instrument: PaperInstrument, write: () => Promise<void>): Promise<ResponseFormError[] | undefined> {
    const language = this.pages.languageOf(req);
    const t = WEB_MESSAGES[language].responseForm;
    try {
      await write();
      return undefined;
    } catch (error) {
      if (error instanceof ValidationProblem) return responseFormErrors(WEB_MESSAGES[language], language, instrument, error.errors ?? []);
      if (error instanceof ProblemException && error.slug === 'response-exists') return [{ field: 'timepoint', message: t.exists }];
      if (error instanceof ProblemException && error.slug === 'response-superseded')
        return [{ field: 'completedDate', message: t.superseded }];
      throw error;
    }
  }
}

function checkedId(id: string): string {
  if (!UUID.test(id)) throw new NotFoundProblem('The page');
  return id;
}

function paperInstrument(value: unknown): PaperInstrument {
  const instrument = PAPER_INSTRUMENTS.find((i) => i === value);
  if (!instrument) throw new NotFoundProblem('The form');
  return instrument;
}

function formValue(body: unknown, name: string): string {
  const value = ((body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.trim().slice(0, 40) : '';
}

function valuesOfForm(body: unknown, instrument: PaperInstrument): ResponseFormValues {
  const values: ResponseFormValues = {};
  for (const field of [...FORM_FIELDS, ...itemsOf(instrument), ...(instrument === 'barthel' ? ['scale'] : [])]) {
    const value = formValue(body, field);
    if (value !== '') values[field] = value;
  }
  return values;
}

/** The API's body: whole numbers as numbers, anything else as typed so the DTO refuses it at its item; empty items left out. */
function responseBody(values: ResponseFormValues, instrument: PaperInstrument, timepoint: string): object {
  const answers = Object.fromEntries(
    itemsOf(instrument)
      .filter((item) => values[item] !== undefined)
      .map((item) => [item, /^\d{1,3}$/.test(values[item]!) ? Number(values[item]) : values[item]]),
  );
  // A Barthel on the 20-point scale says so, as an API client would (the service scores it on both scales).
  if (instrument === 'barthel' && values.scale !== undefined) answers.scale = values.scale === '20' ? 20 : values.scale;
  return { timepoint, instrument, completedDate: values.completedDate ?? '', mode: values.mode ?? '', answers };
}
