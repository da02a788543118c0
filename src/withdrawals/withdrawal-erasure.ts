/**
 * Erasure after a withdrawal (docs/privacy.md): once the grace period (WITHDRAWAL_GRACE_DAYS) has
 * passed, the patient's episodes, responses with every version, invitations with their drafts,
 * patient corrections and stored batch answers are deleted; the withdrawal row (pseudonym and
 * dates) and the audit trail remain. Hourly, across institutions, through the SECURITY DEFINER
 * function erase_withdrawn_patients (migration PatientIdentityAndErasure).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { HourlyPurge } from '../database/hourly-purge';

export interface ErasureResult {
  patients: number;
  episodes: number;
}

@Injectable()
export class WithdrawalErasure extends HourlyPurge {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(dataSource, 'erase_withdrawn_patients');
  }

  /** The hourly run: the erasure is audited, so it goes through eraseDue rather than a bare call of the function. */
  override async purge(): Promise<number> {
    return (await this.eraseDue()).episodes;
  }

  /** Erases every withdrawal whose grace period ended by `now` (a parameter, so tests can move the clock). */
  eraseDue(now: Date = new Date()): Promise<ErasureResult> {
    return this.dataSource.transaction(async (manager) => {
      // one instance at a time; waits rather than skips, so a caller (the CLI) sees the erasure done
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('erase_withdrawn_patients'))`);
      const rows: { institution_id: string; patients: number; episodes: number }[] = await manager.query(
        `SELECT institution_id, patients, episodes FROM erase_withdrawn_patients(make_interval(days => $1), $2)`,
        [this.config.withdrawalGraceDays, now],
      );
      // per institution, how many: never which patient
      await this.audit.recordMany(
        manager,
        rows.map((r) => ({ action: 'patient.erase', objectType: 'episode', rowCount: r.episodes, institutionId: r.institution_id })),
      );
      const [{ patients }]: { patients: number }[] = await manager.query(
        `SELECT count(*)::integer AS patients FROM withdrawals WHERE erased_at = $1`,
        [now],
      );
      return { patients, episodes: rows.reduce((sum, r) => sum + r.episodes, 0) };
    });
  }
}
