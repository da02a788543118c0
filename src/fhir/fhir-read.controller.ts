import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Bundle, EpisodeOfCare, QuestionnaireResponse } from '@medplum/fhirtypes';
import { Allow } from '../auth/access.decorators';
import { FhirContentType } from './fhir-content-type.interceptor';
import { FhirReadService } from './fhir-read.service';
import { invalid } from './fhir-submission.service';

/** An institution's own episodes and responses, read back. */
@ApiExcludeController()
@Controller('fhir')
@UseInterceptors(FhirContentType)
@Allow('staff', 'api_client')
export class FhirReadController {
  constructor(private readonly reads: FhirReadService) {}

  @Get('EpisodeOfCare')
  search(@Query() query: Record<string, unknown>): Promise<Bundle> {
    const unknown = Object.keys(query).filter((name) => name !== 'identifier');
    if (unknown.length || typeof query.identifier !== 'string')
      throw invalid(
        [
          {
            expression: unknown[0] ?? 'identifier',
            detail: 'Search episodes by identifier=[system|]value only (your own id of the episode).',
          },
        ],
        'Unsupported search.',
      );
    return this.reads.searchByIdentifier(query.identifier);
  }

  @Get('EpisodeOfCare/:id')
  episodeOfCare(@Param('id') id: string): Promise<EpisodeOfCare> {
    return this.reads.episodeOfCare(id);
  }

  @Get('EpisodeOfCare/:id/$everything')
  everything(@Param('id') id: string): Promise<Bundle> {
    return this.reads.everything(id);
  }

  @Get('QuestionnaireResponse/:id')
  questionnaireResponse(@Param('id') id: string): Promise<QuestionnaireResponse> {
    return this.reads.questionnaireResponse(id);
  }
}
