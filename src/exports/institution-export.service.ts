/**
 * Institutions' own-data exports: a data manager asks for all of their institution's episodes and
 * responses admitted in a period, with no approval (it is the institution's own register); the
 * engine builds the files in the background; the data manager downloads them until they expire.
 * Only data managers of the export's institution see it: for anyone else it does not exist. Every
 * request and every download is audited.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/request-context';
import { NotFoundProblem, ValidationProblem } from '../common/problem';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import { CONTENT_TYPES, ExtractDownload, checkFileName, exportGone, exportNotReady } from '../extracts/extract-download';
import { ExtractJobs } from '../extracts/extract-jobs';
import { ExtractStorage } from '../extracts/extract-storage';
import type { CreateInstitutionExportDto, InstitutionExportDto, InstitutionExportListDto } from './dto/institution-export.dto';
import { EXPORT_BUILD_QUEUE, type ExportBuildJob } from './institution-export-builder';
import { ExportFileRow, ExportFormat, ExportRow, InstitutionExportRepository } from './institution-export.repository';

const DAY = 24 * 60 * 60 * 1000;

@Injectable()
export class InstitutionExportService {
  constructor(
    private readonly db: ScopedDb,
    private readonly context: RequestContext,
    private readonly exports: InstitutionExportRepository,
    private readonly storage: ExtractStorage,
    private readonly jobs: ExtractJobs,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Queues an export of one institution the caller manages; the job exists if and only if the request commits. */
  create(dto: CreateInstitutionExportDto): Promise<InstitutionExportDto> {
    const institutionId = this.managedInstitution(dto.institutionId);
    return this.db.transaction([institutionId], async (manager) => {
      const row = await this.exports.insert(manager, {
        institutionId,
        requestedBy: this.userId(),
        periodFrom: dto.periodFrom,
        periodTo: dto.periodTo,
        format: dto.format,
        expiresAt: new Date(Date.now() + this.config.extractTtlDays * DAY),
      });
      await this.jobs.queue(manager, EXPORT_BUILD_QUEUE, { exportId: row.id, institutionId } satisfies ExportBuildJob);
      await this.audit.record(manager, { action: 'export.request', objectType: 'institution_export', objectIds: [row.id], institutionId });
      return (await this.toDtos(manager, [row]))[0];
    });
  }

  /** The exports of every institution the caller manages, newest first. */
  list(): Promise<InstitutionExportListDto> {
    return this.db.transaction(this.managedInstitutions(), async (manager) => ({
      items: await this.toDtos(manager, await this.exports.list(manager)),
    }));
  }

  get(id: string): Promise<InstitutionExportDto> {
    return this.db.transaction(
      this.managedInstitutions(),
      async (manager) => (await this.toDtos(manager, [await this.findOrFail(manager, id)]))[0],
    );
  }

  /** One file of a ready export; the download is audited before a byte is sent. */
  download(id: string, name: string): Promise<ExtractDownload> {
    checkFileName(name, 'episodes.csv');
    return this.db.transaction(this.managedInstitutions(), async (manager) => {
      const row = await this.findOrFail(manager, id);
      if (row.status === 'expired' || row.expires_at <= new Date()) throw exportGone('The export is expired: its files are deleted.');
      if (row.status !== 'ready') throw exportNotReady(row.status);
      const file = (await this.exports.filesOf(manager, [id])).find((f) => f.name === name);
      if (!file) throw new NotFoundProblem(`A file named ${name} in this export`);
      // e.g. a store restored without its files: they are made again by asking again
      if (!(await this.storage.exists(id, name))) throw exportGone('The files of this export are gone; ask for a new export.');
      await this.audit.record(manager, {
        action: 'export.download',
        objectType: 'institution_export_file',
        objectIds: [id, name],
        rowCount: file.rows ?? 0,
        institutionId: row.institution_id,
      });
      return { stream: this.storage.open(id, name), contentType: CONTENT_TYPES[file.format], bytes: file.bytes, sha256: file.sha256, name };
    });
  }

  private async findOrFail(manager: EntityManager, id: string): Promise<ExportRow> {
    const row = await this.exports.find(manager, id);
    // a FHIR bulk export is the FHIR facade's: it has its own status and file URLs
    if (!row || row.fhir_types) throw new NotFoundProblem('The export');
    return row;
  }

  /** The institutions whose data the caller may export (the guard let only data managers in). */
  private managedInstitutions(): string[] {
    const principal = this.context.requirePrincipal();
    return principal.kind === 'user' ? principal.dataManagerInstitutionIds : [];
  }

  /** The one institution an export is for: the one named, or the caller's only one. */
  private managedInstitution(requested: string | undefined): string {
    const managed = this.managedInstitutions();
    if (requested) {
      if (!managed.includes(requested)) throw new NotFoundProblem('The institution');
      return requested;
    }
    if (managed.length === 1) return managed[0];
    if (managed.length === 0) throw new NotFoundProblem('An institution you manage');
    throw new ValidationProblem([
      { pointer: '/institutionId', detail: `You are data manager of several institutions; say which one (one of ${managed.join(', ')}).` },
    ]);
  }

  private userId(): string {
    const principal = this.context.requirePrincipal();
    if (principal.kind !== 'user') throw new NotFoundProblem('The export');
    return principal.userId;
  }

  private async toDtos(manager: EntityManager, rows: ExportRow[]): Promise<InstitutionExportDto[]> {
    const files = await this.exports.filesOf(
      manager,
      rows.filter((r) => r.status === 'ready').map((r) => r.id),
    );
    return rows.map((row) =>
      toExportDto(
        row,
        files.filter((f) => f.export_id === row.id),
      ),
    );
  }
}

function toExportDto(row: ExportRow, files: ExportFileRow[]): InstitutionExportDto {
  return {
    id: row.id,
    institutionId: row.institution_id,
    requestedBy: row.requested_by,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    format: row.format as ExportFormat,
    status: row.status,
    expiresAt: row.expires_at.toISOString(),
    builtAt: row.built_at?.toISOString() ?? null,
    episodeCount: row.episode_count,
    responseCount: row.response_count,
    patientCount: row.patient_count,
    failure: row.failure,
    files: files.map((f) => ({
      name: f.name,
      format: f.format as Exclude<ExportFileRow['format'], 'ndjson'>,
      bytes: Number(f.bytes),
      rows: f.rows,
      sha256: f.sha256,
      expiresAt: row.expires_at.toISOString(),
    })),
    createdAt: row.created_at.toISOString(),
  };
}
