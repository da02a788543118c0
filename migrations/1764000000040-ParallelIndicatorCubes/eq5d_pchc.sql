CREATE OR REPLACE FUNCTION eq5d_pchc(p_before text, p_after text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (ARRAY['unchanged', 'better', 'worse', 'mixed'])[eq5d_pchc_class(p_before::integer, p_after::integer) + 1]
      $$;
