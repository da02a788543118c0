/**
 * The register's access report across institutions, the register's act as data controller: an
 * administrator makes it with the patient's request reference as the reason; a job builds it into
 * files to hand to the patient (it is never shown on a screen); they are downloaded, audited,
 * until they expire. Making it is audited per institution, naming the patient's episodes there, so
 * the patient's next report shows who made this one.
 */
import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/request-context';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { ExtractRequestRepository } from '../extracts/extract-request.repository';
import { ExtractStorage } from '../extracts/extract-storage';
import { PseudonymService } from '../pseudonyms/pseudonym.service';
import { AccessReportCollector } from './access-report-collector';
import { pseudonymOf } from './access-report.service';
import type { CreateRegisterAccessReportDto, RegisterAccessReportDto, RegisterAccessReportListDto } from './dto/access-report.dto';
import { RegisterAccessReportJobs } from './register-access-report.jobs';
import { RegisterAccessReportRepository, type RegisterReportFileRow, type RegisterReportRow } from './register-access-report.repository';

const FILE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const CONTENT_TYPES: Record<RegisterReportFileRow['format'], string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export interface ReportDownload {
  stream: Readable;
  contentType: string;
  bytes: string;
  sha256: string;
  name: string;
}

@Injectable()
export class RegisterAccessReportService {
  constructor(
    private readonly db: ScopedDb,
    private readonly context: RequestContext,
    private readonly pseudonyms: PseudonymService,
    private readonly reports: RegisterAccessReportRepository,
    private readonly collector: AccessReportCollector,
    private readonly jobs: RegisterAccessReportJobs,
    private readonly extractRequests: ExtractRequestRepository,
    private readonly storage: ExtractStorage,
    private readonly audit: AuditService,
  ) {}

  create(dto: CreateRegisterAccessReportDto): Promise<RegisterAccessReportDto> {
    const pseudonym = pseudonymOf(this.pseudonyms, dto.nationalId);
    const requestedBy = this.context.requirePrincipal();
    if (requestedBy.kind !== 'user') throw new NotFoundProblem('Access reports');
    return this.db.registerTransaction(async (manager) => {
      const row = await this.reports.insert(manager, {
        requestedBy: requestedBy.userId,
        reason: dto.reason,
        language: dto.lang ?? 'nb',
        pseudonym,
      });
      await this.extractRequests.openEveryInstitution(manager);
      await this.auditIncludedEpisodes(manager, pseudonym);
      await this.audit.record(manager, { action: 'access_report.create', objectType: 'access_report', objectIds: [row.id] });
      await this.jobs.queueBuild(manager, row.id);
      return toDto(row, []);
    });
  }

  list(): Promise<RegisterAccessReportListDto> {
    return this.db.registerTransaction(async (manager) => {
      const rows = await this.reports.list(manager);
      const files = await this.reports.filesOf(
        manager,
        rows.filter((r) => r.status === 'ready').map((r) => r.id),
      );
      await this.audit.record(manager, { action: 'access_report.list', objectType: 'access_report', rowCount: rows.length });
      return {
        items: rows.map((row) =>
          toDto(
            row,
            files.filter((f) => f.report_id === row.id),
          ),
        ),
      };
    });
  }

  get(id: string): Promise<RegisterAccessReportDto> {
    return this.db.registerTransaction(async (manager) => {
      const row = await this.findOrFail(manager, id);
      return toDto(row, row.status === 'ready' ? await this.reports.filesOf(manager, [id]) : []);
    });
  }

  /** One file of a ready report, to hand to the patient; audited before a byte is sent. */
  download(id: string, name: string): Promise<ReportDownload> {
    if (!FILE_NAME.test(name) || name.includes('..'))
      throw new ValidationProblem([{ pointer: '/name', detail: 'name must be a file name of the report, such as access-report.html' }]);
    return this.db.registerTransaction(async (manager) => {
      const row = await this.findOrFail(manager, id);
      if (row.status === 'expired' || (row.status === 'ready' && row.expires_at! <= new Date()))
        throw new ProblemException(
          410,
          'access-report-gone',
          'Access report gone',
          'The access report has expired: its files are deleted.',
        );
      if (row.status !== 'ready')
        throw new ProblemException(
          409,
          'access-report-not-ready',
          'Access report not ready',
          `The access report is ${row.status}; its files are offered when it is ready.`,
        );
      const file = (await this.reports.filesOf(manager, [id])).find((f) => f.name === name);
      if (!file) throw new NotFoundProblem(`A file named ${name} in this access report`);
      await this.audit.record(manager, { action: 'access_report.download', objectType: 'access_report_file', objectIds: [id, name] });
      return { stream: this.storage.open(id, name), contentType: CONTENT_TYPES[file.format], bytes: file.bytes, sha256: file.sha256, name };
    });
  }

  /** One audit row per institution holding the patient's episodes, naming them (never the patient). */
  private async auditIncludedEpisodes(manager: EntityManager, pseudonym: string): Promise<void> {
    const byInstitution = new Map<string, string[]>();
    for (const e of await this.collector.episodeIds(manager, pseudonym))
      byInstitution.set(e.institutionId, [...(byInstitution.get(e.institutionId) ?? []), e.id]);
    await this.audit.recordMany(
      manager,
      [...byInstitution].map(([institutionId, ids]) => ({
        action: 'access_report.include',
        objectType: 'episode',
        objectIds: ids,
        institutionId,
      })),
    );
  }

  private async findOrFail(manager: EntityManager, id: string): Promise<RegisterReportRow> {
    const row = await this.reports.find(manager, id);
    if (!row) throw new NotFoundProblem('The access report');
    return row;
  }
}

function toDto(row: RegisterReportRow, files: RegisterReportFileRow[]): RegisterAccessReportDto {
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    language: row.language,
    requestedBy: row.requested_by,
    createdAt: row.created_at.toISOString(),
    builtAt: row.built_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    failure: row.failure,
    files: files.map((f) => ({
      name: f.name,
      format: f.format,
      bytes: Number(f.bytes),
      sha256: f.sha256,
      expiresAt: row.expires_at!.toISOString(),
    })),
  };
}
