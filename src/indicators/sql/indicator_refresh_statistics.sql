-- Planner statistics before a cube is built: episodes and responses are analyzed when they changed
-- by more than half their size and over a thousand rows since last analyzed (right after a first
-- large import, before autovacuum ran). Returns whether it analyzed.
CREATE OR REPLACE FUNCTION indicator_refresh_statistics() RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
                    WHERE s.schemaname = 'public' AND s.relname IN ('episodes', 'responses')
                      AND s.n_mod_since_analyze > 1000 AND s.n_mod_since_analyze > 0.5 * greatest(c.reltuples, 0)) THEN
          ANALYZE episodes, responses, withdrawals;
          RETURN true;
        END IF;
        RETURN false;
      END $$;
REVOKE ALL ON FUNCTION indicator_refresh_statistics() FROM PUBLIC;
