-- Within the grace period: the withdrawal is cancelled and every episode of the patient is in use again.
CREATE OR REPLACE FUNCTION cancel_withdrawal(p_pseudonym text, p_reason text, p_grace interval)
RETURNS TABLE (outcome text, episode_count integer, institution_ids uuid[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        withdrawal withdrawals%ROWTYPE;
      BEGIN
        SELECT * INTO withdrawal FROM withdrawals WHERE pseudonym = p_pseudonym FOR UPDATE;
        IF NOT FOUND OR withdrawal.cancelled_at IS NOT NULL OR withdrawal.reenrolled_at IS NOT NULL THEN
          RETURN QUERY SELECT 'not_found'::text, 0, '{}'::uuid[];
          RETURN;
        END IF;
        IF withdrawal.erased_at IS NOT NULL OR withdrawal.withdrawn_at <= now() - p_grace THEN
          RETURN QUERY SELECT 'grace_period_over'::text, 0, '{}'::uuid[];
          RETURN;
        END IF;
        UPDATE withdrawals SET cancelled_at = now(), cancel_reason = p_reason WHERE pseudonym = p_pseudonym;
        RETURN QUERY
          WITH restored AS (
            UPDATE episodes SET withdrawn_at = NULL, local_only = false, updated_at = now()
             WHERE pseudonym = p_pseudonym AND withdrawn_at IS NOT NULL RETURNING institution_id)
          SELECT 'cancelled'::text, count(*)::integer, coalesce(array_agg(DISTINCT institution_id), '{}') FROM restored;
      END $$;
REVOKE ALL ON FUNCTION cancel_withdrawal(text, text, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cancel_withdrawal(text, text, interval) TO rehabreg_app;
