/**
 * Expiry of extracts (the `extract-expiry` job): when an extract's time is up its files are deleted,
 * its inclusion list goes (only the request's counts stay) and its project key is forgotten, so it
 * can never be rebuilt with the same pseudonyms. Downloads then answer 410. A revoked extract lost
 * its files and key at once; its inclusion list goes here too, when its time is up.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ExtractRequestRepository } from './extract-request.repository';
import { ExtractStorage } from './extract-storage';

@Injectable()
export class ExtractExpiry {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: ExtractRequestRepository,
    private readonly storage: ExtractStorage,
    private readonly audit: AuditService,
  ) {}

  /** Expires every extract due by `now` (a parameter, so tests can move the clock); returns how many. */
  async expireDue(now: Date = new Date()): Promise<number> {
    const due = await this.dataSource.transaction((manager) => this.requests.dueForExpiry(manager, now));
    for (const id of due) {
      await this.dataSource.transaction(async (manager) => {
        // the inclusion list is person-level: its rows of every institution are removed
        await this.requests.openEveryInstitution(manager);
        await this.requests.end(manager, id, 'expired', false);
        await this.requests.addEvent(manager, id, 'expired', null);
        await this.audit.record(manager, { action: 'extract.expire', objectType: 'extract_request', objectIds: [id] });
      });
      await this.storage.removeAll(id);
    }
    await this.dataSource.transaction(async (manager) => {
      await this.requests.openEveryInstitution(manager);
      const revoked = await this.requests.removeRevokedInclusions(manager, now);
      if (revoked.length)
        await this.audit.record(manager, { action: 'extract.expire_inclusions', objectType: 'extract_request', objectIds: revoked });
    });
    return due.length;
  }
}
