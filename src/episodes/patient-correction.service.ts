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
import type { EpisodeDto } from './dto/episode.dto';
import type { PatientCorrectionDto } from './dto/patient-correction.dto';
import { EpisodeRepository, EpisodeRow, toEpisodeDto } from './episode.repository';
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
    private readonly episodes: EpisodeRepository,
  ) {}

  async correct(id: string, dto: PatientCorrectionDto): Promise<EpisodeDto> {
    const institutionIds = this.scope.readable();
    const row = await this.db.transaction(institutionIds, (manager) => this.episodes.findVisible(manager, id));
    if (!row) throw new NotFoundProblem('The episode');
    const institutionId = row.institution_id;
    return this.refused.guard(institutionId, 1, () =>
      this.db.transaction([institutionId], async (manager) => {
        const episode = await this.episodes.findVisible(manager, id);
        if (!episode) throw new NotFoundProblem('The episode');
        const pseudonym = await this.episodes.pseudonymOf(manager, id);
        const patient = this.newPatient(dto, pseudonym, episode.admission_date);
        await this.relink(manager, id, patient, episode);
        await this.episodes.addPatientCorrection(manager, id, institutionId, dto.reason);
        await this.audit.record(manager, { action: 'episode.patient_correct', objectType: 'episode', objectIds: [id], institutionId });
        return toEpisodeDto((await this.episodes.findVisible(manager, id))!);
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
  private async relink(manager: EntityManager, id: string, patient: PseudonymizedPatient, episode: EpisodeRow): Promise<void> {
    const reenrolled = await this.writer.reenrol(manager, [
      {
        pseudonym: patient.pseudonym,
        consentStatus: episode.consent_status,
        consentDate: episode.consent_date,
      },
    ]);
    await this.episodes.relinkPatient(manager, id, patient);
    if (reenrolled)
      await this.audit.record(manager, {
        action: 'patient.reenrol',
        objectType: 'patient',
        rowCount: reenrolled,
        institutionId: episode.institution_id,
      });
  }
}
