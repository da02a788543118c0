/** The responses table: every read and write of a response goes through here. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BulkColumns, columnArrays, columnNames, unnestColumns } from '../../common/bulk-columns';
import type { PreparedResponse } from '../episode-preparation';
import type { ResponseDto } from './dto/response.dto';
import { presentScores } from './response-scoring';

const RESPONSE_COLUMNS = `r.id, r.episode_id, r.timepoint, r.instrument, r.completed_date, r.mode, r.answers, r.version, r.supersedes_id,
  r.superseded_at, r.eq5d_state, r.eq5d_level_sum, r.eq5d_index, r.eq5d_value_set, r.eq5d_vas, r.barthel_scale, r.barthel_total,
  r.barthel_band, r.mrs_score, r.scoring_version, r.in_window, r.created_at`;

/** A response as RESPONSE_COLUMNS read it. */
interface ResponseRow {
  id: string;
  episode_id: string;
  timepoint: ResponseDto['timepoint'];
  instrument: ResponseDto['instrument'];
  completed_date: string;
  mode: ResponseDto['mode'];
  answers: Record<string, unknown>;
  version: number;
  supersedes_id: string | null;
  superseded_at: Date | null;
  eq5d_state: string | null;
  eq5d_level_sum: number | null;
  eq5d_index: number | null;
  eq5d_value_set: string | null;
  eq5d_vas: number | null;
  barthel_scale: number | null;
  barthel_total: number | null;
  barthel_band: string | null;
  mrs_score: number | null;
  scoring_version: string;
  in_window: boolean;
  created_at: Date;
}

/** A current response as a batch compares it with what it brings. */
export interface CurrentResponseRow {
  id: string;
  episode_id: string;
  timepoint: string;
  instrument: string;
  /** YYYY-MM-DD, as sent */
  completed_date: string;
  mode: string;
  answers: Record<string, number>;
  version: number;
}

/** The version a correction replaces, locked. */
export interface LockedResponseRow {
  id: string;
  timepoint: string;
  instrument: string;
  version: number;
  superseded_at: Date | null;
}

/** What a new response row holds, in RESPONSE_INSERT_COLUMNS' order. */
export type ResponseInsertRow = {
  episode_id: string;
  timepoint: string;
  instrument: string;
  completed_date: string;
  mode: string;
  /** JSON text */
  answers: string;
  version: number;
  supersedes_id: string | null;
  eq5d_state: string | null;
  eq5d_level_sum: number | null;
  eq5d_index: number | null;
  eq5d_value_set: string | null;
  eq5d_vas: number | null;
  barthel_scale: number | null;
  barthel_total: number | null;
  barthel_band: string | null;
  mrs_score: number | null;
  scoring_version: string;
};

/**
 * The columns every writer of responses fills from a prepared response (the writer, the demo
 * generator, the ingestion benchmark's COPY); each adds institution_id and in_window its own way.
 */
export const RESPONSE_INSERT_COLUMNS: BulkColumns = [
  ['episode_id', 'uuid'],
  ['timepoint', 'text'],
  ['instrument', 'text'],
  ['completed_date', 'date'],
  ['mode', 'text'],
  ['answers', 'jsonb'],
  ['version', 'int'],
  ['supersedes_id', 'uuid'],
  ['eq5d_state', 'text'],
  ['eq5d_level_sum', 'int'],
  ['eq5d_index', 'float8'],
  ['eq5d_value_set', 'text'],
  ['eq5d_vas', 'int'],
  ['barthel_scale', 'int'],
  ['barthel_total', 'int'],
  ['barthel_band', 'text'],
  ['mrs_score', 'int'],
  ['scoring_version', 'text'],
];

export function responseInsertRow(
  episodeId: string,
  response: Omit<PreparedResponse, 'pointer'>,
  version: number,
  supersedesId: string | null,
): ResponseInsertRow {
  const s = response.scores;
  return {
    episode_id: episodeId,
    timepoint: response.timepoint,
    instrument: response.instrument,
    completed_date: response.completedDate,
    mode: response.mode,
    answers: JSON.stringify(response.answers),
    version,
    supersedes_id: supersedesId,
    eq5d_state: s.eq5dState,
    eq5d_level_sum: s.eq5dLevelSum,
    eq5d_index: s.eq5dIndex,
    eq5d_value_set: s.eq5dValueSet,
    eq5d_vas: s.eq5dVas,
    barthel_scale: s.barthelScale,
    barthel_total: s.barthelTotal,
    barthel_band: s.barthelBand,
    mrs_score: s.mrsScore,
    scoring_version: s.scoringVersion,
  };
}

/** A row to insert with the dates of its episode, from which its window flag is computed. */
export interface ResponseToInsert {
  row: ResponseInsertRow;
  episode: { admissionDate: string; dischargeDate: string | null };
}

const WINDOW_DATES: BulkColumns = [
  ['admission_date', 'date'],
  ['discharge_date', 'date'],
];

@Injectable()
export class ResponseRepository {
  /** The id of the current (not superseded) response of an episode at a timepoint with an instrument, if any. */
  async currentId(manager: EntityManager, episodeId: string, timepoint: string, instrument: string): Promise<string | undefined> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM responses WHERE episode_id = $1 AND timepoint = $2 AND instrument = $3 AND superseded_at IS NULL`,
      [episodeId, timepoint, instrument],
    );
    return rows[0]?.id;
  }

  async findById(manager: EntityManager, id: string): Promise<ResponseDto | undefined> {
    const [row]: ResponseRow[] = await manager.query(`SELECT ${RESPONSE_COLUMNS} FROM responses r WHERE r.id = $1`, [id]);
    return row && toResponseDto(row);
  }

  /** The ids of the current responses of episodes, by timepoint and instrument (what a write just left current). */
  async currentIdsOfEpisodes(
    manager: EntityManager,
    episodeIds: string[],
  ): Promise<{ id: string; episode_id: string; timepoint: string; instrument: string }[]> {
    return manager.query(
      `SELECT id, episode_id, timepoint, instrument FROM responses WHERE episode_id = ANY ($1) AND superseded_at IS NULL`,
      [episodeIds],
    );
  }

  /** The current responses of episodes as the API shows them, by episode, timepoint and instrument. */
  async currentDtosOfEpisodes(manager: EntityManager, episodeIds: string[]): Promise<ResponseDto[]> {
    const rows: ResponseRow[] = await manager.query(
      `SELECT ${RESPONSE_COLUMNS} FROM responses r WHERE r.episode_id = ANY ($1::uuid[]) AND r.superseded_at IS NULL
        ORDER BY r.episode_id, r.timepoint, r.instrument`,
      [episodeIds],
    );
    return rows.map(toResponseDto);
  }

  /** The current responses of an episode, by timepoint and instrument. */
  async currentOfEpisode(manager: EntityManager, episodeId: string): Promise<ResponseDto[]> {
    const rows: ResponseRow[] = await manager.query(
      `SELECT ${RESPONSE_COLUMNS} FROM responses r WHERE r.episode_id = $1 AND r.superseded_at IS NULL ORDER BY r.timepoint, r.instrument`,
      [episodeId],
    );
    return rows.map(toResponseDto);
  }

  /** Every version of the response `responseId` belongs to, oldest first; undefined when the episode has no such response. */
  async versions(manager: EntityManager, episodeId: string, responseId: string): Promise<ResponseDto[] | undefined> {
    const [target]: { timepoint: string; instrument: string }[] = await manager.query(
      `SELECT timepoint, instrument FROM responses WHERE id = $1 AND episode_id = $2`,
      [responseId, episodeId],
    );
    if (!target) return undefined;
    const rows: ResponseRow[] = await manager.query(
      `SELECT ${RESPONSE_COLUMNS} FROM responses r WHERE r.episode_id = $1 AND r.timepoint = $2 AND r.instrument = $3 ORDER BY r.version`,
      [episodeId, target.timepoint, target.instrument],
    );
    return rows.map(toResponseDto);
  }

  /** Every version of every response of the episodes, by episode, timepoint, instrument and version (a patient's access report). */
  async allVersionsOfEpisodes(manager: EntityManager, episodeIds: string[]): Promise<ResponseDto[]> {
    const rows: ResponseRow[] = await manager.query(
      `SELECT ${RESPONSE_COLUMNS} FROM responses r WHERE r.episode_id = ANY ($1::uuid[])
        ORDER BY r.episode_id, r.timepoint, r.instrument, r.version`,
      [episodeIds],
    );
    return rows.map(toResponseDto);
  }

  /** The current responses of the episodes, for a batch to compare with. */
  currentOfEpisodes(manager: EntityManager, episodeIds: string[]): Promise<CurrentResponseRow[]> {
    return manager.query(
      `SELECT r.id, r.episode_id, r.timepoint, r.instrument, to_char(r.completed_date, 'YYYY-MM-DD') AS completed_date, r.mode, r.answers, r.version
           FROM responses r WHERE r.episode_id = ANY ($1) AND r.superseded_at IS NULL`,
      [episodeIds],
    );
  }

  async lockForCorrection(manager: EntityManager, episodeId: string, responseId: string): Promise<LockedResponseRow | undefined> {
    const [row]: LockedResponseRow[] = await manager.query(
      `SELECT id, timepoint, instrument, version, superseded_at FROM responses WHERE id = $1 AND episode_id = $2 FOR UPDATE`,
      [responseId, episodeId],
    );
    return row;
  }

  /** Marks versions as superseded, locking them in id order (one global lock order, so overlapping batches queue instead of deadlocking). */
  async supersede(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(
      `WITH locked AS (SELECT id FROM responses WHERE id = ANY ($1) ORDER BY id FOR UPDATE)
       UPDATE responses SET superseded_at = now() WHERE id IN (SELECT id FROM locked)`,
      [[...ids].sort()],
    );
  }

  /** Episode dates decide which responses are in their window; recompute when the dates may have changed. */
  async refreshWindows(manager: EntityManager, episodeIds: string[], windowDays: number): Promise<void> {
    await manager.query(
      `WITH locked AS (SELECT id FROM responses WHERE episode_id = ANY ($1) AND superseded_at IS NULL ORDER BY id FOR UPDATE)
       UPDATE responses r SET in_window = response_in_window(r.timepoint, r.completed_date, e.admission_date, e.discharge_date, $2)
         FROM episodes e WHERE e.id = r.episode_id AND r.id IN (SELECT id FROM locked)`,
      [episodeIds, windowDays],
    );
  }

  /** One statement for all rows; returns their ids in the order of `items`' insertion (episode, timepoint, instrument). */
  async insert(manager: EntityManager, institutionId: string, items: ResponseToInsert[], windowDays: number): Promise<string[]> {
    if (items.length === 0) return [];
    const columns = [...RESPONSE_INSERT_COLUMNS, ...WINDOW_DATES];
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO responses (institution_id, ${columnNames(RESPONSE_INSERT_COLUMNS)}, in_window)
       SELECT $1, ${columnNames(RESPONSE_INSERT_COLUMNS, 'i')},
              response_in_window(i.timepoint, i.completed_date, i.admission_date, i.discharge_date, $2)
         FROM ${unnestColumns(columns, 3, 'i')}
        ORDER BY i.episode_id, i.timepoint, i.instrument -- the same global lock order as the episodes
       RETURNING id`,
      [
        institutionId,
        windowDays,
        ...columnArrays(
          columns,
          items.map((item) => ({
            ...item.row,
            admission_date: item.episode.admissionDate,
            discharge_date: item.episode.dischargeDate,
          })),
        ),
      ],
    );
    return rows.map((row) => row.id);
  }
}

function toResponseDto(row: ResponseRow): ResponseDto {
  return {
    id: row.id,
    episodeId: row.episode_id,
    timepoint: row.timepoint,
    instrument: row.instrument,
    completedDate: row.completed_date,
    mode: row.mode,
    answers: row.answers,
    scores: presentScores(row.instrument, {
      eq5dState: row.eq5d_state,
      eq5dLevelSum: row.eq5d_level_sum,
      eq5dIndex: row.eq5d_index,
      eq5dValueSet: row.eq5d_value_set,
      eq5dVas: row.eq5d_vas,
      barthelScale: row.barthel_scale,
      barthelTotal: row.barthel_total,
      barthelBand: row.barthel_band,
      mrsScore: row.mrs_score,
      scoringVersion: row.scoring_version,
    }),
    inWindow: row.in_window,
    version: row.version,
    supersedesId: row.supersedes_id,
    supersededAt: row.superseded_at ? row.superseded_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}
