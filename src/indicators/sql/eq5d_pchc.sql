-- Paretian classification of a pair of EQ-5D profiles, as classifyHealthChange() in
-- src/indicators/statistics/pchc.ts (a property test checks they agree); by eq5d_pchc_class().
CREATE OR REPLACE FUNCTION eq5d_pchc(p_before text, p_after text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (ARRAY['unchanged', 'better', 'worse', 'mixed'])[eq5d_pchc_class(p_before::integer, p_after::integer) + 1]
      $$;
