/** Purges idempotency records older than 48 hours (the promise to clients is at least 24), hourly. */
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const HOUR = 60 * 60 * 1000;

@Injectable()
export class IdempotencyJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IdempotencyJanitor');
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge().catch((error: unknown) => this.logger.warn({ err: error }, 'Purging idempotency records failed; will retry')), HOUR);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    const [{ purged }] = await this.dataSource.query(`SELECT purge_idempotency_keys() AS purged`);
    return purged;
  }
}
