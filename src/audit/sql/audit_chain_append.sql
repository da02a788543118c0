-- The only writer of the chain columns: the service computes each keyed hash (the database never
-- holds AUDIT_CHAIN_KEY) and hands finished hashes here. Refuses anything but an append at the head.
CREATE OR REPLACE FUNCTION audit_chain_append(p_first_seq bigint, p_ids bigint[], p_prev bytea[], p_hashes bytea[], p_key_version smallint)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        head_seq bigint;
        head_hash bytea;
        appended integer;
      BEGIN
        SELECT chain_seq, hash INTO head_seq, head_hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
        IF coalesce(head_seq, 0) + 1 <> p_first_seq OR p_prev[1] <> coalesce(head_hash, decode(repeat('00', 32), 'hex')) THEN
          RAISE EXCEPTION 'audit chain: not an append at the head (head %, asked %)', coalesce(head_seq, 0), p_first_seq;
        END IF;
        UPDATE audit_events a
           SET chain_seq = p_first_seq + u.ord - 1, prev_hash = u.prev, hash = u.hash, key_version = p_key_version
          FROM unnest(p_ids, p_prev, p_hashes) WITH ORDINALITY AS u(id, prev, hash, ord)
         WHERE a.id = u.id AND a.chain_seq IS NULL;
        GET DIAGNOSTICS appended = ROW_COUNT;
        IF appended <> cardinality(p_ids) THEN
          RAISE EXCEPTION 'audit chain: % of % rows were not unsealed', cardinality(p_ids) - appended, cardinality(p_ids);
        END IF;
        RETURN appended;
      END $$;
REVOKE ALL ON FUNCTION audit_chain_append(bigint, bigint[], bytea[], bytea[], smallint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_append(bigint, bigint[], bytea[], bytea[], smallint) TO rehabreg_app;
