import { Body, Controller, Headers, HttpCode, Post, type RawBodyRequest, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Bundle, EpisodeOfCare, QuestionnaireResponse } from '@medplum/fhirtypes';
import type { Request, Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { LimitWrites } from '../auth/write-rate-limit';
import { FhirContentType } from './fhir-content-type.interceptor';
import { FhirSubmissionService, invalid } from './fhir-submission.service';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** Writes through FHIR. The body is taken as it came (no DTO): it is checked against R4 and then mapped. */
@ApiExcludeController()
@Controller('fhir')
@UseInterceptors(FhirContentType)
@Allow('staff', 'api_client')
export class FhirSubmissionsController {
  constructor(private readonly submissions: FhirSubmissionService) {}

  /** A transaction Bundle of EpisodeOfCare and QuestionnaireResponse entries, all or nothing. */
  @Post()
  @HttpCode(200)
  @LimitWrites()
  async transaction(
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Req() req: RawBodyRequest<Request>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Bundle> {
    if (key !== undefined && !KEY_PATTERN.test(key))
      throw invalid([{ expression: 'Idempotency-Key', detail: 'An Idempotency-Key is 1-200 visible ASCII characters, e.g. a UUID.' }]);
    const outcome = await this.submissions.transaction(body, key, req.rawBody);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome.bundle;
  }

  /** One episode: created or updated by its identifier; with If-None-Exist, FHIR's conditional create. */
  @Post('EpisodeOfCare')
  @LimitWrites()
  async episodeOfCare(
    @Headers('if-none-exist') ifNoneExist: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EpisodeOfCare> {
    const { created, resource } = await this.submissions.episodeOfCare(body, ifNoneExist);
    res.status(created ? 201 : 200).setHeader('Location', `EpisodeOfCare/${resource.id}`);
    return resource;
  }

  /** One response for an episode the register has (by its id, or your identifier of it). */
  @Post('QuestionnaireResponse')
  @LimitWrites()
  async questionnaireResponse(
    @Headers('if-none-exist') ifNoneExist: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QuestionnaireResponse> {
    if (ifNoneExist !== undefined)
      throw invalid([
        {
          expression: 'If-None-Exist',
          detail:
            'If-None-Exist is not supported on QuestionnaireResponse: the register keeps one response per episode, timepoint and instrument, so a response sent again is stored once anyway.',
        },
      ]);
    const { created, resource } = await this.submissions.questionnaireResponse(body);
    res.status(created ? 201 : 200).setHeader('Location', `QuestionnaireResponse/${resource.id}`);
    return resource;
  }
}
