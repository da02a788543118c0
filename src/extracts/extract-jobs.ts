/**
 * The extract jobs on pg-boss, in the register's own database (schema `pgboss`, installed by
 * migration ResearchExtracts as the owner; started here with migrate: false, as the app role).
 * `extract-build` builds an approved request; its queue's 15-second heartbeat and a 15-second
 * monitor retry a build whose process died within about half a minute. `extract-expiry` runs every
 * ten minutes on one instance and removes what has expired, of extracts and of the other kinds of
 * export that register their expiry here (institutions' own-data exports).
 *
 * When the service stops, a build that runs is ended, not waited for (it may take many minutes): its
 * signal is aborted, its threads and statements stop, its transaction is rolled back, and pg-boss
 * retries the job (after retryDelay, on any instance). The queue stops before the database pool
 * closes (beforeApplicationShutdown), so the pool has no build left to wait for.
 */
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ExtractBuilder } from './extract-builder';
import { ExtractExpiry } from './extract-expiry';

export const BUILD_QUEUE = 'extract-build';
export const EXPIRY_QUEUE = 'extract-expiry';
/** The build queues' retryLimit, as migrations ResearchExtracts and InstitutionExports created them. */
export const BUILD_RETRY_LIMIT = 5;

interface BuildJob {
  requestId: string;
}

/**
 * Another feature's job on the same queue engine (the patient's access report): its queue is
 * created by that feature's migration; it registers its worker before the application starts.
 */
export interface FeatureWorker {
  queue: string;
  pollingIntervalSeconds: number;
  /** Runs the job; `retryCount` is how many times it was tried before; `signal` is aborted when the service stops. */
  handle: (data: unknown, retryCount: number, signal: AbortSignal) => Promise<void>;
  /** A cron schedule on which the queue gets a job, for periodic work such as expiry. */
  schedule?: string;
}

/** Another kind of export's expiry, run by the `extract-expiry` job. */
export interface ExpiryWorker {
  /** Expires everything due by `now`; returns how many. */
  expireDue(now?: Date): Promise<number>;
}

@Injectable()
export class ExtractJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExtractJobs.name);
  private boss?: PgBoss;
  private readonly featureWorkers: FeatureWorker[] = [];
  private readonly expiries: ExpiryWorker[] = [];
  /** Aborted when the service stops: running builds end at once. */
  private readonly stopping = new AbortController();

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
      // the job's own signal is aborted too when pg-boss takes the job away (its heartbeat lost)
      const signal = AbortSignal.any([job.signal, this.stopping.signal]);
      try {
        await this.builder.build(job.data.requestId, signal);
      } catch (error) {
        if (signal.aborted) {
          this.logger.log({ requestId: job.data.requestId, attempt: job.retryCount + 1 }, 'extract build stopped; the job is retried');
          throw error;
        }
        this.logger.warn({ err: error, requestId: job.data.requestId, attempt: job.retryCount + 1 }, 'extract build failed');
        if (job.retryCount >= BUILD_RETRY_LIMIT)
          await this.builder.markFailed(job.data.requestId, 'The build failed; an administrator may rebuild it.');
        throw error;
      }
    });
    await boss.work(EXPIRY_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
      await this.expiry.expireDue();
      for (const other of this.expiries) await other.expireDue();
    });
    await boss.schedule(EXPIRY_QUEUE, '*/10 * * * *');
    for (const worker of this.featureWorkers) {
      await boss.work(worker.queue, { pollingIntervalSeconds: worker.pollingIntervalSeconds }, ([job]) =>
        worker.handle(job.data, job.retryCount, AbortSignal.any([job.signal, this.stopping.signal])),
      );
      if (worker.schedule) await boss.schedule(worker.queue, worker.schedule);
    }
  }

  /** Registers another feature's worker; call it before the application starts (onModuleInit). */
  registerWorker(worker: FeatureWorker): void {
    this.featureWorkers.push(worker);
  }

  /** Registers another kind of export's expiry, run with the extracts' own; call it before the application starts. */
  registerExpiry(worker: ExpiryWorker): void {
    this.expiries.push(worker);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort(new Error('the service is stopping'));
    await this.boss?.stop({ graceful: true, timeout: 10000, close: true });
  }

  /** Queues a build of the request in the caller's transaction: the job exists if and only if the decision commits. */
  async queueBuild(manager: EntityManager, requestId: string): Promise<void> {
    await this.queue(manager, BUILD_QUEUE, { requestId } satisfies BuildJob);
  }

  /** Queues a job on `queue` in the caller's transaction: it exists if and only if the transaction commits. */
  async queue(manager: EntityManager, queue: string, data: object): Promise<void> {
    if (!this.boss) throw new Error('the job queue is not started');
    const db = { executeSql: async (text: string, values?: unknown[]) => ({ rows: await manager.query<unknown[]>(text, values) }) };
    await this.boss.send(queue, data, { db });
  }
}
