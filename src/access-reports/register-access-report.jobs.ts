/**
 * The register's access report is built and expired by jobs on the extracts' queue engine
 * (ExtractJobs: pg-boss in the register's database). `access-report-build` gathers the report
 * across every institution and writes access-report.json and access-report.html into the shared
 * file store (ExtractStorage), each under a temporary name until complete, then marks the report
 * ready and forgets whom it is about, in one transaction. `access-report-expiry` deletes the files
 * of reports past their time, every ten minutes.
 */
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { sha256OfFile } from '../extracts/extract-files';
import { ExtractJobs } from '../extracts/extract-jobs';
import { ExtractRequestRepository } from '../extracts/extract-request.repository';
import { ExtractStorage } from '../extracts/extract-storage';
import { AccessReportCollector } from './access-report-collector';
import { accessReportPage } from './access-report-page';
import { RegisterAccessReportRepository, type RegisterReportFileRow } from './register-access-report.repository';

export const REPORT_BUILD_QUEUE = 'access-report-build';
export const REPORT_EXPIRY_QUEUE = 'access-report-expiry';
/** The build queue's retryLimit, as migration AccessReports created the queue. */
const BUILD_RETRY_LIMIT = 3;
const DAY = 24 * 60 * 60 * 1000;

interface ReportBuildJob {
  reportId: string;
}

@Injectable()
export class RegisterAccessReportJobs implements OnModuleInit {
  private readonly logger = new Logger(RegisterAccessReportJobs.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: ExtractJobs,
    private readonly reports: RegisterAccessReportRepository,
    private readonly collector: AccessReportCollector,
    private readonly storage: ExtractStorage,
    private readonly extractRequests: ExtractRequestRepository,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.jobs.registerWorker({
      queue: REPORT_BUILD_QUEUE,
      pollingIntervalSeconds: 1,
      handle: (data, retryCount) => this.runBuild((data as ReportBuildJob).reportId, retryCount),
    });
    this.jobs.registerWorker({
      queue: REPORT_EXPIRY_QUEUE,
      pollingIntervalSeconds: 5,
      schedule: '*/10 * * * *',
      handle: async () => {
        await this.expireDue();
      },
    });
  }

  /** Queues the build in the caller's transaction: the job exists if and only if the report does. */
  queueBuild(manager: EntityManager, reportId: string): Promise<void> {
    return this.jobs.queue(manager, REPORT_BUILD_QUEUE, { reportId } satisfies ReportBuildJob);
  }

  private async runBuild(reportId: string, retryCount: number): Promise<void> {
    try {
      await this.build(reportId);
    } catch (error) {
      this.logger.warn({ err: error, reportId, attempt: retryCount + 1 }, 'access report build failed');
      if (retryCount >= BUILD_RETRY_LIMIT) await this.markFailed(reportId, 'The build failed; make the report again.');
      throw error;
    }
  }

  /** Builds the report if it still waits for a build; returns whether it did. */
  async build(reportId: string): Promise<'ready' | 'skipped'> {
    const started = await this.dataSource.transaction((manager) => this.reports.startBuild(manager, reportId));
    if (!started) return 'skipped';
    await this.storage.removeAll(reportId);
    try {
      await this.dataSource.transaction(async (manager) => {
        // the register's report covers every institution: the administrator's request, given to RLS here
        await this.extractRequests.openEveryInstitution(manager);
        const report = await this.collector.collect(manager, started.pseudonym, { kind: 'register' }, started.language);
        const files = [
          await this.writeFile(reportId, 'access-report.json', 'json', `${JSON.stringify(report, null, 2)}\n`),
          await this.writeFile(reportId, 'access-report.html', 'html', accessReportPage(report)),
        ];
        const expiresAt = new Date(Date.now() + this.config.accessReportTtlDays * DAY);
        await this.reports.markReady(manager, reportId, { episodeCount: report.episodes.length, expiresAt, files });
        await this.audit.record(manager, {
          action: 'access_report.build',
          objectType: 'access_report',
          objectIds: [reportId],
          rowCount: report.episodes.length,
        });
      });
      return 'ready';
    } catch (error) {
      await this.storage.removeAll(reportId);
      throw error;
    }
  }

  private async writeFile(
    reportId: string,
    name: string,
    format: RegisterReportFileRow['format'],
    content: string,
  ): Promise<Omit<RegisterReportFileRow, 'report_id'>> {
    const draft = await this.storage.draftPath(reportId, name);
    await fs.promises.writeFile(draft, content, { mode: 0o600 });
    const { sha256, bytes } = await sha256OfFile(draft);
    await this.storage.publish(reportId, name);
    return { name, format, bytes: String(bytes), sha256 };
  }

  private async markFailed(reportId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (await this.reports.markFailed(manager, reportId, reason))
        await this.audit.record(manager, { action: 'access_report.fail', objectType: 'access_report', objectIds: [reportId] });
    });
    await this.storage.removeAll(reportId);
  }

  /** Expires every report due by `now` (a parameter, so tests can move the clock); returns how many. */
  async expireDue(now: Date = new Date()): Promise<number> {
    const due = await this.dataSource.transaction((manager) => this.reports.dueForExpiry(manager, now));
    for (const id of due) {
      await this.dataSource.transaction(async (manager) => {
        await this.reports.markExpired(manager, id);
        await this.audit.record(manager, { action: 'access_report.expire', objectType: 'access_report', objectIds: [id] });
      });
      await this.storage.removeAll(id);
    }
    return due.length;
  }
}
