/**
 * Writes prepared episodes and their responses with set-based SQL (one statement per step for
 * the whole batch, never a query per row), inside the caller's row-level-security transaction.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { FieldError } from '../common/problem';
import type { PreparedEpisode, PreparedResponse } from './episode-preparation';

export interface WrittenEpisode {
  id: string;
  externalId: string;
  created: boolean;
}

/** The episode dates a response's window flag is computed from (the row as this transaction wrote or read it). */
export interface EpisodeDates {
  admissionDate: string;
  dischargeDate: string | null;
}

/** A response to write, with the episode it belongs to. */
export interface ResponseToWrite {
  episodeId: string;
  episode: EpisodeDates;
  response: PreparedResponse;
}

export interface WriteSummary {
  episodes: WrittenEpisode[];
  /** Patients re-enrolled by a consent recorded after their withdrawal. */
  reenrolled: number;
  responses: { created: number; corrected: number; unchanged: number; ids: string[] };
}

@Injectable()
export class EpisodeWriter {
  /**
   * Problems only the database can tell: units of other institutions (400) and episodes already
   * registered for another patient (409). Nothing here depends on what other institutions hold:
   * a patient's withdrawal elsewhere changes no answer (docs/privacy.md).
   */
  async check(
    manager: EntityManager,
    institutionId: string,
    episodes: PreparedEpisode[],
  ): Promise<{ errors: FieldError[]; conflicts: FieldError[] }> {
    const unitIds = [...new Set(episodes.map((e) => e.unitId).filter((id): id is string => id !== null))];
    const units: { id: string }[] = unitIds.length
      ? await manager.query(`SELECT id FROM units WHERE institution_id = $1 AND id = ANY ($2)`, [institutionId, unitIds])
      : [];
    const unitSet = new Set(units.map((u) => u.id));
    const otherPatient: { external_id: string }[] = await manager.query(
      `SELECT x.external_id
         FROM unnest($2::text[], $3::text[]) AS x(external_id, pseudonym)
         JOIN episodes e ON e.institution_id = $1 AND e.external_id = x.external_id
        WHERE e.pseudonym <> x.pseudonym`,
      [institutionId, episodes.map((e) => e.externalId), episodes.map((e) => e.patient.pseudonym)],
    );
    const mismatched = new Set(otherPatient.map((row) => row.external_id));
    return {
      errors: episodes
        .filter((e) => e.unitId && !unitSet.has(e.unitId))
        .map((e) => ({ pointer: `${e.pointer}/unitId`, detail: 'unitId is not a unit of this institution' })),
      conflicts: episodes
        .filter((e) => mismatched.has(e.externalId))
        .map((e) => ({
          pointer: `${e.pointer}/patient/nationalId`,
          detail: `Episode "${e.externalId}" is registered for another patient. An episode's patient changes only by POST /api/v1/episodes/{id}/patient-correction.`,
        })),
    };
  }

  async write(manager: EntityManager, institutionId: string, episodes: PreparedEpisode[], windowDays: number): Promise<WriteSummary> {
    const reenrolled = await this.reenrol(
      manager,
      episodes.map((e) => ({ pseudonym: e.patient.pseudonym, consentStatus: e.consentStatus, consentDate: e.consentDate })),
    );
    const written = await this.upsertEpisodes(manager, institutionId, episodes);
    const updatedIds = written.filter((e) => !e.created).map((e) => e.id);
    if (updatedIds.length) await this.refreshWindows(manager, updatedIds, windowDays);
    const idByExternalId = new Map(written.map((e) => [e.externalId, e.id]));
    // The episodes now hold exactly these dates (inserted or updated above), so no read back is needed.
    const responses = episodes.flatMap((e) =>
      e.responses.map((r) => ({ episodeId: idByExternalId.get(e.externalId)!, episode: e, response: r })),
    );
    return { episodes: written, reenrolled, responses: await this.writeResponses(manager, institutionId, responses, windowDays) };
  }

  /**
   * A consent recorded after a withdrawal re-enrols the patient; run for every write (registrations
   * and patient corrections), so every write takes the same statements. Returns how many were re-enrolled.
   */
  async reenrol(
    manager: EntityManager,
    patients: { pseudonym: string; consentStatus: string | null; consentDate: string | null }[],
  ): Promise<number> {
    const [{ reenrolled }]: { reenrolled: number }[] = await manager.query(`SELECT reenrol_patients($1, $2, $3) AS reenrolled`, [
      patients.map((p) => p.pseudonym),
      patients.map((p) => p.consentStatus),
      patients.map((p) => p.consentDate),
    ]);
    return reenrolled;
  }

  private async upsertEpisodes(manager: EntityManager, institutionId: string, episodes: PreparedEpisode[]): Promise<WrittenEpisode[]> {
    const column = <T>(pick: (e: PreparedEpisode) => T) => episodes.map(pick);
    const rows: { id: string; external_id: string; created: boolean }[] = await manager.query(
      // A patient with a withdrawal in force (and no newer consent, see reenrol) is kept for this
      // institution only: withdrawn_at keeps the episode out of every central figure and extract.
      `INSERT INTO episodes (institution_id, external_id, unit_id, pseudonym, pseudonym_version, birth_year, sex, referral_date, admission_date,
                             discharge_date, setting, service_level, programme, main_diagnosis, discharge_destination, consent_status, consent_date,
                             withdrawn_at, local_only)
       SELECT $1, x.external_id, x.unit_id, x.pseudonym, x.pseudonym_version, x.birth_year, x.sex, x.referral_date, x.admission_date,
              x.discharge_date, x.setting, x.service_level, x.programme, x.main_diagnosis, x.discharge_destination, x.consent_status,
              x.consent_date, CASE WHEN w.pseudonym IS NOT NULL THEN now() END, w.pseudonym IS NOT NULL
         FROM unnest($2::text[], $3::uuid[], $4::text[], $5::int[], $6::int[], $7::text[], $8::date[], $9::date[],
                     $10::date[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::date[])
              AS x(external_id, unit_id, pseudonym, pseudonym_version, birth_year, sex, referral_date, admission_date,
                     discharge_date, setting, service_level, programme, main_diagnosis, discharge_destination, consent_status, consent_date)
         LEFT JOIN withdrawals w ON w.pseudonym = x.pseudonym AND w.cancelled_at IS NULL AND w.reenrolled_at IS NULL
        ORDER BY x.external_id -- one global lock order, so overlapping batches queue instead of deadlocking
       ON CONFLICT (institution_id, external_id) DO UPDATE SET
         unit_id = EXCLUDED.unit_id, pseudonym = EXCLUDED.pseudonym, pseudonym_version = EXCLUDED.pseudonym_version,
         birth_year = EXCLUDED.birth_year, sex = EXCLUDED.sex, referral_date = EXCLUDED.referral_date,
         admission_date = EXCLUDED.admission_date, discharge_date = EXCLUDED.discharge_date, setting = EXCLUDED.setting,
         service_level = EXCLUDED.service_level, programme = EXCLUDED.programme, main_diagnosis = EXCLUDED.main_diagnosis,
         discharge_destination = EXCLUDED.discharge_destination, consent_status = EXCLUDED.consent_status,
         consent_date = EXCLUDED.consent_date, updated_at = now(),
         withdrawn_at = CASE WHEN episodes.local_only AND NOT EXCLUDED.local_only THEN NULL ELSE episodes.withdrawn_at END,
         local_only = episodes.local_only AND EXCLUDED.local_only
       RETURNING id, external_id, (xmax = 0) AS created`,
      [
        institutionId,
        column((e) => e.externalId),
        column((e) => e.unitId),
        column((e) => e.patient.pseudonym),
        column((e) => e.patient.pseudonymVersion),
        column((e) => e.patient.birthYear),
        column((e) => e.patient.sex),
        column((e) => e.referralDate),
        column((e) => e.admissionDate),
        column((e) => e.dischargeDate),
        column((e) => e.setting),
        column((e) => e.serviceLevel),
        column((e) => e.programme),
        column((e) => e.mainDiagnosis),
        column((e) => e.dischargeDestination),
        column((e) => e.consentStatus),
        column((e) => e.consentDate),
      ],
    );
    const byExternalId = new Map(rows.map((row) => [row.external_id, { id: row.id, externalId: row.external_id, created: row.created }]));
    return episodes.map((e) => byExternalId.get(e.externalId)!); // in the request's order again
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

  /**
   * Responses of a batch: a new timepoint/instrument is inserted; a different answer to an existing
   * one becomes a new version that supersedes it; an identical re-send changes nothing.
   */
  async writeResponses(
    manager: EntityManager,
    institutionId: string,
    items: ResponseToWrite[],
    windowDays: number,
  ): Promise<WriteSummary['responses']> {
    const summary = { created: 0, corrected: 0, unchanged: 0, ids: [] as string[] };
    if (items.length === 0) return summary;
    const current: {
      id: string;
      episode_id: string;
      timepoint: string;
      instrument: string;
      completed_date: string;
      mode: string;
      answers: Record<string, number>;
      version: number;
    }[] = await manager.query(
      `SELECT r.id, r.episode_id, r.timepoint, r.instrument, to_char(r.completed_date, 'YYYY-MM-DD') AS completed_date, r.mode, r.answers, r.version
           FROM responses r WHERE r.episode_id = ANY ($1) AND r.superseded_at IS NULL`,
      [[...new Set(items.map((i) => i.episodeId))]],
    );
    const currentByKey = new Map(current.map((r) => [`${r.episode_id}/${r.timepoint}/${r.instrument}`, r]));
    const toInsert: (ResponseToWrite & { version: number; supersedesId: string | null })[] = [];
    for (const item of items) {
      const existing = currentByKey.get(`${item.episodeId}/${item.response.timepoint}/${item.response.instrument}`);
      if (existing && sameResponse(existing, item.response)) {
        summary.unchanged += 1;
        continue;
      }
      toInsert.push({ ...item, version: existing ? existing.version + 1 : 1, supersedesId: existing?.id ?? null });
      if (existing) summary.corrected += 1;
      else summary.created += 1;
    }
    const supersededIds = toInsert
      .map((i) => i.supersedesId)
      .filter((id): id is string => id !== null)
      .sort();
    // locked in id order first, for the same reason as the episodes
    if (supersededIds.length)
      await manager.query(
        `WITH locked AS (SELECT id FROM responses WHERE id = ANY ($1) ORDER BY id FOR UPDATE)
         UPDATE responses SET superseded_at = now() WHERE id IN (SELECT id FROM locked)`,
        [supersededIds],
      );
    summary.ids = await this.insertResponses(manager, institutionId, toInsert, windowDays);
    return summary;
  }

  async insertResponses(
    manager: EntityManager,
    institutionId: string,
    items: (ResponseToWrite & { version: number; supersedesId: string | null })[],
    windowDays: number,
  ): Promise<string[]> {
    if (items.length === 0) return [];
    const column = <T>(pick: (i: (typeof items)[number]) => T) => items.map(pick);
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO responses (episode_id, institution_id, timepoint, instrument, completed_date, mode, answers, version, supersedes_id,
                              eq5d_state, eq5d_level_sum, eq5d_index, eq5d_value_set, eq5d_vas, barthel_scale, barthel_total, barthel_band,
                              scoring_version, in_window)
       SELECT i.episode_id, $1, i.timepoint, i.instrument, i.completed_date, i.mode, i.answers, i.version, i.supersedes_id,
              i.eq5d_state, i.eq5d_level_sum, i.eq5d_index, i.eq5d_value_set, i.eq5d_vas, i.barthel_scale, i.barthel_total, i.barthel_band,
              i.scoring_version, response_in_window(i.timepoint, i.completed_date, i.admission_date, i.discharge_date, $2)
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::date[], $7::text[], $8::jsonb[], $9::int[], $10::uuid[], $11::text[], $12::int[],
                     $13::float8[], $14::text[], $15::int[], $16::int[], $17::int[], $18::text[], $19::text[], $20::date[], $21::date[])
              AS i(episode_id, timepoint, instrument, completed_date, mode, answers, version, supersedes_id, eq5d_state,
                     eq5d_level_sum, eq5d_index, eq5d_value_set, eq5d_vas, barthel_scale, barthel_total, barthel_band, scoring_version,
                     admission_date, discharge_date)
        ORDER BY i.episode_id, i.timepoint, i.instrument -- the same global lock order as the episodes
       RETURNING id`,
      [
        institutionId,
        windowDays,
        column((i) => i.episodeId),
        column((i) => i.response.timepoint),
        column((i) => i.response.instrument),
        column((i) => i.response.completedDate),
        column((i) => i.response.mode),
        column((i) => JSON.stringify(i.response.answers)),
        column((i) => i.version),
        column((i) => i.supersedesId),
        column((i) => i.response.scores.eq5dState),
        column((i) => i.response.scores.eq5dLevelSum),
        column((i) => i.response.scores.eq5dIndex),
        column((i) => i.response.scores.eq5dValueSet),
        column((i) => i.response.scores.eq5dVas),
        column((i) => i.response.scores.barthelScale),
        column((i) => i.response.scores.barthelTotal),
        column((i) => i.response.scores.barthelBand),
        column((i) => i.response.scores.scoringVersion),
        column((i) => i.episode.admissionDate),
        column((i) => i.episode.dischargeDate),
      ],
    );
    return rows.map((row) => row.id);
  }
}

function sameResponse(
  existing: { completed_date: string; mode: string; answers: Record<string, number> },
  incoming: PreparedResponse,
): boolean {
  return (
    existing.completed_date === incoming.completedDate &&
    existing.mode === incoming.mode &&
    canonical(existing.answers) === canonical(incoming.answers)
  );
}

function canonical(answers: Record<string, number>): string {
  return JSON.stringify(
    Object.keys(answers)
      .sort()
      .map((key) => [key, answers[key]]),
  );
}
