-- Expired rate-limit windows, deleted by the hourly janitor.
CREATE OR REPLACE FUNCTION purge_rate_limit_windows() RETURNS integer LANGUAGE sql AS $$
        WITH gone AS (DELETE FROM rate_limit_windows WHERE window_ends < now() RETURNING 1)
        SELECT count(*)::integer FROM gone
      $$;
GRANT EXECUTE ON FUNCTION purge_rate_limit_windows() TO rehabreg_app;
