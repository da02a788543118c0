/**
 * Builds an approved extract (the job of the `extract-build` queue): streams the rows through a
 * cursor into extract.csv and extract.parquet, writes codebook.csv and manifest.json, each under a
 * temporary name until complete, and marks the request ready in the transaction that read the rows.
 * A build that dies is retried from the start (the job's heartbeat stops); a retry or rebuild first
 * removes whatever an earlier attempt left.
 *
 * The builder reads every institution's episodes: the service layer's decision for an approved
 * request, given to row-level security as the transaction's institutions.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { DEFAULT_VALUE_SET_ID } from '../instruments/eq5d.scoring';
import { CsvFileWriter, ExtractRow, ExtractValue, ParquetFileWriter, codebookCsv, writeRowFiles } from './extract-files';
import { extractRowsSql, extractScope, longQueries } from './extract-query';
import { BuildOutcome, ExtractRequestRepository, ExtractRequestRow } from './extract-request.repository';
import { ExtractStorage, publishText, publishWritten } from './extract-storage';
import { cursorBatches, mapBatches } from './row-stream';
import { inCatalogueOrder, type ExtractVariable } from './extract-variables';

/** Time limit of one statement of a build (the first FETCH sorts the whole scope). */
const BUILD_STATEMENT_MS = 30 * 60 * 1000;

/** A row of the build query, as an array: the two register identifiers (never written), then the SQL variables' values. */
export type ExtractQueryRow = ExtractValue[];

/** `projectKey` as a KeyObject where called once per row: createHmac with a Buffer key costs several times as much. */
export function projectPseudonym(projectKey: Buffer | KeyObject, registerPseudonym: string): string {
  return createHmac('sha256', projectKey).update(`patient:${registerPseudonym}`).digest('hex').slice(0, 32);
}

export function projectInstitutionCode(projectKey: Buffer | KeyObject, institutionId: string): string {
  return `I${createHmac('sha256', projectKey).update(`institution:${institutionId}`).digest('hex').slice(0, 10)}`;
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

  /** Builds the request if it is still waiting for a build; anything else (revoked, rejected) is left alone. */
  async build(requestId: string): Promise<'ready' | 'skipped'> {
    const request = await this.dataSource.transaction(async (manager) => {
      const row = await this.requests.find(manager, requestId, undefined, true);
      if (!row || !['approved', 'building'].includes(row.status)) return undefined;
      await this.requests.setStatus(manager, requestId, 'building');
      return row;
    });
    if (!request) return 'skipped';
    await this.storage.removeAll(requestId);
    try {
      const done = await this.dataSource.transaction((manager) => this.buildIn(manager, request));
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

  private async buildIn(manager: EntityManager, request: ExtractRequestRow): Promise<boolean> {
    await this.requests.openEveryInstitution(manager);
    const projectKey = await this.requests.projectKey(manager, request.id);
    if (!projectKey) return false;
    // the transaction's own connection: every statement below is part of it
    const client: PoolClient = await manager.queryRunner!.connect();
    const long = await longQueries(client, BUILD_STATEMENT_MS);

    const variables = inCatalogueOrder(request.variables);
    const scope = extractScope(request.period_from, request.period_to, request.filters);
    const patientCount = await this.requests.replaceInclusions(long, request.id, scope);
    const withdrawnPatientsLeftOut = await this.requests.withdrawnLeftOut(long, scope);

    const toFileRow = fileRowMaker(variables, new ProjectCodes(projectKey));
    let rowCount = 0;
    const queryRows = cursorBatches<ExtractQueryRow>(
      long,
      extractRowsSql(scope, variables, scope.values.length + 1),
      [...scope.values, projectKey.toString('hex')],
      { arrays: true },
    );
    const [csv, parquet] = await writeRowFiles(
      mapBatches(queryRows, (row) => toFileRow(row, ++rowCount)),
      [
        new CsvFileWriter(await this.storage.draftPath(request.id, 'extract.csv'), variables),
        new ParquetFileWriter(await this.storage.draftPath(request.id, 'extract.parquet'), variables, {
          rowGroupRows: this.config.extractParquetRowGroupRows,
        }),
      ],
    );

    const builtAt = new Date();
    const files = [
      await publishWritten(this.storage, request.id, 'extract.csv', 'csv', csv),
      await publishWritten(this.storage, request.id, 'extract.parquet', 'parquet', parquet),
      await publishText(this.storage, request.id, 'codebook.csv', 'csv', codebookCsv(variables), variables.length),
    ];
    const manifest = manifestOf(request, variables, { rowCount, patientCount, withdrawnPatientsLeftOut, builtAt, files });
    files.push(await publishText(this.storage, request.id, 'manifest.json', 'json', manifest, null));

    // A revocation while the rows streamed wins: nothing is offered.
    const current = await this.requests.find(manager, request.id, undefined, true);
    if (current?.status !== 'building') return false;
    await this.requests.markReady(manager, request.id, { rowCount, patientCount, withdrawnPatientsLeftOut, builtAt, files });
    await this.requests.addEvent(manager, request.id, 'built', null);
    const perInstitution: { institution_id: string; episodes: number }[] = await manager.query(
      `SELECT institution_id, sum(episodes)::integer AS episodes FROM extract_inclusions WHERE request_id = $1 GROUP BY institution_id`,
      [request.id],
    );
    await this.audit.recordMany(manager, [
      { action: 'extract.build', objectType: 'extract_request', objectIds: [request.id], rowCount },
      ...perInstitution.map((r) => ({
        action: 'extract.include',
        objectType: 'extract_request',
        objectIds: [request.id],
        rowCount: r.episodes,
        institutionId: r.institution_id,
      })),
    ]);
    this.logger.log({ requestId: request.id, rows: rowCount }, 'extract built');
    return true;
  }
}

/** The project's codes for register identifiers; institution codes computed once per institution. */
export class ProjectCodes {
  private readonly institutions = new Map<string, string>();
  private readonly projectKey: KeyObject;
  constructor(projectKey: Buffer) {
    this.projectKey = createSecretKey(projectKey);
  }

  patient(registerPseudonym: string): string {
    return projectPseudonym(this.projectKey, registerPseudonym);
  }

  institution(institutionId: string): string {
    let code = this.institutions.get(institutionId);
    if (code === undefined) this.institutions.set(institutionId, (code = projectInstitutionCode(this.projectKey, institutionId)));
    return code;
  }
}

/**
 * How a row of the build query (an array: register pseudonym, institution id, then the SQL
 * variables in order) becomes a row of the files: each variable's place worked out once.
 */
export function fileRowMaker(
  variables: ExtractVariable[],
  codes: ProjectCodes,
): (row: ExtractQueryRow, episodeNumber: number) => ExtractRow {
  let next = 2;
  const values = variables.map((v): ((row: ExtractQueryRow, episodeNumber: number) => ExtractValue) => {
    if ('sql' in v.source) {
      const at = next++;
      return (row) => row[at] ?? null;
    }
    switch (v.source.derived) {
      case 'patient':
        return (row) => codes.patient(row[0] as string);
      case 'institution':
        return (row) => codes.institution(row[1] as string);
      case 'episode':
        return (_row, episodeNumber) => episodeNumber;
    }
  });
  return (row, episodeNumber) => values.map((value) => value(row, episodeNumber));
}

function manifestOf(request: ExtractRequestRow, variables: ExtractVariable[], outcome: BuildOutcome): string {
  return `${JSON.stringify(
    {
      request: { id: request.id, title: request.title, purpose: request.purpose, ethicsReference: request.ethics_reference },
      approval: {
        decidedAt: request.decided_at?.toISOString() ?? null,
        note: request.decision_note,
        expiresAt: request.expires_at?.toISOString() ?? null,
      },
      period: { from: request.period_from, to: request.period_to, of: 'admission date' },
      filters: request.filters,
      variables: variables.map((v) => ({ name: v.name, type: v.type, unit: v.unit })),
      eq5dValueSet: DEFAULT_VALUE_SET_ID,
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
