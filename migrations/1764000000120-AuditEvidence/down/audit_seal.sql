CREATE FUNCTION audit_seal(max_rows integer DEFAULT 50000) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        last_seq bigint;
        last_hash bytea;
        event audit_events;
        sealed integer := 0;
      BEGIN
        -- One sealer at a time; a busy sealer means another one is doing the work.
        IF NOT pg_try_advisory_xact_lock(727272) THEN RETURN 0; END IF;
        SELECT chain_seq, hash INTO last_seq, last_hash FROM audit_events
          WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
        last_seq := coalesce(last_seq, 0);
        last_hash := coalesce(last_hash, decode(repeat('00', 32), 'hex'));
        FOR event IN SELECT * FROM audit_events WHERE chain_seq IS NULL ORDER BY id LIMIT max_rows LOOP
          last_seq := last_seq + 1;
          event.chain_seq := last_seq;
          UPDATE audit_events
             SET chain_seq = last_seq, prev_hash = last_hash,
                 hash = sha256(last_hash || convert_to(audit_canonical(event), 'UTF8'))
           WHERE id = event.id
          RETURNING hash INTO last_hash;
          sealed := sealed + 1;
        END LOOP;
        RETURN sealed;
      END $$;
