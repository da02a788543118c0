import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/**
 * Indicator cubes built in parallel: at 1M episodes the national cube in 6.5 s instead of 11.2, an
 * institution's own in 0.4 s instead of 1.2 (issue 6's benchmark, docs/benchmarks.md).
 *
 * - The cube's cells are now computed by CREATE TABLE AS, which PostgreSQL may run with parallel
 *   workers; the one-statement INSERT of the Indicators migration never could. Because that takes
 *   two statements, the cube's snapshot is taken first: the cells see everything it sees (a later
 *   snapshot only adds), so a change that lands in between is in the cells but counted as unseen,
 *   which costs a needless rebuild, never a stale cube.
 * - The four answers of an episode are joined from four small partial covering indexes, one per
 *   timepoint × instrument, instead of a materialized list of all answers (a CTE, which keeps a
 *   plan on one process). Every response row is in at most one of them, as it was in the one
 *   index they replace, so writing a response costs the same.
 * - The same indexes lead with the institution, as does a new covering index of episodes, so an
 *   institution's own cube (its live view) reads ranges of them instead of looking up each episode.
 * - PCHC is classified on the states as integers (0 unchanged, 1 better, 2 worse, 3 mixed)
 *   rather than by comparing substrings, once per episode.
 */
export class ParallelIndicatorCubes1764000000040 implements MigrationInterface {
  name = 'ParallelIndicatorCubes1764000000040';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS responses_indicator_answers`); // absent where an early 0010 ran (development databases)
    // The four answers of an episode (timepoint × instrument), each a partial covering index.
    for (const [timepoint, instrument, columns] of [
      ['admission', 'eq5d-5l', 'eq5d_state, eq5d_vas, eq5d_index, eq5d_value_set'],
      ['discharge', 'eq5d-5l', 'eq5d_state, eq5d_vas, eq5d_index, eq5d_value_set'],
      ['admission', 'barthel', 'barthel_total'],
      ['discharge', 'barthel', 'barthel_total'],
    ]) {
      await q.query(
        `CREATE INDEX responses_indicator_${timepoint}_${instrument.replace('-', '')} ON responses (institution_id, episode_id) INCLUDE (${columns})
           WHERE superseded_at IS NULL AND in_window AND timepoint = '${timepoint}' AND instrument = '${instrument}'`,
      );
    }
    // An institution's cube reads its episodes of the period from the index alone (the same key as the
    // index it replaces, which the episode list uses too).
    await q.query(`
      CREATE INDEX episodes_institution_discharge_cover ON episodes (institution_id, discharge_date)
        INCLUDE (id, programme, setting, service_level, sex, birth_year, referral_date, admission_date, discharge_destination, pseudonym, withdrawn_at)`);
    await q.query(`DROP INDEX episodes_institution_discharge`);
    // As classifyHealthChange() in src/indicators/statistics/pchc.ts (the property test of eq5d_pchc checks
    // both). No FROM clause, so PostgreSQL inlines it; its arguments are columns, cheap to repeat.
    await q.query(sql('eq5d_pchc_class.sql'));
    await q.query(sql('eq5d_pchc.sql'));
    // The cells by CREATE TABLE AS (see above), with %L placeholders of format() for the period,
    // institution, institutions to recompute and settings.
    await q.query(sql('indicator_fill_cube.sql'));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(sql('down/indicator_fill_cube.sql'));
    await q.query(sql('down/eq5d_pchc.sql'));
    await q.query(`DROP FUNCTION eq5d_pchc_class(integer, integer)`);
    await q.query(
      `DROP INDEX responses_indicator_admission_eq5d5l, responses_indicator_discharge_eq5d5l, responses_indicator_admission_barthel, responses_indicator_discharge_barthel`,
    );
    await q.query(`CREATE INDEX episodes_institution_discharge ON episodes (institution_id, discharge_date)`);
    await q.query(`DROP INDEX episodes_institution_discharge_cover`);
    await q.query(`
      CREATE INDEX responses_indicator_answers ON responses (episode_id)
        INCLUDE (timepoint, instrument, eq5d_state, eq5d_vas, eq5d_index, eq5d_value_set, barthel_total)
        WHERE superseded_at IS NULL AND in_window`);
  }
}
