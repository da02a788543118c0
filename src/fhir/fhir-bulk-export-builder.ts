/**
 * Builds a FHIR bulk export (the job of the `fhir-bulk-export-build` queue): in one transaction that
 * row-level security limits to the export's institution, it reads the visible episodes in batches,
 * with their current responses, maps them with the read-back routes' own mapping (fhir-resources.ts,
 * pseudonymized patients), keeps those changed after the kick-off's `_since` if it had one, and writes one resource per line into one NDJSON file per type, each under
 * a temporary name until complete; then it marks the export ready. As the own-data export builder:
 * a retry starts from scratch, the last failed retry marks the export failed, and an export
 * cancelled or expired while it was built is not offered.
 */
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ScopedDb } from '../database/scoped-db';
import { EpisodeRepository, toEpisodeDto } from '../episodes/episode.repository';
import { ResponseRepository } from '../episodes/responses/response.repository';
import { ExportOutcome, ExportRow, InstitutionExportRepository } from '../exports/institution-export.repository';
import { BUILD_RETRY_LIMIT, ExtractJobs } from '../extracts/extract-jobs';
import { ExtractStorage } from '../extracts/extract-storage';
import { BULK_EXPORT_TYPES, BulkExportType, FHIR_EXPORT_QUEUE, FhirExportJob, bulkFileName } from './fhir-bulk-export.service';
import { episodeOfCare, questionnaireResponse } from './fhir-resources';

const BATCH = 500;

/** One NDJSON file being written: its lines, size and SHA-256 as they go. */
class NdjsonFile {
  private readonly hash = createHash('sha256');
  rows = 0;
  bytes = 0;
  constructor(
    readonly name: string,
    private readonly path: string,
  ) {}

  async append(resources: object[]): Promise<void> {
    if (resources.length === 0) return;
    const text = resources.map((r) => `${JSON.stringify(r)}\n`).join('');
    this.hash.update(text);
    this.rows += resources.length;
    this.bytes += Buffer.byteLength(text);
    await fs.promises.appendFile(this.path, text, { mode: 0o600 });
  }

  done() {
    return { name: this.name, format: 'ndjson' as const, bytes: String(this.bytes), rows: this.rows, sha256: this.hash.digest('hex') };
  }
}

@Injectable()
export class FhirBulkExportBuilder implements OnModuleInit {
  private readonly logger = new Logger(FhirBulkExportBuilder.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly exports: InstitutionExportRepository,
    private readonly episodes: EpisodeRepository,
    private readonly responses: ResponseRepository,
    private readonly storage: ExtractStorage,
    private readonly audit: AuditService,
    private readonly jobs: ExtractJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.registerWorker({
      queue: FHIR_EXPORT_QUEUE,
      pollingIntervalSeconds: 1,
      handle: (data, retryCount) => this.run(data as FhirExportJob, retryCount),
    });
  }

  private async run(job: FhirExportJob, retryCount: number): Promise<void> {
    try {
      await this.build(job);
    } catch (error) {
      this.logger.warn({ err: error, exportId: job.exportId, attempt: retryCount + 1 }, 'FHIR bulk export build failed');
      if (retryCount >= BUILD_RETRY_LIMIT) await this.markFailed(job);
      throw error;
    }
  }

  async build(job: FhirExportJob): Promise<'ready' | 'skipped'> {
    const row = await this.db.transaction([job.institutionId], async (manager) => {
      const found = await this.exports.find(manager, job.exportId, true);
      if (!found?.fhir_types || !['queued', 'building'].includes(found.status)) return undefined;
      await this.exports.setStatus(manager, found.id, 'building');
      return found;
    });
    if (!row) return 'skipped';
    await this.storage.removeAll(row.id);
    try {
      const done = await this.db.transaction([row.institution_id], (manager) => this.buildIn(manager, row));
      if (!done) await this.storage.removeAll(row.id);
      return done ? 'ready' : 'skipped';
    } catch (error) {
      await this.storage.removeAll(row.id);
      throw error;
    }
  }

  private async markFailed(job: FhirExportJob): Promise<void> {
    await this.db.transaction([job.institutionId], async (manager) => {
      const row = await this.exports.find(manager, job.exportId, true);
      if (row?.status !== 'queued' && row?.status !== 'building') return;
      await this.exports.setStatus(manager, row.id, 'failed', 'The build failed; kick off a new export.');
    });
    await this.storage.removeAll(job.exportId);
  }

  private async buildIn(manager: EntityManager, row: ExportRow): Promise<boolean> {
    const types = BULK_EXPORT_TYPES.filter((t) => row.fhir_types!.includes(t));
    const files = new Map<BulkExportType, NdjsonFile>();
    for (const type of types) {
      const name = bulkFileName(type);
      const path = await this.storage.draftPath(row.id, name);
      await fs.promises.writeFile(path, '', { mode: 0o600 });
      files.set(type, new NdjsonFile(name, path));
    }
    let episodeCount = 0;
    let responseCount = 0;
    for (let after: string | null = null; ;) {
      const batch = await this.episodes.visibleAfter(manager, after, BATCH);
      if (batch.length === 0) break;
      after = batch[batch.length - 1].id;
      const episodes = batch.map(toEpisodeDto);
      const responses = await this.responses.currentDtosOfEpisodes(
        manager,
        episodes.map((e) => e.id),
      );
      const byId = new Map(episodes.map((e) => [e.id, e]));
      // _since: a resource changed after it, by the meta.lastUpdated the resource shows
      const changed = (at: string) => !row.fhir_since || new Date(at) > row.fhir_since;
      const changedEpisodes = episodes.filter((e) => changed(e.updatedAt));
      const changedResponses = responses.filter((r) => changed(r.createdAt));
      await files.get('EpisodeOfCare')?.append(changedEpisodes.map(episodeOfCare));
      await files.get('QuestionnaireResponse')?.append(changedResponses.map((r) => questionnaireResponse(r, byId.get(r.episodeId)!)));
      episodeCount += changedEpisodes.length;
      responseCount += changedResponses.length;
    }
    for (const file of files.values()) await this.storage.publish(row.id, file.name);

    const current = await this.exports.find(manager, row.id, true);
    if (current?.status !== 'building') return false;
    const outcome: ExportOutcome = {
      episodeCount,
      responseCount,
      patientCount: 0, // a FHIR export counts resources, not patients (the manifest has no place for it)
      builtAt: new Date(),
      files: [...files.values()].map((f) => f.done()),
    };
    await this.exports.markReady(manager, row, outcome);
    await this.audit.record(manager, {
      action: 'export.build',
      objectType: 'institution_export',
      objectIds: [row.id],
      rowCount: episodeCount,
      institutionId: row.institution_id,
    });
    this.logger.log({ exportId: row.id, episodes: episodeCount, responses: responseCount }, 'FHIR bulk export built');
    return true;
  }
}
