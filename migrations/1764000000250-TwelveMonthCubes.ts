import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live cubes of the last 12 complete months (issue 22: the staff's `12m` period), keyed
 * `12m-YYYY-MM` by the month they end with. They are live only: snapshots and expectations keep
 * years and quarters, so a 12-month period is never published.
 */
export class TwelveMonthCubes1764000000250 implements MigrationInterface {
  name = 'TwelveMonthCubes1764000000250';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator_cubes DROP CONSTRAINT indicator_cubes_period_check`);
    await q.query(
      `ALTER TABLE indicator_cubes ADD CONSTRAINT indicator_cubes_period_check CHECK (period ~ '^[0-9]{4}(-Q[1-4])?$' OR (period ~ '^12m-[0-9]{4}-(0[1-9]|1[0-2])$' AND kind = 'live'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM indicator_cube_cells WHERE cube_id IN (SELECT id FROM indicator_cubes WHERE period LIKE '12m-%')`);
    await q.query(`DELETE FROM indicator_cubes WHERE period LIKE '12m-%'`);
    await q.query(`ALTER TABLE indicator_cubes DROP CONSTRAINT indicator_cubes_period_check`);
    await q.query(`ALTER TABLE indicator_cubes ADD CONSTRAINT indicator_cubes_period_check CHECK (period ~ '^[0-9]{4}(-Q[1-4])?$')`);
  }
}
