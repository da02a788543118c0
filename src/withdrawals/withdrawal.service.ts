/**
 * A patient's withdrawal: their person-level data leave use at once (lists, reads, indicators,
 * extracts) at every institution, and no new data are registered for them. The audit log keeps
 * that it happened, per institution, without the identity.
 */
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { InstitutionScope } from '../auth/institution-scope';
import { NotFoundProblem, ValidationProblem } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { PseudonymService } from '../pseudonyms/pseudonym.service';
import { WithdrawalResultDto } from './dto/withdrawal.dto';

@Injectable()
export class WithdrawalService {
  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly pseudonyms: PseudonymService,
    private readonly audit: AuditService,
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
      return { withdrawnEpisodes: result.episode_count };
    });
  }
}
