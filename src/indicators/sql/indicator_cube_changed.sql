-- A cube is stale when a transaction it could not see has since committed a change to its
-- years (and institution). Only transactions from the snapshot's xmin on can be such.
CREATE OR REPLACE FUNCTION indicator_cube_changed(p_years integer[], p_institution uuid, p_snapshot pg_snapshot) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT p_snapshot IS NULL OR EXISTS (
          SELECT 1 FROM indicator_changes ch
           WHERE ch.period_year = ANY (p_years)
             AND (p_institution IS NULL OR ch.institution_id = p_institution)
             AND ch.txid >= pg_snapshot_xmin(p_snapshot)
             AND NOT pg_visible_in_snapshot(ch.txid, p_snapshot))
      $$;
REVOKE ALL ON FUNCTION indicator_cube_changed(integer[], uuid, pg_snapshot) FROM PUBLIC;
