/**
 * Writes prepared episodes and their responses with set-based SQL (one statement per step for
 * the whole batch, never a query per row), inside the caller's row-level-security transaction.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { FieldError } from '../common/problem';
import { Institution } from '../institutions/institution.entity';
import { type PreparedEpisode, type PreparedResponse, rehabLevelInstitutionProblem } from './episode-preparation';
import { episodeInsertRow, EpisodeRepository } from './episode.repository';
import { CurrentResponseRow, ResponseRepository, responseInsertRow } from './responses/response.repository';

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
  constructor(
    private readonly episodeRows: EpisodeRepository,
    private readonly responseRows: ResponseRepository,
  ) {}

  /** The kind of the institution (health trust, private, municipality), which decides the rehabilitation levels it registers. */
  async institutionKind(manager: EntityManager, institutionId: string): Promise<string | undefined> {
    const institution = await manager.getRepository(Institution).findOne({ select: { kind: true }, where: { id: institutionId } });
    return institution?.kind;
  }

  /**
   * Problems only the database can tell: units of other institutions and rehabilitation levels the
   * institution's kind does not register (400), and episodes already
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
    const kind = episodes.some((e) => e.rehabLevel) ? await this.institutionKind(manager, institutionId) : undefined;
    const levelErrors = kind
      ? episodes.flatMap((e) => {
          const detail = rehabLevelInstitutionProblem(e.rehabLevel, kind);
          return detail ? [{ pointer: `${e.pointer}/rehabLevel`, detail }] : [];
        })
      : [];
    const mismatched = await this.episodeRows.registeredForAnotherPatient(
      manager,
      institutionId,
      episodes.map((e) => ({ externalId: e.externalId, pseudonym: e.patient.pseudonym })),
    );
    return {
      errors: [
        ...episodes
          .filter((e) => e.unitId && !unitSet.has(e.unitId))
          .map((e) => ({ pointer: `${e.pointer}/unitId`, detail: 'unitId is not a unit of this institution' })),
        ...levelErrors,
      ],
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
    if (updatedIds.length) await this.responseRows.refreshWindows(manager, updatedIds, windowDays);
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
    const rows = await this.episodeRows.upsert(manager, institutionId, episodes.map(episodeInsertRow));
    const byExternalId = new Map(rows.map((row) => [row.external_id, { id: row.id, externalId: row.external_id, created: row.created }]));
    return episodes.map((e) => byExternalId.get(e.externalId)!); // in the request's order again
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
    const current = await this.responseRows.currentOfEpisodes(manager, [...new Set(items.map((i) => i.episodeId))]);
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
    const supersededIds = toInsert.map((i) => i.supersedesId).filter((id): id is string => id !== null);
    if (supersededIds.length) await this.responseRows.supersede(manager, supersededIds);
    summary.ids = await this.responseRows.insert(
      manager,
      institutionId,
      toInsert.map((i) => ({ row: responseInsertRow(i.episodeId, i.response, i.version, i.supersedesId), episode: i.episode })),
      windowDays,
    );
    return summary;
  }
}

function sameResponse(existing: Pick<CurrentResponseRow, 'completed_date' | 'mode' | 'answers'>, incoming: PreparedResponse): boolean {
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
