/**
 * Research extract requests: a researcher applies, an administrator approves (which queues the
 * build) or rejects, and may revoke or rebuild; the researcher downloads the files of a ready
 * extract until it expires. A researcher sees only their own requests: another's is not found.
 * Decisions and every download are audited.
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/request-context';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import type {
  CreateExtractRequestDto,
  ExtractFileDto,
  ExtractRequestDto,
  ExtractRequestListDto,
  ExtractVariableCatalogueDto,
} from './dto/extract-request.dto';
import { CONTENT_TYPES, checkFileName, exportGone, exportNotReady, type ExtractDownload } from './extract-download';
import { ExtractJobs } from './extract-jobs';
import {
  ExtractBuildRow,
  ExtractEventRow,
  ExtractFileRow,
  ExtractFilters,
  ExtractRequestRepository,
  ExtractRequestRow,
  ExtractStatus,
} from './extract-request.repository';
import { ExtractStorage } from './extract-storage';
import { EXTRACT_VARIABLES } from './extract-variables';

const DAY = 24 * 60 * 60 * 1000;

@Injectable()
export class ExtractRequestService {
  constructor(
    private readonly db: ScopedDb,
    private readonly context: RequestContext,
    private readonly requests: ExtractRequestRepository,
    private readonly storage: ExtractStorage,
    private readonly jobs: ExtractJobs,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  catalogue(): ExtractVariableCatalogueDto {
    return {
      variables: EXTRACT_VARIABLES.map((v) => ({
        name: v.name,
        type: v.type,
        description: v.description,
        unit: v.unit,
        allowedValues: v.allowedValues ? [...v.allowedValues] : null,
      })),
    };
  }

  create(dto: CreateExtractRequestDto): Promise<ExtractRequestDto> {
    const researcherId = this.userId();
    const filters = filtersOf(dto);
    return this.db.registerTransaction(async (manager) => {
      await this.requireInstitutions(
        manager,
        filters.institutionIds ?? [],
        dto.institutionIds ? '/institutionIds' : '/filters/institutionIds',
      );
      const row = await this.requests.insert(manager, {
        researcherId,
        title: dto.title,
        purpose: dto.purpose,
        legalBasis: dto.legalBasis,
        ethicsReference: dto.ethicsReference,
        variables: dto.variables,
        periodFrom: dto.periodFrom,
        periodTo: dto.periodTo,
        filters,
      });
      await this.requests.addEvent(manager, row.id, 'submitted', researcherId);
      await this.audit.record(manager, { action: 'extract.request', objectType: 'extract_request', objectIds: [row.id] });
      return this.toDtos(manager, [row]).then(([dto]) => dto);
    });
  }

  /** The caller's own requests (researchers), or every request (administrators). */
  list(status?: ExtractStatus): Promise<ExtractRequestListDto> {
    const researcherId = this.ownerFilter();
    return this.db.registerTransaction(async (manager) => ({
      items: await this.toDtos(manager, await this.requests.list(manager, researcherId, status)),
    }));
  }

  get(id: string): Promise<ExtractRequestDto> {
    return this.db.registerTransaction(async (manager) => this.toDtos(manager, [await this.findVisible(manager, id)]).then(([d]) => d));
  }

  approve(id: string, note: string): Promise<ExtractRequestDto> {
    return this.decide(id, async (manager, row) => {
      this.requireStatus(row, ['submitted'], 'approved');
      const expiresAt = new Date(Date.now() + this.config.extractTtlDays * DAY);
      await this.requests.decide(manager, id, { status: 'approved', note, by: this.userId(), expiresAt, projectKey: randomBytes(32) });
      await this.requests.addEvent(manager, id, 'approved', this.userId(), note);
      await this.jobs.queueBuild(manager, id);
      return 'extract.approve';
    });
  }

  reject(id: string, note: string): Promise<ExtractRequestDto> {
    return this.decide(id, async (manager, row) => {
      this.requireStatus(row, ['submitted'], 'rejected');
      await this.requests.decide(manager, id, { status: 'rejected', note, by: this.userId(), expiresAt: null, projectKey: null });
      await this.requests.addEvent(manager, id, 'rejected', this.userId(), note);
      return 'extract.reject';
    });
  }

  /** Withdraws an approval: files deleted at once, the project key forgotten, no rebuild. */
  async revoke(id: string, note: string): Promise<ExtractRequestDto> {
    const dto = await this.decide(id, async (manager, row) => {
      this.requireStatus(row, ['approved', 'building', 'ready', 'failed'], 'revoked');
      // the files go at once; who was in them is kept until the extract's time is up (they may have been downloaded)
      await this.requests.end(manager, id, 'revoked', true);
      await this.requests.addEvent(manager, id, 'revoked', this.userId(), note);
      return 'extract.revoke';
    });
    await this.storage.removeAll(id);
    return dto;
  }

  /**
   * Builds again with the same project key (so the same pseudonyms), e.g. after withdrawals: the
   * next build, whose files replace the last one's; who each earlier build held is kept.
   */
  async rebuild(id: string, note: string): Promise<ExtractRequestDto> {
    const dto = await this.decide(id, async (manager, row) => {
      this.requireStatus(row, ['approved', 'building', 'ready', 'failed'], 'rebuilt');
      await this.requests.nextBuild(manager, id);
      await this.requests.addEvent(manager, id, 'rebuild', this.userId(), note);
      await this.jobs.queueBuild(manager, id);
      return 'extract.rebuild';
    });
    await this.storage.removeAll(id);
    return dto;
  }

  /** One file of the caller's ready extract; the download is audited before a byte is sent. */
  download(id: string, name: string): Promise<ExtractDownload> {
    checkFileName(name, 'extract.csv');
    return this.db.registerTransaction(async (manager) => {
      const row = await this.findVisible(manager, id);
      if (row.status === 'expired' || row.status === 'revoked' || (row.status === 'ready' && row.expires_at! <= new Date()))
        throw exportGone(`The extract is ${row.status === 'revoked' ? 'revoked' : 'expired'}: its files are deleted.`);
      if (row.status !== 'ready') throw exportNotReady(row.status);
      const file = (await this.requests.filesOf(manager, [id])).find((f) => f.name === name);
      if (!file) throw new NotFoundProblem(`A file named ${name} in this extract`);
      await this.audit.record(manager, {
        action: 'extract.download',
        objectType: 'extract_file',
        objectIds: [id, name],
        rowCount: file.rows ?? 0,
      });
      return { stream: this.storage.open(id, name), contentType: CONTENT_TYPES[file.format], bytes: file.bytes, sha256: file.sha256, name };
    });
  }

  private async decide(id: string, act: (manager: EntityManager, row: ExtractRequestRow) => Promise<string>): Promise<ExtractRequestDto> {
    return this.db.registerTransaction(async (manager) => {
      const row = await this.requests.find(manager, id, undefined, true);
      if (!row) throw new NotFoundProblem('The extract request');
      const action = await act(manager, row);
      await this.audit.record(manager, { action, objectType: 'extract_request', objectIds: [id] });
      const updated = await this.requests.find(manager, id);
      return this.toDtos(manager, [updated!]).then(([dto]) => dto);
    });
  }

  /** An institution filter names institutions of the register (an unknown id is a mistake, not an empty extract). */
  private async requireInstitutions(manager: EntityManager, ids: string[], pointer: string): Promise<void> {
    if (ids.length === 0) return;
    const known = new Set(await this.requests.existingInstitutions(manager, ids));
    const errors = ids.flatMap((id, i) => (known.has(id) ? [] : [{ pointer: `${pointer}/${i}`, detail: 'No institution has this id' }]));
    if (errors.length) throw new ValidationProblem(errors);
  }

  private requireStatus(row: ExtractRequestRow, allowed: ExtractStatus[], becoming: string): void {
    if (!allowed.includes(row.status))
      throw new ProblemException(
        409,
        'extract-status-conflict',
        'Not possible in this status',
        `A request that is ${row.status} cannot be ${becoming} (only one that is ${allowed.join(' or ')}).`,
      );
  }

  private async findVisible(manager: EntityManager, id: string): Promise<ExtractRequestRow> {
    const row = await this.requests.find(manager, id, this.ownerFilter() ?? undefined);
    if (!row) throw new NotFoundProblem('The extract request');
    return row;
  }

  /** Researchers see their own requests only; administrators all. */
  private ownerFilter(): string | null {
    const principal = this.context.requirePrincipal();
    return principal.kind === 'user' && principal.role === 'admin' ? null : this.userId();
  }

  private userId(): string {
    const principal = this.context.requirePrincipal();
    if (principal.kind !== 'user') throw new NotFoundProblem('The extract request');
    return principal.userId;
  }

  private async toDtos(manager: EntityManager, rows: ExtractRequestRow[]): Promise<ExtractRequestDto[]> {
    const ids = rows.map((r) => r.id);
    const files = await this.requests.filesOf(
      manager,
      rows.filter((r) => r.status === 'ready').map((r) => r.id),
    );
    const events = await this.requests.eventsOf(manager, ids);
    const builds = await this.requests.buildsOf(manager, ids);
    return rows.map((row) =>
      toExtractRequestDto(row, {
        files: files.filter((f) => f.request_id === row.id),
        events: events.filter((e) => e.request_id === row.id),
        builds: builds.filter((b) => b.request_id === row.id),
      }),
    );
  }
}

/** The filters given at the top of the request and in `filters`, each in one place only. */
function filtersOf(dto: CreateExtractRequestDto): ExtractFilters {
  const nested = dto.filters ?? {};
  const twice = (['institutionIds', 'regions', 'programmes'] as const).filter((key) => dto[key] !== undefined && nested[key] !== undefined);
  if (twice.length)
    throw new ValidationProblem(twice.map((key) => ({ pointer: `/${key}`, detail: `${key} is given here and in filters; give it once` })));
  const filters: ExtractFilters = {
    institutionIds: dto.institutionIds ?? nested.institutionIds,
    programmes: dto.programmes ?? nested.programmes,
    regions: dto.regions ?? nested.regions,
    serviceLevels: nested.serviceLevels,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, list]) => list !== undefined));
}

function toExtractRequestDto(
  row: ExtractRequestRow,
  { files, events, builds }: { files: ExtractFileRow[]; events: ExtractEventRow[]; builds: ExtractBuildRow[] },
): ExtractRequestDto {
  return {
    id: row.id,
    researcherId: row.researcher_id,
    title: row.title,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    ethicsReference: row.ethics_reference,
    variables: row.variables,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    filters: row.filters,
    status: row.status,
    decisionNote: row.decision_note,
    decidedAt: row.decided_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    builtAt: row.built_at?.toISOString() ?? null,
    rowCount: row.row_count,
    patientCount: row.patient_count,
    withdrawnPatientsLeftOut: row.withdrawn_patients_left_out,
    failure: row.failure,
    build: row.build,
    builds: builds.map((b) => ({
      build: b.build,
      builtAt: b.built_at.toISOString(),
      rowCount: b.row_count,
      patientCount: b.patient_count,
      withdrawnPatientsLeftOut: b.withdrawn_patients_left_out,
    })),
    files: files.map((f): ExtractFileDto => ({
      name: f.name,
      format: f.format,
      bytes: Number(f.bytes),
      rows: f.rows,
      sha256: f.sha256,
      expiresAt: row.expires_at!.toISOString(),
    })),
    history: events.map((e) => ({ at: e.occurred_at.toISOString(), action: e.action, note: e.note })),
    createdAt: row.created_at.toISOString(),
  };
}
