import { MigrationInterface, QueryRunner } from 'typeorm';
import { LIVE_CUBE_FUNCTION_V2 } from './1764000000070-IndicatorCubeParts';

const FILL = 'PERFORM indicator_fill_cube(new_id, base_id);';

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
    await q.query(`
      CREATE FUNCTION indicator_refresh_statistics() RETURNS boolean
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
                    WHERE s.schemaname = 'public' AND s.relname IN ('episodes', 'responses')
                      AND s.n_mod_since_analyze > 1000 AND s.n_mod_since_analyze > 0.5 * greatest(c.reltuples, 0)) THEN
          ANALYZE episodes, responses, withdrawals;
          RETURN true;
        END IF;
        RETURN false;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION indicator_refresh_statistics() FROM PUBLIC`);
    if (!LIVE_CUBE_FUNCTION_V2.includes(FILL))
      throw new Error('indicator_live_cube of migration 0070 no longer calls indicator_fill_cube as expected');
    await q.query(LIVE_CUBE_FUNCTION_V2.replace(FILL, `PERFORM indicator_refresh_statistics();\n    ${FILL}`));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(LIVE_CUBE_FUNCTION_V2);
    await q.query(`DROP FUNCTION indicator_refresh_statistics()`);
  }
}
