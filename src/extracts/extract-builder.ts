/**
 * Builds an approved extract (the job of the `extract-build` queue): PostgreSQL writes extract.csv
 * itself (`COPY (the build query) TO STDOUT`, CSV, through pg-copy-streams), and a cursor of the same
 * query feeds extract.parquet; both in one read-only snapshot (readInSnapshot), with the project codes
 * computed in the query. Then codebook.csv and manifest.json; each file under a temporary name until
 * complete, and the request marked ready in the build's transaction, which also wrote the inclusion list.
 * A build that dies is retried from the start (the job's heartbeat stops); a retry or rebuild first
 * removes whatever an earlier attempt left.
 *
 * The builder reads every institution's episodes: the service layer's decision for an approved
 * request, given to row-level security as the transactions' institutions.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, type KeyObject } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { DEFAULT_VALUE_SET_ID } from '../instruments/eq5d.scoring';
import { WrittenFile, codebookCsv } from './extract-files';
import { writeFilesInThreads, type FileToWrite } from './file-build-thread';
import { ExtractScope, LongQuery, extractRowsSql, extractScope, longQueries, useProjectKey } from './extract-query';
import { BuildOutcome, ExtractRequestRepository, ExtractRequestRow } from './extract-request.repository';
import { ExtractStorage, publishText, publishWritten } from './extract-storage';
import { SnapshotReader, cancelOnAbort, readInSnapshot } from './snapshot-reader';
import { inCatalogueOrder, type ExtractVariable } from './extract-variables';

/** Time limit of one statement of a build (the first FETCH sorts the whole scope). */
const BUILD_STATEMENT_MS = 30 * 60 * 1000;

/**
 * The project codes as the manifest defines them, in JavaScript: what the build query computes in
 * SQL (extract-query.ts), for tests and for reading a project's pseudonym of a patient.
 */
export function projectPseudonym(projectKey: Buffer | KeyObject, registerPseudonym: string): string {
  return createHmac('sha256', projectKey).update(`patient:${registerPseudonym}`).digest('hex').slice(0, 32);
}

export function projectInstitutionCode(projectKey: Buffer | KeyObject, institutionId: string): string {
  return `I${createHmac('sha256', projectKey).update(`institution:${institutionId}`).digest('hex').slice(0, 10)}`;
}

/**
 * extract.parquet from a cursor of the build query and extract.csv by COPY (either or both), each
 * in a worker thread of its own reading the reader's snapshot with its project key (useProjectKey).
 * The Parquet file first: its thread's heap (the larger, see file-build-thread.ts) is the system's
 * again when the thread ends, while what the allocator keeps of the CSV's buffers would stay in
 * the process beside it.
 */
export async function writeExtractFiles<Files extends { csv?: string; parquet?: string }>(
  reader: SnapshotReader,
  databaseUrl: string | undefined,
  scope: ExtractScope,
  variables: ExtractVariable[],
  files: Files,
  options: { rowGroupRows?: number; expectedRows?: number; signal?: AbortSignal } = {},
): Promise<{ [Name in keyof Files]: WrittenFile }> {
  const toWrite: [format: string, FileToWrite][] = [];
  if (files.parquet) {
    const columns = variables.map(({ name, type }) => ({ name, type }));
    const format = { columns, rowGroupRows: options.rowGroupRows, expectedRows: options.expectedRows };
    toWrite.push(['parquet', { sql: extractRowsSql(scope, variables, 'typed'), values: scope.values, file: files.parquet, format }]);
  }
  if (files.csv)
    toWrite.push(['csv', { sql: extractRowsSql(scope, variables, 'csv'), values: scope.values, file: files.csv, format: { csv: true } }]);
  const written = await writeFilesInThreads(
    reader,
    databaseUrl,
    toWrite.map(([, file]) => file),
    options.signal,
  );
  return Object.fromEntries(toWrite.map(([format], i) => [format, written[i]])) as { [Name in keyof Files]: WrittenFile };
}

@Injectable()
export class ExtractBuilder {
  private readonly logger = new Logger(ExtractBuilder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: ExtractRequestRepository,
    private readonly storage: ExtractStorage,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Builds the request if it is still waiting for a build; anything else (revoked, rejected) is left
   * alone. `signal` (the job's, aborted when the service stops) ends the build at once: its threads
   * and statements are stopped and its transaction rolled back, the request stays `building`.
   */
  async build(requestId: string, signal?: AbortSignal): Promise<'ready' | 'skipped'> {
    const request = await this.dataSource.transaction(async (manager) => {
      const row = await this.requests.find(manager, requestId, undefined, true);
      if (!row || !['approved', 'building'].includes(row.status)) return undefined;
      await this.requests.setStatus(manager, requestId, 'building');
      return row;
    });
    if (!request) return 'skipped';
    await this.storage.removeAll(requestId);
    try {
      const done = await this.dataSource.transaction((manager) => this.buildIn(manager, request, signal));
      if (!done) await this.storage.removeAll(requestId);
      return done ? 'ready' : 'skipped';
    } catch (error) {
      await this.storage.removeAll(requestId);
      throw error;
    }
  }

  /** Marks a request whose job gave up (all retries failed). */
  async markFailed(requestId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.requests.find(manager, requestId, undefined, true);
      if (row?.status !== 'building' && row?.status !== 'approved') return;
      await this.requests.setStatus(manager, requestId, 'failed', reason);
      await this.requests.addEvent(manager, requestId, 'failed', null, reason);
    });
    await this.storage.removeAll(requestId);
  }

  private async buildIn(manager: EntityManager, request: ExtractRequestRow, signal: AbortSignal | undefined): Promise<boolean> {
    await this.requests.openEveryInstitution(manager);
    const projectKey = await this.requests.projectKey(manager, request.id);
    if (!projectKey) return false;
    // the transaction's own connection: every statement below is part of it
    const client: PoolClient = await manager.queryRunner!.connect();
    const long = await longQueries(client, BUILD_STATEMENT_MS);
    const stopListening = await cancelOnAbort(this.dataSource, client, signal);
    try {
      return await this.writeAndPublish(manager, long, request, projectKey, signal);
    } finally {
      stopListening();
    }
  }

  private async writeAndPublish(
    manager: EntityManager,
    long: LongQuery,
    request: ExtractRequestRow,
    projectKey: Buffer,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const variables = inCatalogueOrder(request.variables);
    const scope = extractScope(request.period_from, request.period_to, request.filters);
    const included = await this.requests.writeInclusions(long, request.id, request.build, scope);
    const patientCount = included.patients;
    const withdrawnPatientsLeftOut = await this.requests.withdrawnLeftOut(long, scope);

    signal?.throwIfAborted();
    const { csv, parquet } = await readInSnapshot(this.dataSource, 'every', BUILD_STATEMENT_MS, async (reader) => {
      await useProjectKey(reader.long, projectKey);
      const databaseUrl = this.config.databaseUrl;
      const files = {
        csv: await this.storage.draftPath(request.id, 'extract.csv'),
        parquet: await this.storage.draftPath(request.id, 'extract.parquet'),
      };
      return writeExtractFiles(reader, databaseUrl, scope, variables, files, {
        rowGroupRows: this.config.extractParquetRowGroupRows,
        expectedRows: included.episodes,
        signal,
      });
    });
    // one snapshot: the two files cannot differ, unless something is wrong
    if (csv.rows !== parquet.rows) throw new Error(`extract.csv has ${csv.rows} rows, extract.parquet ${parquet.rows}`);
    const rowCount = csv.rows;

    const builtAt = new Date();
    const files = [
      await publishWritten(this.storage, request.id, 'extract.csv', 'csv', csv),
      await publishWritten(this.storage, request.id, 'extract.parquet', 'parquet', parquet),
      await publishText(this.storage, request.id, 'codebook.csv', 'csv', codebookCsv(variables), variables.length),
    ];
    const outcome: BuildOutcome = { build: request.build, rowCount, patientCount, withdrawnPatientsLeftOut, builtAt, files };
    files.push(
      await publishText(this.storage, request.id, 'manifest.json', 'json', manifestOf(request, variables, outcome, projectKey), null),
    );

    // A revocation, or a rebuild asked for, while the rows streamed wins: nothing of this build is offered.
    signal?.throwIfAborted();
    const current = await this.requests.find(manager, request.id, undefined, true);
    if (current?.status !== 'building' || current.build !== request.build) return false;
    await this.requests.markReady(manager, request.id, outcome);
    await this.requests.addEvent(manager, request.id, 'built', null, `build ${request.build}`);
    const perInstitution = await this.requests.episodesPerInstitution(manager, request.id, request.build);
    await this.audit.recordMany(manager, [
      { action: 'extract.build', objectType: 'extract_request', objectIds: [request.id, String(request.build)], rowCount },
      ...perInstitution.map((r) => ({
        action: 'extract.include',
        objectType: 'extract_request',
        objectIds: [request.id, String(request.build)],
        rowCount: r.episodes,
        institutionId: r.institution_id,
      })),
    ]);
    // The inclusions' checks deferred to COMMIT (a row each: its build exists, migration 310) run
    // here, with the build's time limit: COMMIT has a request's (seconds), too short for a million.
    await long('SET CONSTRAINTS ALL IMMEDIATE');
    this.logger.log({ requestId: request.id, rows: rowCount }, 'extract built');
    return true;
  }
}

function manifestOf(request: ExtractRequestRow, variables: ExtractVariable[], outcome: BuildOutcome, projectKey: Buffer): string {
  // institutions by their project codes, as the `institution` variable has them: no register id leaves in a file
  const { institutionIds, ...filters } = request.filters;
  const institutions = institutionIds?.map((id) => projectInstitutionCode(projectKey, id));
  return `${JSON.stringify(
    {
      request: {
        id: request.id,
        title: request.title,
        purpose: request.purpose,
        legalBasis: request.legal_basis,
        ethicsReference: request.ethics_reference,
      },
      approval: {
        decidedAt: request.decided_at?.toISOString() ?? null,
        note: request.decision_note,
        expiresAt: request.expires_at?.toISOString() ?? null,
      },
      period: { from: request.period_from, to: request.period_to, of: 'admission date' },
      filters: institutions ? { ...filters, institutions } : filters,
      variables: variables.map((v) => ({ name: v.name, type: v.type, unit: v.unit })),
      eq5dValueSet: DEFAULT_VALUE_SET_ID,
      build: outcome.build,
      rowCount: outcome.rowCount,
      patientCount: outcome.patientCount,
      withdrawnPatientsLeftOut: outcome.withdrawnPatientsLeftOut,
      builtAt: outcome.builtAt.toISOString(),
      pseudonyms:
        "patient = HMAC-SHA256(project key, 'patient:' + register pseudonym), with a new random key per request: unlinkable to any other extract",
      files: outcome.files.map((f) => ({ name: f.name, format: f.format, bytes: Number(f.bytes), rows: f.rows, sha256: f.sha256 })),
    },
    null,
    2,
  )}\n`;
}
