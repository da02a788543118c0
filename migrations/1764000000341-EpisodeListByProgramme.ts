import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The episode list filtered by programme (issue 21, the staff's most used filter: "?programme=stroke",
 * often with open or closed and a setting) read from an index of its own: an institution's visible
 * episodes of one programme in the default order (newest admission first, read backwards), so a page
 * reads that programme's rows only instead of every episode of the institution and dropping the
 * others. The discharge date and the setting ride along (INCLUDE), so the list's capped count of
 * "closed" or "open" (and of a setting) is an index-only scan that needs no table row. Measured at
 * 1,000,000 episodes in docs/benchmarks.md ("Episode list").
 */
export class EpisodeListByProgramme1764000000341 implements MigrationInterface {
  name = 'EpisodeListByProgramme1764000000341';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX episodes_list_by_programme ON episodes (institution_id, programme, admission_date, id) INCLUDE (discharge_date, setting)
         WHERE withdrawn_at IS NULL OR local_only`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX episodes_list_by_programme`);
  }
}
