import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/**
 * Indicator cubes built by merge joins: at 1M episodes the national cube's cells in about 1.5 s
 * instead of 6.2 (issue 6's benchmark, docs/benchmarks.md).
 *
 * - Episodes are indexed by (institution, id), as the four answer indexes already are by
 *   (institution, episode). An episode and its four answers then come out of five index scans
 *   in the same order and are joined by merging them, with no hash table built; the hash joins
 *   of migration 0040 copied every wide episode row into one or two hash tables. The new index
 *   replaces the one by (institution, discharge date), so a write costs the same: the episode
 *   list filters by institution only and sorts by admission date, and an institution's cube reads
 *   its range either way.
 * - A merge join runs in one process, so the cube is a UNION ALL of up to eight branches, each a
 *   contiguous range of institutions, which PostgreSQL hands out to its parallel workers (Parallel
 *   Append). Each branch reads one range of each of the five indexes.
 * - Joining on the institution as well relies on a response carrying its episode's institution,
 *   which row-level security relied on already. The database now guarantees it: the response's
 *   key to its episode includes the institution. That key makes the one to institutions
 *   redundant (the episode has it), so a response write checks one foreign key instead of two.
 * - Withdrawn patients are excluded by a hashed NOT IN (built once per branch) rather than an anti
 *   join, which with hash joins off would sort every episode by pseudonym.
 * - The age band is computed with date_part (a float) instead of extract (a numeric).
 */
export class MergeJoinedIndicatorCubes1764000000060 implements MigrationInterface {
  name = 'MergeJoinedIndicatorCubes1764000000060';

  public async up(q: QueryRunner): Promise<void> {
    // Unique, so the responses' key to their episode can include the institution.
    await q.query(`
      CREATE UNIQUE INDEX episodes_institution_cover ON episodes (institution_id, id)
        INCLUDE (programme, setting, service_level, sex, birth_year, referral_date, admission_date, discharge_date, discharge_destination, pseudonym, withdrawn_at)`);
    await q.query(`DROP INDEX episodes_institution_discharge_cover`);
    await q.query(`ALTER TABLE episodes ADD CONSTRAINT episodes_institution_id_id_key UNIQUE USING INDEX episodes_institution_cover`);
    await q.query(
      `ALTER TABLE responses ADD CONSTRAINT responses_episode_fkey FOREIGN KEY (institution_id, episode_id) REFERENCES episodes (institution_id, id)`,
    );
    await q.query(`ALTER TABLE responses DROP CONSTRAINT responses_episode_id_fkey, DROP CONSTRAINT responses_institution_id_fkey`);
    // The cube's facts as a UNION ALL of branches over ranges of institutions (see above).
    await q.query(sql('indicator_fill_cube.sql'));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(sql('down/indicator_fill_cube.sql')); // CREATE OR REPLACE: its SET clauses replace this one's too
    await q.query(`ALTER TABLE responses ADD CONSTRAINT responses_episode_id_fkey FOREIGN KEY (episode_id) REFERENCES episodes (id)`);
    await q.query(
      `ALTER TABLE responses ADD CONSTRAINT responses_institution_id_fkey FOREIGN KEY (institution_id) REFERENCES institutions (id)`,
    );
    await q.query(`ALTER TABLE responses DROP CONSTRAINT responses_episode_fkey`);
    await q.query(`ALTER TABLE episodes DROP CONSTRAINT episodes_institution_id_id_key`);
    await q.query(`
      CREATE INDEX episodes_institution_discharge_cover ON episodes (institution_id, discharge_date)
        INCLUDE (id, programme, setting, service_level, sex, birth_year, referral_date, admission_date, discharge_destination, pseudonym, withdrawn_at)`);
  }
}
