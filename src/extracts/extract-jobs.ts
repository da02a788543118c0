/**
 * The extract jobs on pg-boss, in the register's own database (schema `pgboss`, installed by
 * migration ResearchExtracts as the owner; started here with migrate: false, as the app role).
 * `extract-build` builds an approved request; its queue's 15-second heartbeat and a 15-second
 * monitor retry a build whose process died within about half a minute. `extract-expiry` runs every
 * ten minutes on one instance and removes what has expired.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ExtractBuilder } from './extract-builder';
import { ExtractExpiry } from './extract-expiry';

export const BUILD_QUEUE = 'extract-build';
export const EXPIRY_QUEUE = 'extract-expiry';
/** The build queue's retryLimit, as migration ResearchExtracts created the queue. */
const BUILD_RETRY_LIMIT = 5;

interface BuildJob {
  requestId: string;
}

@Injectable()
export class ExtractJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExtractJobs.name);
  private boss?: PgBoss;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly builder: ExtractBuilder,
    private readonly expiry: ExtractExpiry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = new PgBoss({
      connectionString: this.config.databaseUrl,
      schema: 'pgboss',
      max: 3,
      application_name: 'rehabreg-jobs',
      migrate: false,
      createSchema: false,
      supervise: this.config.extractWorker,
      schedule: this.config.extractWorker,
      monitorIntervalSeconds: 15,
      superviseIntervalSeconds: 15,
      persistQueueStats: false,
    });
    boss.on('error', (error: unknown) => this.logger.warn({ err: error }, 'job queue error'));
    await boss.start();
    this.boss = boss;
    if (!this.config.extractWorker) return;
    await boss.work<BuildJob>(BUILD_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
      try {
        await this.builder.build(job.data.requestId);
      } catch (error) {
        this.logger.warn({ err: error, requestId: job.data.requestId, attempt: job.retryCount + 1 }, 'extract build failed');
        if (job.retryCount >= BUILD_RETRY_LIMIT)
          await this.builder.markFailed(job.data.requestId, 'The build failed; an administrator may rebuild it.');
        throw error;
      }
    });
    await boss.work(EXPIRY_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
      await this.expiry.expireDue();
    });
    await boss.schedule(EXPIRY_QUEUE, '*/10 * * * *');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, timeout: 10000, close: true });
  }

  /** Queues a build of the request in the caller's transaction: the job exists if and only if the decision commits. */
  async queueBuild(manager: EntityManager, requestId: string): Promise<void> {
    if (!this.boss) throw new Error('the job queue is not started');
    const db = { executeSql: async (text: string, values?: unknown[]) => ({ rows: await manager.query<unknown[]>(text, values) }) };
    await this.boss.send(BUILD_QUEUE, { requestId } satisfies BuildJob, { db });
  }
}
