/**
 * FHIR Bulk Data system-level `$export` (https://hl7.org/fhir/uv/bulkdata/export.html), scoped to
 * the caller's institution, on the own-data export engine: a kick-off is an institution export of
 * format ndjson, built in the background by FhirBulkExportBuilder, polled at its status URL and
 * downloaded from its file URLs with the same authentication. Who may export is who may export
 * own data: a data manager of the institution (the route's guard); for anyone else an export does
 * not exist (404). Kick-off, downloads and cancellation are audited, as the JSON API's exports are.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/request-context';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import { ExportRow, InstitutionExportRepository } from '../exports/institution-export.repository';
import { CONTENT_TYPES, ExtractDownload } from '../extracts/extract-download';
import { ExtractJobs } from '../extracts/extract-jobs';
import { ExtractStorage } from '../extracts/extract-storage';
import { OperationOutcomeException } from './operation-outcome';

/** The resource types an export can hold, each in its own file. */
export const BULK_EXPORT_TYPES = ['EpisodeOfCare', 'QuestionnaireResponse'] as const;
export type BulkExportType = (typeof BULK_EXPORT_TYPES)[number];

/** The queue of bulk export builds (migration FhirBulkExports) and its job. */
export const FHIR_EXPORT_QUEUE = 'fhir-bulk-export-build';
export interface FhirExportJob {
  exportId: string;
  institutionId: string;
}

/** A type's file: the export engine keeps lower-case file names. */
export function bulkFileName(type: BulkExportType): string {
  return `${type.toLowerCase()}.ndjson`;
}

const DAY = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OUTPUT_FORMATS = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'];

/** What the status URL says: still running (202), or the manifest (200). */
export type BulkExportStatus = { state: 'running'; progress: string } | { state: 'ready'; manifest: object; expires: Date };

export interface BulkExportKickOff {
  /** The request's query parameters, as Express parsed them. */
  query: Record<string, unknown>;
  prefer: string | undefined;
  accept: string | undefined;
  /** The kick-off URL, for the manifest. */
  requestUrl: string;
}

@Injectable()
export class FhirBulkExportService {
  constructor(
    private readonly db: ScopedDb,
    private readonly context: RequestContext,
    private readonly exports: InstitutionExportRepository,
    private readonly storage: ExtractStorage,
    private readonly jobs: ExtractJobs,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Validates a kick-off and queues its build; answers the export's id. */
  kickOff(request: BulkExportKickOff): Promise<string> {
    const { types, since } = checkKickOff(request);
    const institutionId = this.institution();
    const today = new Date().toISOString().slice(0, 10);
    return this.db.transaction([institutionId], async (manager) => {
      const row = await this.exports.insert(manager, {
        institutionId,
        requestedBy: this.userId(),
        // everything the institution has: every episode admitted up to the kick-off day
        periodFrom: '1900-01-01',
        periodTo: today > '1900-01-01' ? today : '1900-01-01',
        format: 'ndjson',
        expiresAt: new Date(Date.now() + this.config.extractTtlDays * DAY),
        fhir: { types, request: request.requestUrl.slice(0, 2000), since },
      });
      await this.jobs.queue(manager, FHIR_EXPORT_QUEUE, { exportId: row.id, institutionId } satisfies FhirExportJob);
      await this.audit.record(manager, { action: 'export.request', objectType: 'institution_export', objectIds: [row.id], institutionId });
      return row.id;
    });
  }

  status(id: string): Promise<BulkExportStatus> {
    return this.db.transaction(this.managed(), async (manager) => {
      const row = await this.findOrFail(manager, id);
      if (row.status === 'queued' || row.status === 'building') return { state: 'running', progress: row.status };
      if (row.status === 'failed')
        throw new OperationOutcomeException(500, {
          type: 'export-failed',
          title: 'Export failed',
          detail: row.failure ?? 'The export failed; kick off a new one.',
        });
      const files = await this.exports.filesOf(manager, [row.id]);
      const fileUrl = (name: string) => `${this.config.publicBaseUrl}/fhir/$export-file/${row.id}/${name}`;
      const output = BULK_EXPORT_TYPES.filter((type) => row.fhir_types!.includes(type)).map((type) => {
        const file = files.find((f) => f.name === bulkFileName(type))!;
        return { type, url: fileUrl(file.name), count: file.rows ?? 0 };
      });
      const manifest = {
        transactionTime: row.created_at.toISOString(),
        request: row.fhir_request,
        requiresAccessToken: true,
        output,
        error: [],
      };
      return { state: 'ready', manifest, expires: row.expires_at };
    });
  }

  /** Cancels a running export or deletes a finished one's files: its status URL is then not found. */
  async cancel(id: string): Promise<void> {
    await this.db.transaction(this.managed(), async (manager) => {
      const row = await this.findOrFail(manager, id, true);
      await this.exports.expire(manager, row.id);
      await this.audit.record(manager, {
        action: 'export.cancel',
        objectType: 'institution_export',
        objectIds: [row.id],
        institutionId: row.institution_id,
      });
    });
    await this.storage.removeAll(id);
  }

  /** One NDJSON file of a ready export; the download is audited before a byte is sent. */
  download(id: string, name: string): Promise<ExtractDownload> {
    return this.db.transaction(this.managed(), async (manager) => {
      const row = await this.findOrFail(manager, id);
      const file = row.status === 'ready' ? (await this.exports.filesOf(manager, [id])).find((f) => f.name === name) : undefined;
      if (!file || !(await this.storage.exists(id, name))) throw notFound(`$export-file/${id}/${name}`);
      await this.audit.record(manager, {
        action: 'export.download',
        objectType: 'institution_export_file',
        objectIds: [id, name],
        rowCount: file.rows ?? 0,
        institutionId: row.institution_id,
      });
      return { stream: this.storage.open(id, name), contentType: CONTENT_TYPES.ndjson, bytes: file.bytes, sha256: file.sha256, name };
    });
  }

  /** A bulk export of an institution the caller manages that is not expired or cancelled; else not found. */
  private async findOrFail(manager: EntityManager, id: string, lock = false): Promise<ExportRow> {
    const row = UUID.test(id) ? await this.exports.find(manager, id, lock) : undefined;
    if (!row || !row.fhir_types || row.status === 'expired' || row.expires_at <= new Date()) throw notFound(`$export-status/${id}`);
    return row;
  }

  private managed(): string[] {
    const principal = this.context.requirePrincipal();
    return principal.kind === 'user' ? principal.dataManagerInstitutionIds : [];
  }

  /** The caller's institution: a system-level export has no parameter to choose one. */
  private institution(): string {
    const managed = this.managed();
    if (managed.length === 1) return managed[0];
    throw new OperationOutcomeException(400, {
      type: 'validation-error',
      title: 'Invalid request',
      detail:
        managed.length === 0
          ? 'Only a data manager of an institution may export its data.'
          : 'You are data manager of several institutions; a system-level export is of one. Use POST /api/v1/exports with institutionId.',
    });
  }

  private userId(): string {
    const principal = this.context.requirePrincipal();
    if (principal.kind !== 'user') throw notFound('$export');
    return principal.userId;
  }
}

function notFound(what: string): OperationOutcomeException {
  return new OperationOutcomeException(404, { type: 'not-found', title: 'Not found', detail: `${what} is not found.` });
}

function invalid(expression: string, detail: string): OperationOutcomeException {
  return new OperationOutcomeException(400, { type: 'validation-error', title: 'Invalid request', detail }, [{ expression, detail }]);
}

/** A FHIR instant: date and time to the second, with a time zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** The kick-off's headers and parameters as the Bulk Data specification has them; answers the resource types and `_since`. */
export function checkKickOff(request: BulkExportKickOff): { types: BulkExportType[]; since?: Date } {
  if (!/(^|[\s,;])respond-async($|[\s,;])/i.test(request.prefer ?? ''))
    throw invalid('Prefer', 'A bulk export runs in the background: send the header Prefer: respond-async.');
  if (!/application\/fhir\+json|\*\/\*/i.test(request.accept ?? ''))
    throw invalid('Accept', 'Send the header Accept: application/fhir+json (errors and the manifest are FHIR JSON).');
  const { _type, _outputFormat, _since, ...others } = request.query;
  const unknown = Object.keys(others)[0];
  if (unknown !== undefined)
    throw invalid(unknown, `The parameter ${unknown} is not supported; a system-level export takes _type, _since and _outputFormat.`);
  const since = sinceOf(_since);
  if (_outputFormat !== undefined && (typeof _outputFormat !== 'string' || !OUTPUT_FORMATS.includes(_outputFormat)))
    throw invalid('_outputFormat', `_outputFormat must be one of ${OUTPUT_FORMATS.join(', ')}.`);
  if (_type === undefined) return { types: [...BULK_EXPORT_TYPES], since };
  const asked = typeof _type === 'string' ? _type.split(',').map((t) => t.trim()) : [];
  const wrong = asked.find((t) => !(BULK_EXPORT_TYPES as readonly string[]).includes(t));
  if (asked.length === 0 || wrong !== undefined)
    throw invalid('_type', `_type must be a comma-separated list of ${BULK_EXPORT_TYPES.join(', ')}${wrong ? `, not ${wrong}` : ''}.`);
  return { types: BULK_EXPORT_TYPES.filter((t) => asked.includes(t)), since };
}

/** `_since`: an instant (with its time zone) not in the future; resources changed after it are exported. */
function sinceOf(value: unknown): Date | undefined {
  if (value === undefined) return undefined;
  const since = typeof value === 'string' && INSTANT.test(value) ? new Date(value) : undefined;
  if (!since || Number.isNaN(since.getTime()))
    throw invalid('_since', '_since must be a FHIR instant with a time zone, e.g. 2026-11-01T00:00:00Z.');
  if (since.getTime() > Date.now()) throw invalid('_since', '_since is in the future.');
  return since;
}
