/**
 * Expiry of institutions' own-data exports, run by the engine's `extract-expiry` job: when an
 * export's time is up (whatever its status), its files are deleted and downloads answer 410.
 * The exports due are found across institutions (ids only); each is then expired in a transaction
 * of its own institution.
 */
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ScopedDb, openEveryInstitution } from '../database/scoped-db';
import { ExpiryWorker, ExtractJobs } from '../extracts/extract-jobs';
import { ExtractStorage } from '../extracts/extract-storage';
import { InstitutionExportRepository } from './institution-export.repository';

@Injectable()
export class InstitutionExportExpiry implements ExpiryWorker, OnModuleInit {
  constructor(
    private readonly db: ScopedDb,
    private readonly exports: InstitutionExportRepository,
    private readonly storage: ExtractStorage,
    private readonly audit: AuditService,
    private readonly jobs: ExtractJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.registerExpiry(this);
  }

  /** Expires every export due by `now` (a parameter, so tests can move the clock); returns how many. */
  async expireDue(now: Date = new Date()): Promise<number> {
    const due = await this.db.dataSource.transaction(async (manager) => {
      await openEveryInstitution(manager);
      return this.exports.dueForExpiry(manager, now);
    });
    for (const { id, institution_id: institutionId } of due) {
      await this.db.transaction([institutionId], async (manager) => {
        await this.exports.expire(manager, id);
        await this.audit.record(manager, { action: 'export.expire', objectType: 'institution_export', objectIds: [id], institutionId });
      });
      await this.storage.removeAll(id);
    }
    return due.length;
  }
}
