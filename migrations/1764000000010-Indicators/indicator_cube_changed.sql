CREATE FUNCTION indicator_cube_changed(p_years integer[], p_institution uuid, p_snapshot pg_snapshot) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT p_snapshot IS NULL OR EXISTS (
          SELECT 1 FROM indicator_changes ch
           WHERE ch.period_year = ANY (p_years)
             AND (p_institution IS NULL OR ch.institution_id = p_institution)
             AND ch.txid >= pg_snapshot_xmin(p_snapshot)
             AND NOT pg_visible_in_snapshot(ch.txid, p_snapshot))
      $$;
