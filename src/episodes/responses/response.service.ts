/** Responses to one episode: first answers, corrections (new versions), and their history. */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { InstitutionScope } from '../../auth/institution-scope';
import { NotFoundProblem, ProblemException } from '../../common/problem';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { ScopedDb } from '../../database/scoped-db';
import { prepareResponse } from '../episode-preparation';
import { EpisodeRepository } from '../episode.repository';
import type { EpisodeDates } from '../episode-writer';
import { CreateResponseDto, ResponseDto } from './dto/response.dto';
import { ResponseRepository, responseInsertRow } from './response.repository';

/** What writing a response needs of its episode. */
interface ResponseEpisode extends EpisodeDates {
  id: string;
  institutionId: string;
}

@Injectable()
export class ResponseService {
  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly audit: AuditService,
    private readonly episodes: EpisodeRepository,
    private readonly responses: ResponseRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  create(episodeId: string, dto: CreateResponseDto): Promise<ResponseDto> {
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const episode = await this.episode(manager, episodeId);
      const existingId = await this.responses.currentId(manager, episodeId, dto.timepoint, dto.instrument);
      if (existingId) {
        throw new ProblemException(
          409,
          'response-exists',
          'Response exists',
          `The episode already has a ${dto.instrument} response at ${dto.timepoint}; correct it with PUT /api/v1/episodes/${episodeId}/responses/${existingId}.`,
        );
      }
      return this.insertVersion(manager, episode, dto, 1, null);
    });
  }

  /** This same path serves the patient web form, in the caller's (the invitation's) transaction. */
  async createIn(manager: EntityManager, episodeId: string, dto: CreateResponseDto): Promise<ResponseDto> {
    return this.insertVersion(manager, await this.episode(manager, episodeId), dto, 1, null);
  }

  correct(episodeId: string, responseId: string, dto: CreateResponseDto): Promise<ResponseDto> {
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const episode = await this.episode(manager, episodeId);
      const current = await this.responses.lockForCorrection(manager, episodeId, responseId);
      if (!current) throw new NotFoundProblem('The response');
      if (current.superseded_at)
        throw new ProblemException(
          409,
          'response-superseded',
          'Response superseded',
          'This version has already been corrected; correct the current version instead.',
        );
      if (current.timepoint !== dto.timepoint || current.instrument !== dto.instrument) {
        throw new ProblemException(
          422,
          'response-mismatch',
          'Correction does not match',
          `A correction keeps timepoint ${current.timepoint} and instrument ${current.instrument}.`,
        );
      }
      await this.responses.supersede(manager, [responseId]);
      return this.insertVersion(manager, episode, dto, current.version + 1, responseId);
    });
  }

  history(episodeId: string, responseId: string): Promise<ResponseDto[]> {
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const { institutionId } = await this.episode(manager, episodeId);
      const versions = await this.responses.versions(manager, episodeId, responseId);
      if (!versions) throw new NotFoundProblem('The response');
      await this.audit.record(manager, {
        action: 'response.history',
        objectType: 'response',
        objectIds: versions.map((r) => r.id),
        institutionId,
      });
      return versions;
    });
  }

  private async insertVersion(
    manager: EntityManager,
    episode: ResponseEpisode,
    dto: CreateResponseDto,
    version: number,
    supersedesId: string | null,
  ): Promise<ResponseDto> {
    const row = responseInsertRow(episode.id, prepareResponse(dto, ''), version, supersedesId);
    const { institutionId } = episode;
    const [id] = await this.responses.insert(manager, institutionId, [{ row, episode }], this.config.responseWindowDays);
    await this.audit.record(manager, {
      action: version === 1 ? 'response.create' : 'response.correct',
      objectType: 'response',
      objectIds: [id],
      institutionId,
    });
    return (await this.responses.findById(manager, id))!;
  }

  private async episode(manager: EntityManager, episodeId: string): Promise<ResponseEpisode> {
    const row = await this.episodes.findVisible(manager, episodeId);
    if (!row) throw new NotFoundProblem('The episode');
    return { id: episodeId, institutionId: row.institution_id, admissionDate: row.admission_date, dischargeDate: row.discharge_date };
  }
}
