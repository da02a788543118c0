import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Planner statistics before an indicator cube is built. The cube's merge joins are planned from
 * the tables' statistics; right after the first large import into a new register, before
 * autovacuum has analyzed anything, the planner takes the tables for tiny and a cube over a few
 * thousand episodes took 0.9–4 s instead of 0.15 s (docs/benchmarks.md, start-up). Indicator
 * reads call this first: when episodes or responses changed by more than half their size and over
 * a thousand rows since they were last analyzed, it analyzes them. In steady use autovacuum keeps
 * them well under that (it analyzes at a tenth), so this costs one look at pg_stat_user_tables.
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
    await q.query(`GRANT EXECUTE ON FUNCTION indicator_refresh_statistics() TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION indicator_refresh_statistics()`);
  }
}
