import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/** The measures this migration adds to indicator_cube_cells, in table order. */
const CONTENT_COLUMNS = `
  level_n professions_n plan_known coordinator_known plan_n plan_met coordinator_n coordinator_met
  interdisciplinary_n interdisciplinary_met notice_n notice_met`
  .trim()
  .split(/\s+/);
const MRS_COLUMNS = 'stroke_n mrs_admission mrs_discharge mrs_improvable mrs_improved mrs_independent'.split(' ');

/**
 * The indicators of issue 18 (register content and mRS, migration 0130's columns) as two new cube
 * parts:
 *
 * - "content" (the episode's own columns, no joins): how often rehabilitation level, professions,
 *   individual plan and coordinator are filled; of level 5.x episodes, those whose plan (coordinator)
 *   is not 'not_needed' and those where it is established or offered and declined (assigned); of
 *   5.2/5.3 episodes, those with 4 or more professions; of inpatient episodes discharged to home
 *   with services, a nursing home or another institution, those whose municipality was notified on
 *   or before the discharge date.
 * - "mrs" (the current, in-window mRS answers at admission and discharge, as the Barthel part joins
 *   Barthel): stroke episodes, those with an admission (discharge) mRS, those with admission mRS
 *   ≥ 1 and discharge mRS < 6, those of them whose discharge mRS is lower, and those with
 *   discharge mRS ≤ 2.
 *
 * Counts only (integer, default 0 as for every measure since migration 0070): a cube of other
 * parts leaves them 0. Live cubes built before this migration lack the new parts and are never
 * asked for them; they are retired anyway so no cube built by the old function serves again.
 * indicator_freeze_cube copies the new columns too (it lists every column).
 */
export class RegisterContentIndicators1764000000150 implements MigrationInterface {
  name = 'RegisterContentIndicators1764000000150';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE indicator_cube_cells ${[...CONTENT_COLUMNS, ...MRS_COLUMNS].map((c) => `ADD COLUMN ${c} integer NOT NULL DEFAULT 0`).join(', ')}`,
    );
    await q.query(`UPDATE indicator_cubes SET superseded_at = now() WHERE kind = 'live' AND superseded_at IS NULL`);
    await q.query(sql('indicator_fill_cube.sql'));
    await q.query(sql('indicator_freeze_cube.sql'));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE indicator_cubes SET superseded_at = now() WHERE kind = 'live' AND superseded_at IS NULL`);
    await q.query(sql('down/indicator_freeze_cube.sql'));
    await q.query(sql('down/indicator_fill_cube.sql'));
    await q.query(`ALTER TABLE indicator_cube_cells ${[...CONTENT_COLUMNS, ...MRS_COLUMNS].map((c) => `DROP COLUMN ${c}`).join(', ')}`);
  }
}
