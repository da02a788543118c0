CREATE FUNCTION purge_idempotency_keys() RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < now() - interval '48 hours' RETURNING 1)
        SELECT count(*)::integer FROM gone
      $$;
