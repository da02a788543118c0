import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/** The trigger functions that note changes (migration 0010's triggers call them). */
const NOTE_FUNCTIONS = ['episodes_new', 'episodes_old', 'episodes_old_new', 'responses_new', 'responses_old', 'withdrawals_new'].map(
  (rows) => `indicator_note_${rows}.sql`,
);

/** A cube cell's key besides its institution (indicator_cube_cells). */
const CELL_COLUMNS = ['programme', 'setting', 'service_level', 'age_band', 'sex'];

/**
 * Live cubes rebuild the cells that changed, not whole institutions (issue 22: the staff overview
 * right after new data at an institution of 57,000 episodes spent 4.7 of its 5 s rebuilding that
 * institution's cube). indicator_changes names the cell a change touched (null: the whole
 * institution, as every row written before this migration and a statement touching more than 32
 * cells of one institution); indicator_fill_cube recomputes those cells from their episodes,
 * found by episodes_indicator_cell, and copies every other cell of the stale cube. A cell is
 * recomputed from all its episodes, as a full rebuild computes it, so the figures are those of a
 * full rebuild.
 */
export class IndicatorCellChanges1764000000330 implements MigrationInterface {
  name = 'IndicatorCellChanges1764000000330';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator_changes ${CELL_COLUMNS.map((c) => `ADD COLUMN ${c} text`).join(', ')}`);
    await q.query(
      `ALTER TABLE indicator_changes ADD CONSTRAINT indicator_changes_cell CHECK (${CELL_COLUMNS.slice(1)
        .map((c) => `(programme IS NULL) = (${c} IS NULL)`)
        .join(' AND ')})`,
    );
    // A primary key admits no nulls; a change of the whole institution has no cell.
    await q.query(`ALTER TABLE indicator_changes DROP CONSTRAINT indicator_changes_pkey`);
    await q.query(
      `ALTER TABLE indicator_changes ADD CONSTRAINT indicator_changes_key UNIQUE NULLS NOT DISTINCT (period_year, institution_id, txid, ${CELL_COLUMNS.join(', ')})`,
    );
    await q.query(
      `CREATE INDEX episodes_indicator_cell ON episodes (institution_id, programme, setting, service_level, sex, discharge_date) WHERE withdrawn_at IS NULL`,
    );
    for (const file of NOTE_FUNCTIONS) await q.query(sql(file));
    await q.query(sql('indicator_fill_cube.sql'));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(sql('down/indicator_fill_cube.sql'));
    for (const file of NOTE_FUNCTIONS) await q.query(sql(`down/${file}`));
    await q.query(`DROP INDEX episodes_indicator_cell`);
    await q.query(`ALTER TABLE indicator_changes DROP CONSTRAINT indicator_changes_key`);
    await q.query(`ALTER TABLE indicator_changes DROP CONSTRAINT indicator_changes_cell`);
    // Changes of several cells of one institution in one transaction become one change of the institution.
    await q.query(`ALTER TABLE indicator_changes ${CELL_COLUMNS.map((c) => `DROP COLUMN ${c}`).join(', ')}`);
    await q.query(`
      DELETE FROM indicator_changes a USING indicator_changes b
       WHERE (a.period_year, a.institution_id, a.txid) = (b.period_year, b.institution_id, b.txid) AND a.ctid > b.ctid`);
    await q.query(`ALTER TABLE indicator_changes ADD CONSTRAINT indicator_changes_pkey PRIMARY KEY (period_year, institution_id, txid)`);
  }
}
