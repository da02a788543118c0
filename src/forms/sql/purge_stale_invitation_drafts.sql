-- Partial answers of a patient (invitation drafts) are kept only while the invitation can still be
-- answered: drafts of expired, revoked or used invitations, and of withdrawn patients (not local-only
-- episodes), are emptied. Across institutions, so as a SECURITY DEFINER function the janitor may call.
CREATE OR REPLACE FUNCTION purge_stale_invitation_drafts() RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH purged AS (
          UPDATE invitations i SET draft = '{}'
            FROM episodes e
           WHERE e.id = i.episode_id AND i.draft <> '{}'
             AND (i.expires_at <= now() OR i.revoked_at IS NOT NULL OR i.used_at IS NOT NULL
                  OR (e.withdrawn_at IS NOT NULL AND NOT e.local_only))
          RETURNING 1)
        SELECT count(*)::integer FROM purged
      $$;
REVOKE ALL ON FUNCTION purge_stale_invitation_drafts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_stale_invitation_drafts() TO rehabreg_app;
