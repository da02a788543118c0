/**
 * Chains new audit rows into the hash chain in the background (audit_seal() in PostgreSQL).
 * Requests only INSERT; sealing is one ordered pass off the request path, so the chain never
 * serializes the register's writes.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.auditSealIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.sealPending()
        .catch((error: unknown) => this.logger.error({ err: error }, 'Sealing the audit log failed; will retry'))
        .finally(() => (this.running = undefined));
    }, this.config.auditSealIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Seals every row written so far; returns how many were chained. */
  async sealPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ sealed }] = await this.dataSource.query(`SELECT audit_seal(50000) AS sealed`);
      total += sealed;
      if (sealed < 50000) return total;
    }
  }
}
