/**
 * Housekeeping that must reach every institution's rows: an hourly call of a SECURITY DEFINER SQL
 * function (defined in a migration) that deletes or empties what the register no longer may keep.
 * Every instance runs the timer; the advisory lock lets one of them do the work at a time.
 */
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

const HOUR = 60 * 60 * 1000;

export abstract class HourlyPurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger(this.constructor.name);

  /** `sqlFunction` is a constant name of a function returning the number of rows it purged. */
  protected constructor(
    protected readonly dataSource: DataSource,
    private readonly sqlFunction: string,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.purge().catch((error: unknown) => this.logger.warn({ err: error }, `${this.sqlFunction} failed; will retry`)),
      HOUR,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Under a transaction-scoped advisory lock, so of several instances one purges and the others skip. */
  async purge(): Promise<number> {
    const [{ purged }] = await this.dataSource.query(
      `SELECT CASE WHEN pg_try_advisory_xact_lock(hashtext($1)) THEN ${this.sqlFunction}() ELSE 0 END AS purged`,
      [this.sqlFunction],
    );
    return purged;
  }
}
