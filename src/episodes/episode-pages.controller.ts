/**
 * Pages of the staff's episodes under /app/episodes (issue 21). The filters are the API's query
 * (EpisodeQueryDto), validated the same way; EpisodeService answers, so the page sees and audits
 * exactly what GET /api/v1/episodes would. A foreign or unknown episode is a 404 page.
 */
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators';
import { NotFoundProblem, ValidationProblem } from '../common/problem';
import { createValidationPipe } from '../common/validation';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { WEB_MESSAGES } from '../web/messages';
import { redirect } from '../web/page-response';
import { WebPages } from '../web/web-pages';
import { CreateEpisodeDto, EpisodeQueryDto, UpdateEpisodeDto } from './dto/episode.dto';
import {
  type EpisodeFormError,
  type EpisodeFormValues,
  episodeDischargePage,
  episodeEditPage,
  episodeFormErrors,
  episodeRegisterPage,
  valuesOfEpisode,
  professionsOf,
  valuesOfForm,
} from './episode-form-pages';
import { EPISODE_FILTERS, type EpisodeFilters, episodeListPage, episodePage } from './episode-pages';
import { ConsentProblem, EpisodePatientMismatchProblem, EpisodeService } from './episode.service';
import { PatientCorrectionDto } from './dto/patient-correction.dto';
import { patientCorrectionPage } from './patient-correction-page';
import { PatientCorrectionService } from './patient-correction.service';

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
    private readonly corrections: PatientCorrectionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const filters = filtersOf(req.query);
    const cursor = typeof req.query.cursor === 'string' && req.query.cursor !== '' ? req.query.cursor.slice(0, 1001) : undefined;
    const ctx = () => this.pages.context(req, res);
    try {
      const query = (await this.validation.transform(
        { ...filters, ...(cursor ? { cursor } : {}), limit: String(PAGE_SIZE) },
        { type: 'query', metatype: EpisodeQueryDto },
      )) as EpisodeQueryDto;
      const result = await this.episodes.list(query);
      this.pages.send(req, res, 200, episodeListPage(ctx(), { filters, result, later: Boolean(cursor), errors: [] }));
    } catch (error) {
      // filters or a cursor that cannot be read (the service checks the cursor against the sort)
      if (!(error instanceof ValidationProblem)) throw error;
      this.pages.send(req, res, 400, episodeListPage(ctx(), { filters, later: Boolean(cursor), errors: error.errors ?? [] }));
    }
  }

  @Get('new')
  registerForm(@Req() req: Request, @Res() res: Response): void {
    this.pages.send(req, res, 200, episodeRegisterPage(this.pages.context(req, res), { values: {}, errors: [] }, this.consentRequired));
  }

  /** Registers (or, for a known externalId, updates) an episode exactly as POST /api/v1/episodes does. */
  @Post()
  async register(@Req() req: Request, @Res() res: Response): Promise<void> {
    const values = valuesOfForm(req.body);
    const nationalId = formText(req.body, 'nationalId').replace(/\s/g, '');
    const errors = await this.tryWrite(req, async () => {
      const dto = await this.validated(CreateEpisodeDto, registrationBody(values, nationalId));
      const { created, episode } = await this.episodes.createOrUpdate(dto);
      this.pages.flash(res, created ? 'episodeRegistered' : 'episodeUpdated');
      redirect(res, `/app/episodes/${episode.id}`);
    });
    if (errors) this.pages.send(req, res, 400, episodeRegisterPage(this.pages.context(req, res), { values, errors }, this.consentRequired));
  }

  @Get(':id/edit')
  async editForm(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const episode = await this.episodes.get(checkedId(id));
    this.pages.send(
      req,
      res,
      200,
      episodeEditPage(this.pages.context(req, res), episode, { values: valuesOfEpisode(episode), errors: [] }),
    );
  }

  /** Changes an episode as PATCH /api/v1/episodes/{id} does; an emptied optional field is cleared (null). */
  @Post(':id')
  async edit(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const values = valuesOfForm(req.body);
    const errors = await this.tryWrite(req, async () => {
      await this.episodes.update(checkedId(id), await this.validated(UpdateEpisodeDto, changeBody(values)));
      this.pages.flash(res, 'episodeUpdated');
      redirect(res, `/app/episodes/${id}`);
    });
    if (errors) {
      const episode = await this.episodes.get(id);
      this.pages.send(req, res, 400, episodeEditPage(this.pages.context(req, res), episode, { values, errors }));
    }
  }

  @Get(':id/discharge')
  async dischargeForm(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const episode = await this.episodes.get(checkedId(id));
    const values = { dischargeDate: episode.dischargeDate ?? '', dischargeDestination: episode.dischargeDestination ?? '' };
    this.pages.send(req, res, 200, episodeDischargePage(this.pages.context(req, res), episode, { values, errors: [] }));
  }

  @Post(':id/discharge')
  async discharge(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const values = valuesOfForm(req.body);
    const m = WEB_MESSAGES[this.pages.languageOf(req)];
    const errors: EpisodeFormError[] | undefined = values.dischargeDate
      ? await this.tryWrite(req, async () => {
          const dto = await this.validated(UpdateEpisodeDto, {
            dischargeDate: values.dischargeDate,
            ...(values.dischargeDestination ? { dischargeDestination: values.dischargeDestination } : {}),
          });
          await this.episodes.update(checkedId(id), dto);
          this.pages.flash(res, 'episodeDischarged');
          redirect(res, `/app/episodes/${id}`);
        })
      : [{ field: 'dischargeDate', message: m.episodeForm.dischargeRequired }];
    if (errors) {
      const episode = await this.episodes.get(checkedId(id));
      this.pages.send(req, res, 400, episodeDischargePage(this.pages.context(req, res), episode, { values, errors }));
    }
  }

  @Get(':id/patient-correction')
  async correctionForm(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const episode = await this.episodes.get(checkedId(id));
    this.pages.send(req, res, 200, patientCorrectionPage(this.pages.context(req, res), episode, { values: {}, errors: [] }));
  }

  /** Corrects the episode's patient as POST /api/v1/episodes/{id}/patient-correction does (audited, with its reason). */
  @Post(':id/patient-correction')
  async correctPatient(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const nationalId = formText(req.body, 'nationalId').replace(/\s/g, '');
    const sex = formText(req.body, 'sex');
    const reason =
      typeof (req.body as Record<string, unknown>)?.reason === 'string'
        ? String((req.body as Record<string, unknown>).reason)
            .trim()
            .slice(0, 600)
        : '';
    const t = WEB_MESSAGES[this.pages.languageOf(req)].staff.correction;
    let errors: { field: string; message: string }[];
    try {
      const dto = await this.validated(PatientCorrectionDto, { nationalId, ...(sex ? { sex } : {}), reason });
      await this.corrections.correct(checkedId(id), dto);
      this.pages.flash(res, 'patientCorrected');
      return redirect(res, `/app/episodes/${id}`);
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error;
      const fields = new Set((error.errors ?? []).map((e) => e.pointer.replace(/^\//, '')));
      errors = (['nationalId', 'sex', 'reason'] as const).filter((f) => fields.has(f)).map((f) => ({ field: f, message: t.errors[f] }));
      if (!errors.length) errors = [{ field: 'nationalId', message: t.errors.nationalId }];
    }
    // The reason is kept (it holds no number: the DTO refuses one); the number is never written back.
    const episode = await this.episodes.get(checkedId(id));
    this.pages.send(
      req,
      res,
      400,
      patientCorrectionPage(this.pages.context(req, res), episode, {
        values: { sex, reason: /\d{11}/.test(reason) ? '' : reason },
        errors,
      }),
    );
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const episode = await this.episodes.get(checkedId(id));
    this.pages.send(req, res, 200, episodePage(this.pages.context(req, res), episode));
  }

  private get consentRequired(): boolean {
    return this.config.consentModel === 'consent';
  }

  private async validated<T extends object>(metatype: new () => T, body: object): Promise<T> {
    return (await this.validation.transform(body, { type: 'body', metatype })) as T;
  }

  /**
   * Runs a write; the errors a person can put right (validation, another patient's episode ID, a
   * refused consent) come back as the form's errors in the page's language, anything else is thrown
   * to the refusal pages (404, 403, 429).
   */
  private async tryWrite(req: Request, write: () => Promise<void>): Promise<EpisodeFormError[] | undefined> {
    const m = WEB_MESSAGES[this.pages.languageOf(req)];
    try {
      await write();
      return undefined;
    } catch (error) {
      if (error instanceof ValidationProblem) return episodeFormErrors(m, error.errors ?? []);
      if (error instanceof EpisodePatientMismatchProblem) return [{ field: 'nationalId', message: m.episodeForm.patientMismatch }];
      if (error instanceof ConsentProblem) return [{ field: 'consentStatus', message: m.episodeForm.consentRefused }];
      throw error;
    }
  }
}

function checkedId(id: string): string {
  if (!UUID.test(id)) throw new NotFoundProblem('The episode');
  return id;
}

function formText(body: unknown, name: string): string {
  const value = ((body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.trim().slice(0, 200) : '';
}

/** POST /api/v1/episodes's body from the form: empty fields are left out, as an API client would. */
function registrationBody(values: EpisodeFormValues, nationalId: string): object {
  const { externalId = '', sex, consentStatus, consentDate, professions, ...stay } = values;
  return {
    externalId,
    patient: { nationalId, ...(sex ? { sex } : {}) },
    ...Object.fromEntries(Object.entries(stay).filter(([, value]) => value !== '')),
    ...(professions ? { professions: professionsOf(values) } : {}),
    ...(consentStatus || consentDate ? { consent: { status: consentStatus ?? '', date: consentDate ?? '' } } : {}),
  };
}

/** PATCH /api/v1/episodes/{id}'s body from the change form: an emptied optional field clears it, a required one is refused. */
function changeBody(values: EpisodeFormValues): object {
  const optional = [
    'referralDate',
    'dischargeDate',
    'dischargeDestination',
    'rehabLevel',
    'individualPlan',
    'coordinator',
    'municipalityNotifiedDate',
  ] as const;
  const required = ['admissionDate', 'setting', 'serviceLevel', 'programme', 'mainDiagnosis'] as const;
  return {
    ...Object.fromEntries(optional.map((field) => [field, values[field] ? values[field] : null])),
    professions: professionsOf(values) ?? null,
    ...Object.fromEntries(required.map((field) => [field, values[field] ?? ''])),
  };
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
