/**
 * Reading back own data through FHIR: the episode and response services' reads (their scope, RLS
 * and audit), shown as FHIR resources. Another institution's resource is not found, as in the JSON API.
 */
import { Injectable } from '@nestjs/common';
import type { Bundle, EpisodeOfCare, QuestionnaireResponse } from '@medplum/fhirtypes';
import { AuditService } from '../audit/audit.service';
import { InstitutionScope } from '../auth/institution-scope';
import { NotFoundProblem, ProblemException } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { EpisodeRepository, toEpisodeDto } from '../episodes/episode.repository';
import { EpisodeService } from '../episodes/episode.service';
import { ResponseRepository } from '../episodes/responses/response.repository';
import { searchSet, notFound } from './fhir-conformance.service';
import { episodeOfCare, questionnaireResponse } from './fhir-resources';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class FhirReadService {
  constructor(
    private readonly episodes: EpisodeService,
    private readonly episodeRows: EpisodeRepository,
    private readonly responses: ResponseRepository,
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly audit: AuditService,
  ) {}

  async episodeOfCare(id: string): Promise<EpisodeOfCare> {
    return episodeOfCare(await this.episode(id));
  }

  /** The episode and its current responses. */
  async everything(id: string): Promise<Bundle> {
    const episode = await this.episode(id);
    return searchSet([episodeOfCare(episode), ...episode.responses.map((r) => questionnaireResponse(r, episode))]);
  }

  /** `identifier=[system|]value`: the institution's own episode id (the register keeps the value, unique per institution). */
  async searchByIdentifier(identifier: string): Promise<Bundle> {
    const value = identifier.includes('|') ? identifier.slice(identifier.indexOf('|') + 1) : identifier;
    if (value.length < 1 || value.length > 100)
      throw new ProblemException(
        400,
        'validation-error',
        'Invalid request',
        'identifier must be [system|]value, the value 1 to 100 characters.',
      );
    const page = await this.episodes.list({ externalId: value, limit: 500 });
    return searchSet(page.items.map(episodeOfCare));
  }

  /** The response (current or earlier version); its read is audited as a read of its episode. */
  async questionnaireResponse(id: string): Promise<QuestionnaireResponse> {
    if (!UUID.test(id)) throw notFound('QuestionnaireResponse', id);
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const response = await this.responses.findById(manager, id);
      const row = response && (await this.episodeRows.findVisible(manager, response.episodeId));
      if (!response || !row) throw notFound('QuestionnaireResponse', id);
      await this.audit.record(manager, {
        action: 'episode.read',
        objectType: 'episode',
        objectIds: [row.id],
        institutionId: row.institution_id,
      });
      return questionnaireResponse(response, toEpisodeDto(row));
    });
  }

  private async episode(id: string) {
    if (!UUID.test(id)) throw notFound('EpisodeOfCare', id);
    try {
      return await this.episodes.get(id);
    } catch (error) {
      if (error instanceof NotFoundProblem) throw notFound('EpisodeOfCare', id);
      throw error;
    }
  }
}
