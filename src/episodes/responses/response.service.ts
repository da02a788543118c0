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
import { findEpisodeRow, RESPONSE_COLUMNS, toResponseDto } from '../episode-rows';
import { EpisodeDates, EpisodeWriter } from '../episode-writer';
import { CreateResponseDto, ResponseDto } from './dto/response.dto';

type Row = Record<string, unknown>;

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
    private readonly writer: EpisodeWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  create(episodeId: string, dto: CreateResponseDto): Promise<ResponseDto> {
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const episode = await this.episode(manager, episodeId);
      const existing: Row[] = await manager.query(
        `SELECT id FROM responses WHERE episode_id = $1 AND timepoint = $2 AND instrument = $3 AND superseded_at IS NULL`,
        [episodeId, dto.timepoint, dto.instrument],
      );
      if (existing.length) {
        throw new ProblemException(
          409,
          'response-exists',
          'Response exists',
          `The episode already has a ${dto.instrument} response at ${dto.timepoint}; correct it with PUT /api/v1/episodes/${episodeId}/responses/${existing[0].id}.`,
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
      const [current]: Row[] = await manager.query(
        `SELECT id, timepoint, instrument, version, superseded_at FROM responses WHERE id = $1 AND episode_id = $2 FOR UPDATE`,
        [responseId, episodeId],
      );
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
          `A correction keeps timepoint ${String(current.timepoint)} and instrument ${String(current.instrument)}.`,
        );
      }
      await manager.query(`UPDATE responses SET superseded_at = now() WHERE id = $1`, [responseId]);
      return this.insertVersion(manager, episode, dto, (current.version as number) + 1, responseId);
    });
  }

  history(episodeId: string, responseId: string): Promise<ResponseDto[]> {
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const { institutionId } = await this.episode(manager, episodeId);
      const [target]: Row[] = await manager.query(`SELECT timepoint, instrument FROM responses WHERE id = $1 AND episode_id = $2`, [
        responseId,
        episodeId,
      ]);
      if (!target) throw new NotFoundProblem('The response');
      const rows: Row[] = await manager.query(
        `SELECT ${RESPONSE_COLUMNS} FROM responses r WHERE r.episode_id = $1 AND r.timepoint = $2 AND r.instrument = $3 ORDER BY r.version`,
        [episodeId, target.timepoint, target.instrument],
      );
      await this.audit.record(manager, {
        action: 'response.history',
        objectType: 'response',
        objectIds: rows.map((r) => r.id as string),
        institutionId,
      });
      return rows.map(toResponseDto);
    });
  }

  private async insertVersion(
    manager: EntityManager,
    episode: ResponseEpisode,
    dto: CreateResponseDto,
    version: number,
    supersedesId: string | null,
  ): Promise<ResponseDto> {
    const response = prepareResponse(dto, '');
    const { institutionId } = episode;
    const [id] = await this.writer.insertResponses(
      manager,
      institutionId,
      [{ episodeId: episode.id, episode, response, version, supersedesId }],
      this.config.responseWindowDays,
    );
    await this.audit.record(manager, {
      action: version === 1 ? 'response.create' : 'response.correct',
      objectType: 'response',
      objectIds: [id],
      institutionId,
    });
    const [row]: Row[] = await manager.query(`SELECT ${RESPONSE_COLUMNS} FROM responses r WHERE r.id = $1`, [id]);
    return toResponseDto(row);
  }

  private async episode(manager: EntityManager, episodeId: string): Promise<ResponseEpisode> {
    const row = await findEpisodeRow(manager, episodeId);
    if (!row) throw new NotFoundProblem('The episode');
    return {
      id: episodeId,
      institutionId: row.institution_id as string,
      admissionDate: row.admission_date as string,
      dischargeDate: row.discharge_date as string | null,
    };
  }
}
