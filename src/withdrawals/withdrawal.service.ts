/**
 * A patient's withdrawal: their person-level data leave use at once (lists, reads, indicators,
 * extracts) at every institution and are erased after the grace period (WithdrawalErasure). Later
 * episodes count only with a consent recorded after the withdrawal (docs/privacy.md). The audit
 * log keeps that it happened, per institution, without the identity.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InstitutionScope } from '../auth/institution-scope';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import { PseudonymService } from '../pseudonyms/pseudonym.service';
import { WithdrawalCancellationDto, WithdrawalResultDto } from './dto/withdrawal.dto';

/** The withdrawal record of a patient: when it was made, and when cancelled, re-enrolled or erased. */
export interface WithdrawalRecord {
  withdrawnAt: Date;
  erasureDueAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  reenrolledAt: Date | null;
  erasedAt: Date | null;
}

@Injectable()
export class WithdrawalService {
  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly pseudonyms: PseudonymService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  withdraw(nationalId: string): Promise<WithdrawalResultDto> {
    const pseudonym = this.pseudonymOf(nationalId);
    const principal = this.scope.principal();
    const isAdmin = principal.kind === 'user' && principal.role === 'admin';
    return this.db.transaction(principal.institutionIds, async (manager) => {
      const [result]: { episode_count: number; institution_ids: string[] }[] = await manager.query(
        `SELECT episode_count, institution_ids::text[] AS institution_ids FROM withdraw_patient($1, $2::uuid[], $3)`,
        [pseudonym, principal.institutionIds, isAdmin],
      );
      // Staff may withdraw only patients their institution treated; others are not revealed.
      if (result.episode_count < 0) throw new NotFoundProblem('A patient with episodes at your institution');
      await this.auditPerInstitution(manager, 'patient.withdraw', result.institution_ids, result.episode_count);
      return { withdrawnEpisodes: result.episode_count, erasureDueAt: await this.erasureDueAt(manager, pseudonym) };
    });
  }

  /** An administrator's cancellation of a withdrawal made by mistake, within the grace period. */
  cancel(nationalId: string, reason: string): Promise<WithdrawalCancellationDto> {
    const pseudonym = this.pseudonymOf(nationalId);
    return this.db.transaction([], async (manager) => {
      const [result]: { outcome: string; episode_count: number; institution_ids: string[] }[] = await manager.query(
        `SELECT outcome, episode_count, institution_ids::text[] AS institution_ids FROM cancel_withdrawal($1, $2, make_interval(days => $3))`,
        [pseudonym, reason, this.config.withdrawalGraceDays],
      );
      if (result.outcome === 'not_found') throw new NotFoundProblem('A withdrawal in force for this patient');
      if (result.outcome === 'grace_period_over')
        throw new ProblemException(
          409,
          'withdrawal-grace-period-over',
          'Grace period over',
          `The withdrawal is more than ${this.config.withdrawalGraceDays} days old, so the patient's data are (or are about to be) erased; it can no longer be cancelled.`,
        );
      await this.auditPerInstitution(manager, 'patient.withdraw_cancel', result.institution_ids, result.episode_count);
      return { restoredEpisodes: result.episode_count };
    });
  }

  /** The patient's withdrawal record, if they ever withdrew (their access report); one row per patient, the latest withdrawal. */
  async recordOf(manager: EntityManager, pseudonym: string): Promise<WithdrawalRecord | undefined> {
    const [row]: WithdrawalRecord[] = await manager.query(
      `SELECT withdrawn_at AS "withdrawnAt", withdrawn_at + make_interval(days => $2) AS "erasureDueAt", cancelled_at AS "cancelledAt",
              cancel_reason AS "cancelReason", reenrolled_at AS "reenrolledAt", erased_at AS "erasedAt"
         FROM withdrawals WHERE pseudonym = $1`,
      [pseudonym, this.config.withdrawalGraceDays],
    );
    return row;
  }

  private pseudonymOf(nationalId: string): string {
    const result = this.pseudonyms.pseudonymize(nationalId);
    if (!result.ok) throw new ValidationProblem([{ pointer: '/nationalId', detail: result.reason }]);
    return result.patient.pseudonym;
  }

  /** One audit row per institution the patient's episodes were at (one without an institution if none): how many, never who. */
  private auditPerInstitution(manager: EntityManager, action: string, institutionIds: string[], episodes: number): Promise<void> {
    return this.audit.recordMany(
      manager,
      (institutionIds.length ? institutionIds : [null]).map((institutionId) => ({
        action,
        objectType: 'patient',
        rowCount: episodes,
        institutionId,
      })),
    );
  }

  private async erasureDueAt(manager: EntityManager, pseudonym: string): Promise<string> {
    const [row]: { due: Date }[] = await manager.query(
      `SELECT withdrawn_at + make_interval(days => $2) AS due FROM withdrawals WHERE pseudonym = $1`,
      [pseudonym, this.config.withdrawalGraceDays],
    );
    return row.due.toISOString();
  }
}
