/** Reading episodes and responses back as response DTOs (never raw rows: no pseudonym leaves the service). */
import { EntityManager } from 'typeorm';
import { presentScores } from './responses/response-scoring';
import type { ResponseDto } from './responses/dto/response.dto';
import type { EpisodeDto } from './dto/episode.dto';
import type { ConsentStatus } from './episode.enums';

export const EPISODE_COLUMNS = `e.id, e.institution_id, e.unit_id, e.external_id, e.birth_year, e.sex, e.referral_date, e.admission_date,
  e.discharge_date, e.setting, e.service_level, e.programme, e.main_diagnosis, e.discharge_destination, e.consent_status,
  e.consent_date, e.created_at, e.updated_at`;

export const RESPONSE_COLUMNS = `r.id, r.episode_id, r.timepoint, r.instrument, r.completed_date, r.mode, r.answers, r.version, r.supersedes_id,
  r.superseded_at, r.eq5d_state, r.eq5d_level_sum, r.eq5d_index, r.eq5d_value_set, r.eq5d_vas, r.barthel_scale, r.barthel_total,
  r.barthel_band, r.scoring_version, r.in_window, r.created_at`;

type Row = Record<string, unknown>;

export function toEpisodeDto(row: Row): EpisodeDto {
  return {
    id: row.id as string,
    institutionId: row.institution_id as string,
    unitId: row.unit_id as string | null,
    externalId: row.external_id as string,
    birthYear: row.birth_year as number,
    sex: row.sex as EpisodeDto['sex'],
    referralDate: row.referral_date as string | null,
    admissionDate: row.admission_date as string,
    dischargeDate: row.discharge_date as string | null,
    setting: row.setting as EpisodeDto['setting'],
    serviceLevel: row.service_level as EpisodeDto['serviceLevel'],
    programme: row.programme as EpisodeDto['programme'],
    mainDiagnosis: row.main_diagnosis as string,
    dischargeDestination: row.discharge_destination as EpisodeDto['dischargeDestination'],
    consent: row.consent_status ? { status: row.consent_status as ConsentStatus, date: row.consent_date as string } : null,
    createdAt: (row.created_at as Date).toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}

export function toResponseDto(row: Row): ResponseDto {
  return {
    id: row.id as string,
    episodeId: row.episode_id as string,
    timepoint: row.timepoint as ResponseDto['timepoint'],
    instrument: row.instrument as ResponseDto['instrument'],
    completedDate: row.completed_date as string,
    mode: row.mode as ResponseDto['mode'],
    answers: row.answers as Record<string, unknown>,
    scores: presentScores({
      eq5dState: row.eq5d_state as string | null,
      eq5dLevelSum: row.eq5d_level_sum as number | null,
      eq5dIndex: row.eq5d_index as number | null,
      eq5dValueSet: row.eq5d_value_set as string | null,
      eq5dVas: row.eq5d_vas as number | null,
      barthelScale: row.barthel_scale as number | null,
      barthelTotal: row.barthel_total as number | null,
      barthelBand: row.barthel_band as string | null,
      scoringVersion: row.scoring_version as string,
    }),
    inWindow: row.in_window as boolean,
    version: row.version as number,
    supersedesId: row.supersedes_id as string | null,
    supersededAt: row.superseded_at ? (row.superseded_at as Date).toISOString() : null,
    createdAt: (row.created_at as Date).toISOString(),
  };
}

/** One visible, not withdrawn episode by id (RLS already limits what is visible). */
export async function findEpisodeRow(manager: EntityManager, id: string): Promise<Row | undefined> {
  const rows: Row[] = await manager.query(
    `SELECT ${EPISODE_COLUMNS} FROM episodes e WHERE e.id = $1 AND (e.withdrawn_at IS NULL OR e.local_only)`,
    [id],
  );
  return rows[0];
}
