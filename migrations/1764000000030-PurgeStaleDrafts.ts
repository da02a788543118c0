import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial answers of a patient (invitation drafts) are kept only while the invitation can still be
 * answered: drafts of expired, revoked or used invitations, and of withdrawn patients, are emptied.
 * Across institutions, so as a SECURITY DEFINER function the app's janitor may call.
 */
export class PurgeStaleDrafts1764000000030 implements MigrationInterface {
  name = 'PurgeStaleDrafts1764000000030';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION purge_stale_invitation_drafts() RETURNS integer
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH purged AS (
          UPDATE invitations i SET draft = '{}'
            FROM episodes e
           WHERE e.id = i.episode_id AND i.draft <> '{}'
             AND (i.expires_at <= now() OR i.revoked_at IS NOT NULL OR i.used_at IS NOT NULL OR e.withdrawn_at IS NOT NULL)
          RETURNING 1)
        SELECT count(*)::integer FROM purged
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION purge_stale_invitation_drafts() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION purge_stale_invitation_drafts() TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION purge_stale_invitation_drafts()`);
  }
}
