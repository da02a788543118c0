/** The episodes table and the patient corrections of its episodes: every read and write goes through here. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BulkColumns, columnArrays, columnNames, unnestColumns } from '../common/bulk-columns';
import { cappedCount, decodeCursor, type KeysetOrder, type KeysetPage, keysetRead, pageOf } from '../common/keyset-page';
import type { SqlConditions } from '../common/sql-conditions';
import { normalizeIcd10 } from '../common/validators';
import type { PseudonymizedPatient } from '../pseudonyms/pseudonym.service';
import type { EpisodeDto, PatientCorrectionRecordDto } from './dto/episode.dto';
import type { PreparedEpisode } from './episode-preparation';
import {
  canonicalProfessions,
  type ConsentStatus,
  type Coordinator,
  type EpisodeSort,
  type IndividualPlan,
  type MissingForm,
  type Profession,
  type RehabLevel,
} from './episode.enums';

/**
 * Each sort's ORDER BY, the condition "after the cursor's key" in the same order (a row comparison, which
 * the index serves as a range), and its key. Every order ends in the id, so it is total and no row is
 * shown twice or skipped between pages. The indexes are (institution_id, <order>) of visible episodes
 * (migration 1764000000270); a backward scan serves the descending order.
 */
const EPISODE_ORDERS: Record<EpisodeSort, KeysetOrder<EpisodeRow>> = {
  '-admissionDate': {
    orderBy: 'e.admission_date DESC, e.id DESC',
    reversed: 'e.admission_date, e.id',
    after: '(e.admission_date, e.id) < (?::date, ?::uuid)',
    before: '(e.admission_date, e.id) > (?::date, ?::uuid)',
    key: ['date', 'uuid'],
    keyOf: (row) => [row.admission_date, row.id],
  },
  admissionDate: {
    orderBy: 'e.admission_date, e.id',
    reversed: 'e.admission_date DESC, e.id DESC',
    after: '(e.admission_date, e.id) > (?::date, ?::uuid)',
    before: '(e.admission_date, e.id) < (?::date, ?::uuid)',
    key: ['date', 'uuid'],
    keyOf: (row) => [row.admission_date, row.id],
  },
  externalId: {
    orderBy: 'e.external_id, e.id',
    reversed: 'e.external_id DESC, e.id DESC',
    after: '(e.external_id, e.id) > (?::text, ?::uuid)',
    before: '(e.external_id, e.id) < (?::text, ?::uuid)',
    key: ['text', 'uuid'],
    keyOf: (row) => [row.external_id, row.id],
  },
};

const EPISODE_COLUMNS = `e.id, e.institution_id, e.unit_id, e.external_id, e.birth_year, e.sex, e.referral_date, e.admission_date,
  e.discharge_date, e.setting, e.service_level, e.programme, e.main_diagnosis, e.discharge_destination, e.consent_status,
  e.consent_date, e.rehab_level, e.professions, e.individual_plan, e.coordinator, e.municipality_notified_date, e.created_at, e.updated_at,
  e.has_admission_eq5d, e.has_discharge_eq5d, e.has_admission_barthel, e.has_discharge_barthel, e.has_response_out_of_window`;

/** An episode as EPISODE_COLUMNS read it (never the pseudonym: no pseudonym leaves the service). */
export interface EpisodeRow {
  id: string;
  institution_id: string;
  unit_id: string | null;
  external_id: string;
  birth_year: number;
  sex: EpisodeDto['sex'];
  referral_date: string | null;
  admission_date: string;
  discharge_date: string | null;
  setting: EpisodeDto['setting'];
  service_level: EpisodeDto['serviceLevel'];
  programme: EpisodeDto['programme'];
  main_diagnosis: string;
  discharge_destination: EpisodeDto['dischargeDestination'];
  consent_status: ConsentStatus | null;
  consent_date: string | null;
  rehab_level: RehabLevel | null;
  /** jsonb array of PROFESSIONS, in their order; null when not recorded */
  professions: Profession[] | null;
  individual_plan: IndividualPlan | null;
  coordinator: Coordinator | null;
  municipality_notified_date: string | null;
  created_at: Date;
  updated_at: Date;
  /** whether a current response of each form exists, kept by triggers on responses (episode_refresh_forms) */
  has_admission_eq5d: boolean;
  has_discharge_eq5d: boolean;
  has_admission_barthel: boolean;
  has_discharge_barthel: boolean;
  has_response_out_of_window: boolean;
}

/** An episode of a patient as their access report reads it: also whether it is withdrawn, or kept for its institution only. */
export interface PatientEpisodeRow extends EpisodeRow {
  withdrawn_at: Date | null;
  local_only: boolean;
}

/** What a registration stores of an episode, in EPISODE_INSERT_COLUMNS' order. */
export type EpisodeInsertRow = {
  external_id: string;
  unit_id: string | null;
  pseudonym: string;
  pseudonym_version: number;
  birth_year: number;
  sex: string | null;
  referral_date: string | null;
  admission_date: string;
  discharge_date: string | null;
  setting: string;
  service_level: string;
  programme: string;
  main_diagnosis: string;
  discharge_destination: string | null;
  consent_status: string | null;
  consent_date: string | null;
  rehab_level: string | null;
  /** JSON text of the array, or null */
  professions: string | null;
  individual_plan: string | null;
  coordinator: string | null;
  municipality_notified_date: string | null;
};

/**
 * The columns every writer of episodes fills from a prepared episode (the writer, the demo
 * generator, the ingestion benchmark's COPY); each adds institution_id its own way.
 */
export const EPISODE_INSERT_COLUMNS: BulkColumns = [
  ['external_id', 'text'],
  ['unit_id', 'uuid'],
  ['pseudonym', 'text'],
  ['pseudonym_version', 'int'],
  ['birth_year', 'int'],
  ['sex', 'text'],
  ['referral_date', 'date'],
  ['admission_date', 'date'],
  ['discharge_date', 'date'],
  ['setting', 'text'],
  ['service_level', 'text'],
  ['programme', 'text'],
  ['main_diagnosis', 'text'],
  ['discharge_destination', 'text'],
  ['consent_status', 'text'],
  ['consent_date', 'date'],
  ['rehab_level', 'text'],
  ['professions', 'jsonb'],
  ['individual_plan', 'text'],
  ['coordinator', 'text'],
  ['municipality_notified_date', 'date'],
];

export function episodeInsertRow(e: Omit<PreparedEpisode, 'responses' | 'pointer'>): EpisodeInsertRow {
  return {
    external_id: e.externalId,
    unit_id: e.unitId,
    pseudonym: e.patient.pseudonym,
    pseudonym_version: e.patient.pseudonymVersion,
    birth_year: e.patient.birthYear,
    sex: e.patient.sex,
    referral_date: e.referralDate,
    admission_date: e.admissionDate,
    discharge_date: e.dischargeDate,
    setting: e.setting,
    service_level: e.serviceLevel,
    programme: e.programme,
    main_diagnosis: e.mainDiagnosis,
    discharge_destination: e.dischargeDestination,
    consent_status: e.consentStatus,
    consent_date: e.consentDate,
    rehab_level: e.rehabLevel,
    professions: e.professions && JSON.stringify(e.professions),
    individual_plan: e.individualPlan,
    coordinator: e.coordinator,
    municipality_notified_date: e.municipalityNotifiedDate,
  };
}

export interface UpsertedEpisodeRow {
  id: string;
  external_id: string;
  created: boolean;
}

@Injectable()
export class EpisodeRepository {
  /** One visible, not withdrawn episode by id (RLS already limits what is visible). */
  async findVisible(manager: EntityManager, id: string): Promise<EpisodeRow | undefined> {
    const rows: EpisodeRow[] = await manager.query(
      `SELECT ${EPISODE_COLUMNS} FROM episodes e WHERE e.id = $1 AND (e.withdrawn_at IS NULL OR e.local_only)`,
      [id],
    );
    return rows[0];
  }

  /**
   * A page of the episodes the conditions select (alias `e`) in the sort's order, from the cursor's key
   * on, and how many match up to COUNT_CAP. Reads `limit + 1` rows to know whether there is a next page.
   */
  async keysetPage(
    manager: EntityManager,
    conditions: SqlConditions,
    sort: EpisodeSort,
    limit: number,
    cursor: string | undefined,
  ): Promise<KeysetPage<EpisodeRow>> {
    const order = EPISODE_ORDERS[sort];
    const position = cursor ? decodeCursor(cursor, sort, order.key) : undefined;
    const counted = await cappedCount(manager, 'episodes e', conditions);
    const read = keysetRead(order, position);
    const from = conditions.copy();
    if (read.condition) from.add(read.condition, ...read.values);
    const rows: EpisodeRow[] = await manager.query(
      `SELECT ${EPISODE_COLUMNS} FROM episodes e WHERE ${from.sql} ORDER BY ${read.orderBy} LIMIT ${Math.trunc(limit) + 1}`,
      from.values,
    );
    const page = pageOf(rows, limit, sort, order.keyOf, position);
    return { items: page.rows, nextCursor: page.nextCursor, prevCursor: page.prevCursor, ...counted };
  }

  /** Every episode of the patient that row-level security lets the transaction see, withdrawn ones too (their access report). */
  episodesOfPatient(manager: EntityManager, pseudonym: string): Promise<PatientEpisodeRow[]> {
    return manager.query(
      `SELECT ${EPISODE_COLUMNS}, e.withdrawn_at, e.local_only FROM episodes e WHERE e.pseudonym = $1 ORDER BY e.admission_date, e.id`,
      [pseudonym],
    );
  }

  /** The patient corrections of these episodes, oldest first. */
  async patientCorrectionsOf(
    manager: EntityManager,
    episodeIds: string[],
  ): Promise<(PatientCorrectionRecordDto & { episodeId: string })[]> {
    const rows: { episode_id: string; corrected_at: Date; reason: string }[] = await manager.query(
      `SELECT episode_id, corrected_at, reason FROM episode_patient_corrections WHERE episode_id = ANY ($1::uuid[]) ORDER BY corrected_at, id`,
      [episodeIds],
    );
    return rows.map((r) => ({ episodeId: r.episode_id, correctedAt: r.corrected_at.toISOString(), reason: r.reason }));
  }

  /**
   * The next `limit` visible, not withdrawn episodes after `afterId`, by id: a whole register read in
   * batches (RLS limits it to the transaction's institutions), for the FHIR bulk export.
   */
  visibleAfter(manager: EntityManager, afterId: string | null, limit: number): Promise<EpisodeRow[]> {
    return manager.query(
      `SELECT ${EPISODE_COLUMNS} FROM episodes e
        WHERE (e.withdrawn_at IS NULL OR e.local_only) AND ($1::uuid IS NULL OR e.id > $1::uuid)
        ORDER BY e.id LIMIT ${Math.trunc(limit)}`,
      [afterId],
    );
  }

  /** The ids of the visible episodes with an institution's own id (one per institution the caller may see). */
  async idsByExternalId(manager: EntityManager, externalId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM episodes e WHERE e.external_id = $1 AND (e.withdrawn_at IS NULL OR e.local_only)`,
      [externalId],
    );
    return rows.map((r) => r.id);
  }

  async pseudonymOf(manager: EntityManager, id: string): Promise<string> {
    const [{ pseudonym }]: { pseudonym: string }[] = await manager.query(`SELECT pseudonym FROM episodes WHERE id = $1`, [id]);
    return pseudonym;
  }

  /** Everything about an episode but its patient. */
  async update(
    manager: EntityManager,
    id: string,
    episode: Omit<EpisodeDto, 'id' | 'createdAt' | 'updatedAt' | 'professionCount'>,
  ): Promise<void> {
    await manager.query(
      `UPDATE episodes SET unit_id = $2, referral_date = $3, admission_date = $4, discharge_date = $5, setting = $6, service_level = $7,
              programme = $8, main_diagnosis = $9, discharge_destination = $10, consent_status = $11, consent_date = $12,
              rehab_level = $13, professions = $14, individual_plan = $15, coordinator = $16, municipality_notified_date = $17,
              updated_at = now()
        WHERE id = $1`,
      [
        id,
        episode.unitId,
        episode.referralDate,
        episode.admissionDate,
        episode.dischargeDate,
        episode.setting,
        episode.serviceLevel,
        episode.programme,
        normalizeIcd10(episode.mainDiagnosis),
        episode.dischargeDestination,
        episode.consent?.status ?? null,
        episode.consent?.date ?? null,
        episode.rehabLevel,
        episode.professions && JSON.stringify(canonicalProfessions(episode.professions)),
        episode.individualPlan,
        episode.coordinator,
        episode.municipalityNotifiedDate,
      ],
    );
  }

  /** The external ids among `episodes` that this institution has registered for another patient. */
  async registeredForAnotherPatient(
    manager: EntityManager,
    institutionId: string,
    episodes: { externalId: string; pseudonym: string }[],
  ): Promise<Set<string>> {
    const rows: { external_id: string }[] = await manager.query(
      `SELECT x.external_id
         FROM unnest($2::text[], $3::text[]) AS x(external_id, pseudonym)
         JOIN episodes e ON e.institution_id = $1 AND e.external_id = x.external_id
        WHERE e.pseudonym <> x.pseudonym`,
      [institutionId, episodes.map((e) => e.externalId), episodes.map((e) => e.pseudonym)],
    );
    return new Set(rows.map((row) => row.external_id));
  }

  /**
   * Inserts or updates by (institution, external id). A patient with a withdrawal in force (and no
   * newer consent, see reenrol_patients) is kept for this institution only: withdrawn_at keeps the
   * episode out of every central figure and extract.
   */
  upsert(manager: EntityManager, institutionId: string, rows: EpisodeInsertRow[]): Promise<UpsertedEpisodeRow[]> {
    return manager.query(
      `INSERT INTO episodes (institution_id, ${columnNames(EPISODE_INSERT_COLUMNS)}, withdrawn_at, local_only)
       SELECT $1, ${columnNames(EPISODE_INSERT_COLUMNS, 'x')}, CASE WHEN w.pseudonym IS NOT NULL THEN now() END, w.pseudonym IS NOT NULL
         FROM ${unnestColumns(EPISODE_INSERT_COLUMNS, 2, 'x')}
         LEFT JOIN withdrawals w ON w.pseudonym = x.pseudonym AND w.cancelled_at IS NULL AND w.reenrolled_at IS NULL
        ORDER BY x.external_id -- one global lock order, so overlapping batches queue instead of deadlocking
       ON CONFLICT (institution_id, external_id) DO UPDATE SET
         unit_id = EXCLUDED.unit_id, pseudonym = EXCLUDED.pseudonym, pseudonym_version = EXCLUDED.pseudonym_version,
         birth_year = EXCLUDED.birth_year, sex = EXCLUDED.sex, referral_date = EXCLUDED.referral_date,
         admission_date = EXCLUDED.admission_date, discharge_date = EXCLUDED.discharge_date, setting = EXCLUDED.setting,
         service_level = EXCLUDED.service_level, programme = EXCLUDED.programme, main_diagnosis = EXCLUDED.main_diagnosis,
         discharge_destination = EXCLUDED.discharge_destination, consent_status = EXCLUDED.consent_status,
         consent_date = EXCLUDED.consent_date, rehab_level = EXCLUDED.rehab_level, professions = EXCLUDED.professions,
         individual_plan = EXCLUDED.individual_plan, coordinator = EXCLUDED.coordinator,
         municipality_notified_date = EXCLUDED.municipality_notified_date, updated_at = now(),
         withdrawn_at = CASE WHEN episodes.local_only AND NOT EXCLUDED.local_only THEN NULL ELSE episodes.withdrawn_at END,
         local_only = episodes.local_only AND EXCLUDED.local_only
       RETURNING id, external_id, (xmax = 0) AS created`,
      [institutionId, ...columnArrays(EPISODE_INSERT_COLUMNS, rows)],
    );
  }

  /** Links the episode to another patient, with the same withdrawal rule as upsert. */
  async relinkPatient(manager: EntityManager, id: string, patient: PseudonymizedPatient): Promise<void> {
    await manager.query(
      `UPDATE episodes e
          SET pseudonym = $2, pseudonym_version = $3, birth_year = $4, sex = coalesce($5, e.sex), updated_at = now(),
              local_only = w.pseudonym IS NOT NULL, withdrawn_at = CASE WHEN w.pseudonym IS NOT NULL THEN now() END
         FROM (SELECT $2::text AS pseudonym) p
         LEFT JOIN withdrawals w ON w.pseudonym = p.pseudonym AND w.cancelled_at IS NULL AND w.reenrolled_at IS NULL
        WHERE e.id = $1`,
      [id, patient.pseudonym, patient.pseudonymVersion, patient.birthYear, patient.sex ?? null],
    );
  }

  async addPatientCorrection(manager: EntityManager, episodeId: string, institutionId: string, reason: string): Promise<void> {
    await manager.query(`INSERT INTO episode_patient_corrections (episode_id, institution_id, reason) VALUES ($1, $2, $3)`, [
      episodeId,
      institutionId,
      reason,
    ]);
  }

  /** The corrections of an episode, oldest first (for its history). */
  async patientCorrections(manager: EntityManager, episodeId: string): Promise<PatientCorrectionRecordDto[]> {
    const rows: { corrected_at: Date; reason: string }[] = await manager.query(
      `SELECT corrected_at, reason FROM episode_patient_corrections WHERE episode_id = $1 ORDER BY corrected_at, id`,
      [episodeId],
    );
    return rows.map((r) => ({ correctedAt: r.corrected_at.toISOString(), reason: r.reason }));
  }
}

export function toEpisodeDto(row: EpisodeRow): EpisodeDto {
  return {
    id: row.id,
    institutionId: row.institution_id,
    unitId: row.unit_id,
    externalId: row.external_id,
    birthYear: row.birth_year,
    sex: row.sex,
    referralDate: row.referral_date,
    admissionDate: row.admission_date,
    dischargeDate: row.discharge_date,
    setting: row.setting,
    serviceLevel: row.service_level,
    programme: row.programme,
    mainDiagnosis: row.main_diagnosis,
    dischargeDestination: row.discharge_destination,
    // status and date are written together (ConsentDto requires both)
    consent: row.consent_status && row.consent_date ? { status: row.consent_status, date: row.consent_date } : null,
    rehabLevel: row.rehab_level,
    professions: row.professions,
    professionCount: row.professions ? row.professions.length : null,
    individualPlan: row.individual_plan,
    coordinator: row.coordinator,
    municipalityNotifiedDate: row.municipality_notified_date,
    missing: missingForms(row),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the episode lacks for the indicators, from its flags: the discharge forms only once discharged. */
function missingForms(row: EpisodeRow): MissingForm[] {
  const discharged = row.discharge_date !== null;
  const lacks: [MissingForm, boolean][] = [
    ['admission-eq5d', !row.has_admission_eq5d],
    ['admission-barthel', !row.has_admission_barthel],
    ['discharge-eq5d', discharged && !row.has_discharge_eq5d],
    ['discharge-barthel', discharged && !row.has_discharge_barthel],
    ['out-of-window', row.has_response_out_of_window],
  ];
  return lacks.filter(([, lacking]) => lacking).map(([form]) => form);
}
