-- Erasure of withdrawals older than the grace period, as of p_now (a parameter so tests can move
-- the clock). Deletes children first; the episodes' and responses' delete triggers note the
-- change, so indicator cubes rebuild without them. One row per institution that lost episodes.
CREATE OR REPLACE FUNCTION erase_withdrawn_patients(p_grace interval, p_now timestamptz)
RETURNS TABLE (institution_id uuid, patients integer, episodes integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        due text[];
        doomed uuid[];
      BEGIN
        SELECT coalesce(array_agg(w.pseudonym), '{}') INTO due FROM withdrawals w
         WHERE w.cancelled_at IS NULL AND w.erased_at IS NULL AND w.withdrawn_at <= p_now - p_grace;
        IF cardinality(due) = 0 THEN
          RETURN;
        END IF;
        doomed := ARRAY(SELECT e.id FROM episodes e WHERE e.pseudonym = ANY (due) AND e.withdrawn_at IS NOT NULL AND NOT e.local_only);
        RETURN QUERY
          SELECT e.institution_id, count(DISTINCT e.pseudonym)::integer, count(*)::integer
            FROM episodes e WHERE e.id = ANY (doomed) GROUP BY e.institution_id;
        DELETE FROM idempotency_keys k
         WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(k.response_body -> 'episodes', '[]')) x
                        WHERE (x ->> 'id')::uuid = ANY (doomed));
        DELETE FROM invitations WHERE episode_id = ANY (doomed);
        DELETE FROM responses WHERE episode_id = ANY (doomed);
        DELETE FROM episode_patient_corrections WHERE episode_id = ANY (doomed);
        DELETE FROM episodes WHERE id = ANY (doomed);
        UPDATE withdrawals SET erased_at = p_now WHERE pseudonym = ANY (due);
      END $$;
REVOKE ALL ON FUNCTION erase_withdrawn_patients(interval, timestamp with time zone) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_withdrawn_patients(interval, timestamp with time zone) TO rehabreg_app;
