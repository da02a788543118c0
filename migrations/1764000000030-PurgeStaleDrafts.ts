import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/**
 * Partial answers of a patient (invitation drafts) are kept only while the invitation can still be
 * answered: drafts of expired, revoked or used invitations, and of withdrawn patients, are emptied.
 * Across institutions, so as a SECURITY DEFINER function the app's janitor may call.
 */
export class PurgeStaleDrafts1764000000030 implements MigrationInterface {
  name = 'PurgeStaleDrafts1764000000030';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(sql('purge_stale_invitation_drafts.sql'));
    await q.query(`REVOKE ALL ON FUNCTION purge_stale_invitation_drafts() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION purge_stale_invitation_drafts() TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION purge_stale_invitation_drafts()`);
  }
}
