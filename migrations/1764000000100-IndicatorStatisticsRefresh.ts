import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/**
 * Planner statistics before an indicator cube is built. The cube's merge joins are planned from
 * the tables' statistics; right after the first large import into a new register, before
 * autovacuum has analyzed anything, the planner takes the tables for tiny and a cube over a few
 * thousand episodes took 0.9–4 s instead of 0.15 s (docs/benchmarks.md, start-up). So
 * indicator_live_cube, when it is about to build a cube (never for a cached one), first analyzes
 * episodes and responses if they changed by more than half their size and over a thousand rows
 * since they were last analyzed. In steady use autovacuum keeps them well under that (it analyzes
 * at a tenth), so this costs one look at pg_stat_user_tables per build.
 */
export class IndicatorStatisticsRefresh1764000000100 implements MigrationInterface {
  name = 'IndicatorStatisticsRefresh1764000000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(sql('indicator_refresh_statistics.sql'));
    await q.query(`REVOKE ALL ON FUNCTION indicator_refresh_statistics() FROM PUBLIC`);
    // Migration 0070's, with indicator_refresh_statistics() just before indicator_fill_cube().
    await q.query(sql('indicator_live_cube.sql'));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(sql('down/indicator_live_cube.sql'));
    await q.query(`DROP FUNCTION indicator_refresh_statistics()`);
  }
}
