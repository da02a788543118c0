import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/**
 * Rate-limit windows in PostgreSQL, so every instance of the service counts against the same limit
 * (sign-in, register writes, patient forms). UNLOGGED: counters may be lost in a crash, which only
 * resets a minute's counts, and are cheaper to write. Keys are SHA-256 hashes, so no client
 * address is stored in clear; expired windows are deleted by the hourly janitor.
 */
export class SharedRateLimits1764000000050 implements MigrationInterface {
  name = 'SharedRateLimits1764000000050';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_windows (
        key bytea PRIMARY KEY,
        window_ends timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits >= 1)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_windows TO rehabreg_app`);
    await q.query(sql('purge_rate_limit_windows.sql'));
    await q.query(`GRANT EXECUTE ON FUNCTION purge_rate_limit_windows() TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION purge_rate_limit_windows()`);
    await q.query(`DROP TABLE rate_limit_windows`);
  }
}
