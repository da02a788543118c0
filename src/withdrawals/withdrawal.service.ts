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
    const pseudonymized = this.pseudonyms.pseudonymize(nationalId);
    if (!pseudonymized.ok) throw new ValidationProblem([{ pointer: '/nationalId', detail: pseudonymized.reason }]);
    const principal = this.scope.principal();
    const isAdmin = principal.kind === 'user' && principal.role === 'admin';
    return this.db.transaction(principal.institutionIds, async (manager) => {
      const [result]: { episode_count: number; institution_ids: string[] }[] = await manager.query(
        `SELECT episode_count, institution_ids::text[] AS institution_ids FROM withdraw_patient($1, $2::uuid[], $3)`,
        [pseudonymized.patient.pseudonym, principal.institutionIds, isAdmin],
      );
      // Staff may withdraw only patients their institution treated; others are not revealed.
      if (result.episode_count < 0) throw new NotFoundProblem('A patient with episodes at your institution');
      const institutionIds = result.institution_ids.length ? result.institution_ids : [null];
      await this.audit.recordMany(
        manager,
        institutionIds.map((institutionId) => ({
          action: 'patient.withdraw',
          objectType: 'patient',
          rowCount: result.episode_count,
          institutionId,
        })),
      );
      return { withdrawnEpisodes: result.episode_count, erasureDueAt: await this.erasureDueAt(manager, pseudonymized.patient.pseudonym) };
    });
  }

  /** An administrator's cancellation of a withdrawal made by mistake, within the grace period. */
  cancel(nationalId: string, reason: string): Promise<WithdrawalCancellationDto> {
    const pseudonymized = this.pseudonyms.pseudonymize(nationalId);
    if (!pseudonymized.ok) throw new ValidationProblem([{ pointer: '/nationalId', detail: pseudonymized.reason }]);
    return this.db.transaction([], async (manager) => {
      const [result]: { outcome: string; episode_count: number; institution_ids: string[] }[] = await manager.query(
        `SELECT outcome, episode_count, institution_ids::text[] AS institution_ids FROM cancel_withdrawal($1, $2, make_interval(days => $3))`,
        [pseudonymized.patient.pseudonym, reason, this.config.withdrawalGraceDays],
      );
      if (result.outcome === 'not_found') throw new NotFoundProblem('A withdrawal in force for this patient');
      if (result.outcome === 'grace_period_over')
        throw new ProblemException(
          409,
          'withdrawal-grace-period-over',
          'Grace period over',
          `The withdrawal is more than ${this.config.withdrawalGraceDays} days old, so the patient's data are (or are about to be) erased; it can no longer be cancelled.`,
        );
      const institutionIds = result.institution_ids.length ? result.institution_ids : [null];
      await this.audit.recordMany(
        manager,
        institutionIds.map((institutionId) => ({
          action: 'patient.withdraw_cancel',
          objectType: 'patient',
          rowCount: result.episode_count,
          institutionId,
        })),
      );
      return { restoredEpisodes: result.episode_count };
    });
  }

  private async erasureDueAt(manager: EntityManager, pseudonym: string): Promise<string> {
    const [row]: { due: Date }[] = await manager.query(
      `SELECT withdrawn_at + make_interval(days => $2) AS due FROM withdrawals WHERE pseudonym = $1`,
      [pseudonym, this.config.withdrawalGraceDays],
    );
    return row.due.toISOString();
  }
}
