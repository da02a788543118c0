-- A withdrawal reaches the patient's episodes at every institution, which the requester's RLS scope
-- cannot see; this does it, only for a requester that treated the patient (or an admin). It covers
-- every episode, local-only ones included; withdrawing again after a cancellation, re-enrolment or
-- erasure starts a new withdrawal.
CREATE OR REPLACE FUNCTION withdraw_patient(p_pseudonym text, p_requester_institutions uuid[], p_is_admin boolean)
RETURNS TABLE (episode_count integer, institution_ids uuid[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT p_is_admin AND NOT EXISTS (
          SELECT 1 FROM episodes WHERE pseudonym = p_pseudonym AND institution_id = ANY (p_requester_institutions)) THEN
          RETURN QUERY SELECT -1, '{}'::uuid[];
          RETURN;
        END IF;
        INSERT INTO withdrawals AS w (pseudonym) VALUES (p_pseudonym)
        ON CONFLICT (pseudonym) DO UPDATE SET
          withdrawn_at = CASE WHEN w.cancelled_at IS NULL AND w.reenrolled_at IS NULL AND w.erased_at IS NULL THEN w.withdrawn_at ELSE now() END,
          cancelled_at = NULL, cancel_reason = NULL, reenrolled_at = NULL, erased_at = NULL;
        RETURN QUERY
          WITH marked AS (
            UPDATE episodes SET withdrawn_at = coalesce(withdrawn_at, now()), local_only = false, updated_at = now()
             WHERE pseudonym = p_pseudonym RETURNING institution_id)
          SELECT count(*)::integer, coalesce(array_agg(DISTINCT institution_id), '{}') FROM marked;
      END $$;
REVOKE ALL ON FUNCTION withdraw_patient(text, uuid[], boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION withdraw_patient(text, uuid[], boolean) TO rehabreg_app;
