/**
 * The columns of an institution's own-data export: everything its local register holds about its
 * episodes (episodes file, one row per episode) and their responses (responses file, one row per
 * version of a response, superseded ones included). It is the institution's own register, so the
 * register pseudonym, the episode's own ids and full dates are there, unlike in research extracts.
 *
 * Each column is an extract variable (name, type, description, unit, allowed values, SQL), so the
 * engine's CSV and Parquet writers and the codebook take them as they are. Dates and times have
 * types of their own: in CSV YYYY-MM-DD and ISO 8601 in UTC, in Parquet DATE and TIMESTAMP (UTC,
 * milliseconds). The SQL reads the aliases of exportQueries below.
 */
import {
  CONSENT_STATUSES,
  COORDINATORS,
  DISCHARGE_DESTINATIONS,
  INDIVIDUAL_PLANS,
  PROFESSIONS,
  PROGRAMMES,
  REHAB_LEVELS,
  SERVICE_LEVELS,
  SETTINGS,
  SEXES,
} from '../episodes/episode.enums';
import { INSTRUMENTS, MODES, TIMEPOINTS } from '../episodes/responses/dto/response.dto';
import { MRS_GRADES } from '../instruments/mrs.scoring';
import { columnSql, type RowsFor } from '../extracts/extract-query';
import type { ColumnType } from '../extracts/extract-files';
import type { ExtractVariable } from '../extracts/extract-variables';

/** A column of an export file: an extract variable's fields, with dates and timestamps as types of their own. */
export type ExportColumn = Omit<ExtractVariable, 'type'> & { type: ColumnType };

function column(
  name: string,
  type: ColumnType,
  sql: string,
  description: string,
  extra: { unit?: string; allowedValues?: readonly (string | number)[] } = {},
): ExportColumn {
  return { name, type, description, unit: extra.unit ?? null, allowedValues: extra.allowedValues ?? null, source: { sql } };
}

export const EPISODE_COLUMNS: readonly ExportColumn[] = [
  column('episode_id', 'string', 'e.id::text', "The register's id of the episode (responses.csv refers to it)"),
  column('external_id', 'string', 'e.external_id', "The institution's own id of the episode"),
  column('pseudonym', 'string', 'e.pseudonym', 'Register pseudonym of the patient: the same for all their episodes'),
  column('pseudonym_version', 'integer', 'e.pseudonym_version', 'Version of the pseudonym key the pseudonym was made with'),
  column('unit', 'string', 'u.name', 'Unit of the institution, where one was given'),
  column('birth_year', 'integer', 'e.birth_year', 'Year of birth of the patient', { unit: 'year' }),
  column('sex', 'string', 'e.sex', 'Sex', { allowedValues: SEXES }),
  column('referral_date', 'date', 'e.referral_date', 'Date of referral (YYYY-MM-DD)'),
  column('admission_date', 'date', 'e.admission_date', 'Date of admission (YYYY-MM-DD)'),
  column('discharge_date', 'date', 'e.discharge_date', 'Date of discharge (YYYY-MM-DD; missing while the episode is open)'),
  column('length_of_stay_days', 'integer', 'e.discharge_date - e.admission_date', 'Days from admission to discharge', { unit: 'days' }),
  column('setting', 'string', 'e.setting', 'Setting of the rehabilitation', { allowedValues: SETTINGS }),
  column('service_level', 'string', 'e.service_level', 'Service level', { allowedValues: SERVICE_LEVELS }),
  column('programme', 'string', 'e.programme', 'Rehabilitation programme group', { allowedValues: PROGRAMMES }),
  column('main_diagnosis', 'string', 'e.main_diagnosis', 'Main diagnosis, ICD-10 code'),
  column('discharge_destination', 'string', 'e.discharge_destination', 'Where the patient went at discharge', {
    allowedValues: DISCHARGE_DESTINATIONS,
  }),
  column('rehab_level', 'string', 'e.rehab_level', 'Level of the rehabilitation pyramid: 1-4 municipal, 5.1-5.3 specialist', {
    allowedValues: REHAB_LEVELS,
  }),
  column(
    'professions',
    'string',
    `(SELECT string_agg(p, '|' ORDER BY p) FROM jsonb_array_elements_text(e.professions) p)`,
    'Professions that took part in the stay, separated by | (missing when not recorded)',
    { allowedValues: PROFESSIONS },
  ),
  column('profession_count', 'integer', 'jsonb_array_length(e.professions)', 'How many professions took part (missing when not recorded)'),
  column('individual_plan', 'string', 'e.individual_plan', 'Individual plan (habilitation and rehabilitation regulation)', {
    allowedValues: INDIVIDUAL_PLANS,
  }),
  column('coordinator', 'string', 'e.coordinator', 'Coordinator (habilitation and rehabilitation regulation)', {
    allowedValues: COORDINATORS,
  }),
  column('municipality_notified_date', 'date', 'e.municipality_notified_date', 'Date the municipality was notified (YYYY-MM-DD)'),
  column('consent_status', 'string', 'e.consent_status', "The patient's consent to the register", { allowedValues: CONSENT_STATUSES }),
  column('consent_date', 'date', 'e.consent_date', 'Date of the consent status (YYYY-MM-DD)'),
  column(
    'local_only',
    'boolean',
    'e.local_only',
    'Kept for this institution only (a patient who withdrew elsewhere, without a new consent): out of every central figure',
  ),
  column('created_at', 'timestamp', 'e.created_at', 'When the episode was first registered (UTC)'),
  column('updated_at', 'timestamp', 'e.updated_at', 'When the episode was last changed (UTC)'),
];

export const RESPONSE_COLUMNS: readonly ExportColumn[] = [
  column('response_id', 'string', 'r.id::text', "The register's id of this version of the response"),
  column('episode_id', 'string', 'r.episode_id::text', 'The episode (episode_id of episodes.csv)'),
  column('pseudonym', 'string', 'e.pseudonym', 'Register pseudonym of the patient'),
  column('timepoint', 'string', 'r.timepoint', 'Timepoint of the response', { allowedValues: TIMEPOINTS }),
  column('instrument', 'string', 'r.instrument', 'Instrument', { allowedValues: INSTRUMENTS }),
  column('version', 'integer', 'r.version', 'Version of the response: 1, then one more for each correction'),
  column('current', 'boolean', 'r.superseded_at IS NULL', 'Whether this version is the current one (not superseded by a correction)'),
  column('supersedes_id', 'string', 'r.supersedes_id::text', 'The version this one corrected'),
  column('superseded_at', 'timestamp', 'r.superseded_at', 'When a correction superseded this version (UTC)'),
  column('completed_date', 'date', 'r.completed_date', 'Date the response was completed (YYYY-MM-DD)'),
  column('mode', 'string', 'r.mode', 'How it was answered or scored', { allowedValues: MODES }),
  column('in_window', 'boolean', 'r.in_window', "Whether it was completed within the timepoint's window"),
  column('eq5d_state', 'string', 'r.eq5d_state', 'EQ-5D-5L health state: five digits MO SC UA PD AD, 1 (no problems) to 5'),
  column('eq5d_level_sum', 'integer', 'r.eq5d_level_sum', 'EQ-5D-5L level sum (5-25)'),
  column('eq5d_index', 'number', 'r.eq5d_index', 'EQ-5D-5L index, from the value set in eq5d_value_set'),
  column('eq5d_value_set', 'string', 'r.eq5d_value_set', 'EQ-5D-5L value set of the index'),
  column('eq5d_vas', 'integer', 'r.eq5d_vas', 'EQ VAS', { unit: 'points (0-100)' }),
  column('barthel_scale', 'integer', 'r.barthel_scale', 'Barthel scale the answers were given on', { allowedValues: [20, 100] }),
  column('barthel_total', 'integer', 'r.barthel_total', 'Barthel index total, 100-point version', { unit: 'points (0-100)' }),
  column('barthel_band', 'string', 'r.barthel_band', 'Barthel dependency band'),
  column('mrs_score', 'integer', 'r.mrs_score', 'Modified Rankin Scale, 0 (no symptoms) to 6 (dead)', { allowedValues: MRS_GRADES }),
  column('scoring_version', 'string', 'r.scoring_version', 'Version of the scoring rules the scores were computed with'),
  column('answers', 'string', 'r.answers::text', 'The answers as given, JSON (item: answer)'),
  column('created_at', 'timestamp', 'r.created_at', 'When this version was registered (UTC)'),
];

/**
 * The two queries of an export (their columns typed, or as a CSV file's text), in one scope: the institution's episodes admitted in the period,
 * never a withdrawn patient's. Parameters: $1 institution, $2 first and $3 last admission date.
 * Row-level security limits the transaction to the same institution.
 */
export function exportQueries(rowsFor: RowsFor): { episodes: string; responses: string } {
  const scope = `e.institution_id = $1 AND e.admission_date BETWEEN $2 AND $3 AND e.withdrawn_at IS NULL`;
  const select = (columns: readonly ExportColumn[]) => columns.map((c) => `${columnSql(c, rowsFor)} AS ${c.name}`).join(',\n  ');
  return {
    episodes: `SELECT ${select(EPISODE_COLUMNS)}
      FROM episodes e LEFT JOIN units u ON u.id = e.unit_id
     WHERE ${scope}
     ORDER BY e.admission_date, e.id`,
    responses: `SELECT ${select(RESPONSE_COLUMNS)}
      FROM responses r JOIN episodes e ON e.id = r.episode_id AND e.institution_id = r.institution_id
     WHERE ${scope}
     ORDER BY e.admission_date, e.id, r.timepoint, r.instrument, r.version`,
  };
}
