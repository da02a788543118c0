CREATE FUNCTION purge_stale_invitation_drafts() RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH purged AS (
          UPDATE invitations i SET draft = '{}'
            FROM episodes e
           WHERE e.id = i.episode_id AND i.draft <> '{}'
             AND (i.expires_at <= now() OR i.revoked_at IS NOT NULL OR i.used_at IS NOT NULL OR e.withdrawn_at IS NOT NULL)
          RETURNING 1)
        SELECT count(*)::integer FROM purged
      $$;
