/**
 * Correcting an episode registered for the wrong patient: the one way an episode's patient
 * changes. An explicit, audited act of the institution's staff, with a reason; the episode's
 * history keeps that it happened and why, never either number.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InstitutionScope } from '../auth/institution-scope';
import { NotFoundProblem, ValidationProblem } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { PseudonymService, type PseudonymizedPatient } from '../pseudonyms/pseudonym.service';
import type { EpisodeDto, PatientCorrectionRecordDto } from './dto/episode.dto';
import type { PatientCorrectionDto } from './dto/patient-correction.dto';
import { findEpisodeRow, toEpisodeDto } from './episode-rows';
import { EpisodeWriter } from './episode-writer';
import { RefusedWrites } from './refused-writes';

@Injectable()
export class PatientCorrectionService {
  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly audit: AuditService,
    private readonly pseudonyms: PseudonymService,
    private readonly refused: RefusedWrites,
    private readonly writer: EpisodeWriter,
  ) {}

  async correct(id: string, dto: PatientCorrectionDto): Promise<EpisodeDto> {
    const institutionIds = this.scope.readable();
    const row = await this.db.transaction(institutionIds, (manager) => findEpisodeRow(manager, id));
    if (!row) throw new NotFoundProblem('The episode');
    const institutionId = row.institution_id as string;
    return this.refused.guard(institutionId, 1, () =>
      this.db.transaction([institutionId], async (manager) => {
        const episode = await findEpisodeRow(manager, id);
        if (!episode) throw new NotFoundProblem('The episode');
        const [{ pseudonym }]: { pseudonym: string }[] = await manager.query(`SELECT pseudonym FROM episodes WHERE id = $1`, [id]);
        const patient = this.newPatient(dto, pseudonym, String(episode.admission_date));
        await this.relink(manager, id, patient, episode);
        await manager.query(`INSERT INTO episode_patient_corrections (episode_id, institution_id, reason) VALUES ($1, $2, $3)`, [
          id,
          institutionId,
          dto.reason,
        ]);
        await this.audit.record(manager, { action: 'episode.patient_correct', objectType: 'episode', objectIds: [id], institutionId });
        return toEpisodeDto((await findEpisodeRow(manager, id))!);
      }),
    );
  }

  /** The corrected patient, or 400 where the number cannot be this episode's patient. */
  private newPatient(dto: PatientCorrectionDto, currentPseudonym: string, admissionDate: string): PseudonymizedPatient {
    const result = this.pseudonyms.pseudonymize(dto.nationalId, dto.sex);
    if (!result.ok) throw new ValidationProblem([{ pointer: '/nationalId', detail: result.reason }]);
    if (result.patient.pseudonym === currentPseudonym)
      throw new ValidationProblem([{ pointer: '/nationalId', detail: "This is already the episode's patient; nothing to correct." }]);
    if (result.patient.birthDate > admissionDate)
      throw new ValidationProblem([{ pointer: '/nationalId', detail: 'This patient was born after the admission date of the episode.' }]);
    return result.patient;
  }

  /**
   * The same rules as a registration: a consent recorded after the new patient's withdrawal
   * re-enrols them, and a withdrawal in force keeps the episode for this institution only.
   */
  private async relink(manager: EntityManager, id: string, patient: PseudonymizedPatient, episode: Record<string, unknown>): Promise<void> {
    const reenrolled = await this.writer.reenrol(manager, [
      {
        pseudonym: patient.pseudonym,
        consentStatus: episode.consent_status as string | null,
        consentDate: episode.consent_date as string | null,
      },
    ]);
    await manager.query(
      `UPDATE episodes e
          SET pseudonym = $2, pseudonym_version = $3, birth_year = $4, sex = coalesce($5, e.sex), updated_at = now(),
              local_only = w.pseudonym IS NOT NULL, withdrawn_at = CASE WHEN w.pseudonym IS NOT NULL THEN now() END
         FROM (SELECT $2::text AS pseudonym) p
         LEFT JOIN withdrawals w ON w.pseudonym = p.pseudonym AND w.cancelled_at IS NULL AND w.reenrolled_at IS NULL
        WHERE e.id = $1`,
      [id, patient.pseudonym, patient.pseudonymVersion, patient.birthYear, patient.sex ?? null],
    );
    if (reenrolled)
      await this.audit.record(manager, {
        action: 'patient.reenrol',
        objectType: 'patient',
        rowCount: reenrolled,
        institutionId: episode.institution_id as string,
      });
  }
}

/** The corrections of an episode, oldest first (for its history). */
export async function patientCorrections(manager: EntityManager, episodeId: string): Promise<PatientCorrectionRecordDto[]> {
  const rows: { corrected_at: Date; reason: string }[] = await manager.query(
    `SELECT corrected_at, reason FROM episode_patient_corrections WHERE episode_id = $1 ORDER BY corrected_at, id`,
    [episodeId],
  );
  return rows.map((r) => ({ correctedAt: r.corrected_at.toISOString(), reason: r.reason }));
}
