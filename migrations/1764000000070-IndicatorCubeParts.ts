import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/** The measure columns of indicator_cube_cells: every column a part may leave out, so each gets a default. */
const MEASURE_COLUMNS = `
  eq5d_admission eq5d_discharge vas_admission vas_discharge barthel_admission barthel_discharge eq5d_paired barthel_paired
  index_n index_sum index_sum2 index_base_sum index_base_sum2 index_base_cross index_improved vas_n vas_sum vas_sum2
  pchc_better pchc_worse pchc_mixed pchc_unchanged barthel_n barthel_sum barthel_sum2 barthel_improved barthel_independent
  destination_n home_n referral_n los_days wait_days`
  .trim()
  .split(/\s+/);

/**
 * Cubes of some parts: a request for some indicators builds only the sums they rest on.
 *
 * A cube's settings (its identity besides period and institution) now name its parts, sorted:
 * "barthel" (the Barthel answers at admission and discharge), "eq5d_index" (the EQ-5D answers
 * and their index values), "eq5d_profile" (EQ VAS and the Paretian classification of the
 * profiles), "stay" (destination, referral and the lengths of stay and waiting times). Every
 * cube counts its episodes. A part left out joins no answers and sums nothing: its columns keep
 * their defaults (0, empty lists), which no indicator of the cube reads.
 *
 * A cube serves a request when its settings contain the request's (jsonb @>, so a cube of all
 * parts serves a request for some). Only when no such cube is fresh is the cube of exactly the
 * request's parts rebuilt, incrementally from its stale self as before; building one retires the
 * other live cubes of the period whose parts it covers. A cube without parts in its settings
 * (built before this migration) is one of all parts.
 */
export class IndicatorCubeParts1764000000070 implements MigrationInterface {
  name = 'IndicatorCubeParts1764000000070';

  public async up(q: QueryRunner): Promise<void> {
    for (const column of MEASURE_COLUMNS) {
      await q.query(`ALTER TABLE indicator_cube_cells ALTER COLUMN ${column} SET DEFAULT ${column.endsWith('_days') ? `'{}'` : '0'}`);
    }
    // Cubes of the old settings would never be asked for again.
    await q.query(`UPDATE indicator_cubes SET superseded_at = now() WHERE kind = 'live' AND superseded_at IS NULL`);
    // The cells of the cube's parts only: each part adds its answers, columns and sums to the branches
    // and the aggregate of migration 0060's cube.
    await q.query(sql('indicator_fill_cube.sql'));
    // As migration 0010's, but a fresh cube whose settings contain the requested ones serves too (the
    // exact one first), and building a cube retires the live cubes of the period and institution
    // whose settings it contains.
    await q.query(sql('indicator_live_cube.sql'));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE indicator_cubes SET superseded_at = now() WHERE kind = 'live' AND superseded_at IS NULL`);
    await q.query(sql('down/indicator_live_cube.sql'));
    await q.query(sql('down/indicator_fill_cube.sql'));
    for (const column of MEASURE_COLUMNS) await q.query(`ALTER TABLE indicator_cube_cells ALTER COLUMN ${column} DROP DEFAULT`);
  }
}
