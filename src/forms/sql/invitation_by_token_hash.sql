-- An anonymous patient's request cannot name its institution for RLS before the token is known:
-- this finds the invitation by token hash and returns only what the form needs. A local-only
-- episode is its institution's like any other: its patient may answer the form.
CREATE OR REPLACE FUNCTION invitation_by_token_hash(p_token_hash bytea)
RETURNS TABLE (invitation_id uuid, institution_id uuid, episode_id uuid, timepoint text, instrument text, language text, state text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT i.id, i.institution_id, i.episode_id, i.timepoint, i.instrument, i.language,
               CASE
                 WHEN i.revoked_at IS NOT NULL THEN 'revoked'
                 WHEN i.used_at IS NOT NULL THEN 'used'
                 WHEN i.expires_at <= now() THEN 'expired'
                 WHEN e.withdrawn_at IS NOT NULL AND NOT e.local_only THEN 'closed'
                 WHEN EXISTS (SELECT 1 FROM responses r WHERE r.episode_id = i.episode_id AND r.timepoint = i.timepoint
                                AND r.instrument = i.instrument AND r.superseded_at IS NULL) THEN 'answered'
                 ELSE 'open'
               END
          FROM invitations i JOIN episodes e ON e.id = i.episode_id
         WHERE i.token_hash = p_token_hash
      $$;
REVOKE ALL ON FUNCTION invitation_by_token_hash(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invitation_by_token_hash(bytea) TO rehabreg_app;
