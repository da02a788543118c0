-- The canonical text a row will have at chain position p_seq (what its HMAC covers).
CREATE OR REPLACE FUNCTION audit_canonical_at(e audit_events, p_seq bigint) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN
        e.chain_seq := p_seq;
        RETURN audit_canonical(e);
      END $$;
