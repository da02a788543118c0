/**
 * Builds an institution's own-data export (the job of the `institution-export-build` queue) on the
 * export engine: in a read-only snapshot that row-level security limits to the export's institution
 * (readInSnapshot), it writes the episodes and then their responses into episodes.csv/responses.csv
 * (by COPY … TO STDOUT) or .parquet (through cursors), then codebook.csv and manifest.json, each
 * under a temporary name until complete, and marks the export ready in its transaction. A build that dies is retried from
 * the start; a retry first removes whatever an earlier attempt left.
 */
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import { csvLine } from '../extracts/extract-files';
import { writeFilesInThreads, type FileToWrite } from '../extracts/file-build-thread';
import { BUILD_RETRY_LIMIT, ExtractJobs } from '../extracts/extract-jobs';

import { ExtractStorage, PublishedFile, publishText, publishWritten } from '../extracts/extract-storage';
import { readInSnapshot } from '../extracts/snapshot-reader';
import { EPISODE_COLUMNS, ExportColumn, RESPONSE_COLUMNS, exportQueries } from './institution-export-columns';
import { ExportFormat, ExportOutcome, ExportRow, InstitutionExportRepository } from './institution-export.repository';

/** The queue of own-data export builds (migration InstitutionExports) and its job. */
export const EXPORT_BUILD_QUEUE = 'institution-export-build';
export interface ExportBuildJob {
  exportId: string;
  /** The export's institution: the build's transaction sees its rows only. */
  institutionId: string;
}

/** Time limit of one statement of a build (the first FETCH sorts the institution's period). */
const BUILD_STATEMENT_MS = 30 * 60 * 1000;

@Injectable()
export class InstitutionExportBuilder implements OnModuleInit {
  private readonly logger = new Logger(InstitutionExportBuilder.name);

  constructor(
    private readonly db: ScopedDb,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly exports: InstitutionExportRepository,
    private readonly storage: ExtractStorage,
    private readonly audit: AuditService,
    private readonly jobs: ExtractJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.registerWorker({
      queue: EXPORT_BUILD_QUEUE,
      pollingIntervalSeconds: 1,
      handle: (data, retryCount, signal) => this.run(data as ExportBuildJob, retryCount, signal),
    });
  }

  /** One try of a build job; after the queue's last retry the export is marked failed. */
  private async run(job: ExportBuildJob, retryCount: number, signal: AbortSignal): Promise<void> {
    try {
      await this.build(job, signal);
    } catch (error) {
      if (signal.aborted) {
        this.logger.log({ exportId: job.exportId, attempt: retryCount + 1 }, 'institution export build stopped; the job is retried');
        throw error;
      }
      this.logger.warn({ err: error, exportId: job.exportId, attempt: retryCount + 1 }, 'institution export build failed');
      if (retryCount >= BUILD_RETRY_LIMIT) await this.markFailed(job);
      throw error;
    }
  }

  /**
   * Builds the export if it is still waiting for a build; an expired one is left alone. `signal`
   * (aborted when the service stops) ends its file threads and so the build, which is rolled back.
   */
  async build(job: ExportBuildJob, signal?: AbortSignal): Promise<'ready' | 'skipped'> {
    const row = await this.db.transaction([job.institutionId], async (manager) => {
      const found = await this.exports.find(manager, job.exportId, true);
      if (!found || !['queued', 'building'].includes(found.status)) return undefined;
      await this.exports.setStatus(manager, found.id, 'building');
      return found;
    });
    if (!row) return 'skipped';
    await this.storage.removeAll(row.id);
    try {
      const done = await this.db.transaction([row.institution_id], (manager) => this.buildIn(manager, row, signal));
      if (!done) await this.storage.removeAll(row.id);
      return done ? 'ready' : 'skipped';
    } catch (error) {
      await this.storage.removeAll(row.id);
      throw error;
    }
  }

  async markFailed(job: ExportBuildJob): Promise<void> {
    await this.db.transaction([job.institutionId], async (manager) => {
      const row = await this.exports.find(manager, job.exportId, true);
      if (row?.status !== 'queued' && row?.status !== 'building') return;
      await this.exports.setStatus(manager, row.id, 'failed', 'The build failed; ask for a new export.');
    });
    await this.storage.removeAll(job.exportId);
  }

  private async buildIn(manager: EntityManager, row: ExportRow, signal: AbortSignal | undefined): Promise<boolean> {
    const scope = [row.institution_id, row.period_from, row.period_to];
    const episodesFile = `episodes.${row.format}`;
    const responsesFile = `responses.${row.format}`;
    const [episodes, responses, patients] = await readInSnapshot(
      this.dataSource,
      [row.institution_id],
      BUILD_STATEMENT_MS,
      async (reader) => {
        const queries = exportQueries(row.format === 'csv' ? 'csv' : 'typed');
        const files = [
          await this.fileToWrite(row, episodesFile, EPISODE_COLUMNS, queries.episodes, scope),
          await this.fileToWrite(row, responsesFile, RESPONSE_COLUMNS, queries.responses, scope),
        ];
        const [episodesWritten, responsesWritten] = await writeFilesInThreads(reader, this.config.databaseUrl, files, signal);
        const [{ patients: count }] = await reader.long<{ patients: number }>(
          `SELECT count(DISTINCT pseudonym)::integer AS patients FROM (${queries.episodes}) x`,
          scope,
        );
        return [episodesWritten, responsesWritten, count] as const;
      },
    );
    const [episodeCount, responseCount] = [episodes.rows, responses.rows];

    const builtAt = new Date();
    const format = row.format as ExportFormat; // this queue builds the JSON API's exports only
    const files: PublishedFile[] = [
      await publishWritten(this.storage, row.id, episodesFile, format, episodes),
      await publishWritten(this.storage, row.id, responsesFile, format, responses),
      await publishText(this.storage, row.id, 'codebook.csv', 'csv', codebookCsv(), EPISODE_COLUMNS.length + RESPONSE_COLUMNS.length),
    ];
    const outcome: ExportOutcome = { episodeCount, responseCount, patientCount: patients, builtAt, files };
    files.push(await publishText(this.storage, row.id, 'manifest.json', 'json', manifestOf(row, outcome), null));

    // An export that expired while its rows streamed is not offered.
    signal?.throwIfAborted();
    const current = await this.exports.find(manager, row.id, true);
    if (current?.status !== 'building') return false;
    await this.exports.markReady(manager, row, outcome);
    await this.audit.record(manager, {
      action: 'export.build',
      objectType: 'institution_export',
      objectIds: [row.id],
      rowCount: episodeCount,
      institutionId: row.institution_id,
    });
    this.logger.log({ exportId: row.id, episodes: episodeCount, responses: responseCount }, 'institution export built');
    return true;
  }

  /** One query (its columns in the columns' order) as one file of the export's format. */
  private async fileToWrite(
    row: ExportRow,
    name: string,
    columns: readonly ExportColumn[],
    sql: string,
    values: unknown[],
  ): Promise<FileToWrite> {
    const file = await this.storage.draftPath(row.id, name);
    const format =
      row.format === 'csv'
        ? { csv: true as const }
        : { columns: columns.map(({ name, type }) => ({ name, type })), rowGroupRows: this.config.extractParquetRowGroupRows };
    return { sql, values, file, format };
  }
}

/** One row per column of each data file: which file, then the engine's codebook fields. */
function codebookCsv(): string {
  const rows = (file: string, columns: readonly ExportColumn[]) =>
    columns.map((c) => csvLine([file, c.name, c.type, c.description, c.unit, c.allowedValues ?? null]));
  return [
    csvLine(['file', 'variable', 'type', 'description', 'unit', 'allowed_values']),
    ...rows('episodes', EPISODE_COLUMNS),
    ...rows('responses', RESPONSE_COLUMNS),
  ].join('');
}

function manifestOf(row: ExportRow, outcome: ExportOutcome): string {
  return `${JSON.stringify(
    {
      export: { id: row.id, institutionId: row.institution_id, requestedBy: row.requested_by, requestedAt: row.created_at.toISOString() },
      period: { from: row.period_from, to: row.period_to, of: 'admission date' },
      format: row.format,
      episodeCount: outcome.episodeCount,
      responseCount: outcome.responseCount,
      patientCount: outcome.patientCount,
      withdrawnPatients: 'left out: a patient who withdrew from the register is in no export',
      pseudonyms: "the register's own pseudonyms, as the institution's episodes carry them",
      builtAt: outcome.builtAt.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      columns: { episodes: EPISODE_COLUMNS.map((c) => c.name), responses: RESPONSE_COLUMNS.map((c) => c.name) },
      files: outcome.files.map((f) => ({ name: f.name, format: f.format, bytes: Number(f.bytes), rows: f.rows, sha256: f.sha256 })),
    },
    null,
    2,
  )}\n`;
}
