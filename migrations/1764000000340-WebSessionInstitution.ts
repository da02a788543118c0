import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The institution a web session works in (issue 21): a staff member of several institutions chooses
 * one after sign-in and may switch in the header; every page of the session then reads and writes
 * that institution's data only. Null until chosen (a member of one institution never chooses). The
 * session is register-level (no row-level security); whether the user is still a member is checked
 * on every page, so a removed membership or a deactivated institution ends the choice without a
 * write here. An institution is never deleted while it has data; if one is, the choice goes with it.
 */
export class WebSessionInstitution1764000000340 implements MigrationInterface {
  name = 'WebSessionInstitution1764000000340';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE web_sessions ADD COLUMN institution_id uuid REFERENCES institutions(id) ON DELETE SET NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE web_sessions DROP COLUMN institution_id`);
  }
}
