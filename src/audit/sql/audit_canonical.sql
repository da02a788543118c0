-- The canonical text of an audit row: what its hash covers. audit_canonical_at() uses it for the
-- sealer; the verifier reads it too and recomputes every hash in the application.
CREATE OR REPLACE FUNCTION audit_canonical(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT concat_ws('|', e.chain_seq, e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.actor_type, coalesce(e.actor_id, ''), coalesce(e.institution_id::text, ''), e.action, e.object_type,
          array_to_string(e.object_ids, ','), e.row_count, coalesce(e.request_id, ''), coalesce(e.client_address, ''))
      $$;
