CREATE FUNCTION withdraw_patient(p_pseudonym text, p_requester_institutions uuid[], p_is_admin boolean)
RETURNS TABLE (episode_count integer, institution_ids uuid[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT p_is_admin AND NOT EXISTS (
          SELECT 1 FROM episodes WHERE pseudonym = p_pseudonym AND institution_id = ANY (p_requester_institutions)) THEN
          RETURN QUERY SELECT -1, '{}'::uuid[];
          RETURN;
        END IF;
        INSERT INTO withdrawals (pseudonym) VALUES (p_pseudonym) ON CONFLICT DO NOTHING;
        RETURN QUERY
          WITH marked AS (
            UPDATE episodes SET withdrawn_at = coalesce(withdrawn_at, now()), updated_at = now()
             WHERE pseudonym = p_pseudonym RETURNING institution_id)
          SELECT count(*)::integer, coalesce(array_agg(DISTINCT institution_id), '{}') FROM marked;
      END $$;
