-- Idempotency records are kept at least 24 hours; older ones are purged across institutions.
CREATE OR REPLACE FUNCTION purge_idempotency_keys() RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < now() - interval '48 hours' RETURNING 1)
        SELECT count(*)::integer FROM gone
      $$;
REVOKE ALL ON FUNCTION purge_idempotency_keys() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_idempotency_keys() TO rehabreg_app;
