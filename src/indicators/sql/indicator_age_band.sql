-- The same age bands as ageBand() in src/indicators/statistics/case-mix.ts (a test checks they agree).
CREATE OR REPLACE FUNCTION indicator_age_band(p_age integer) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN p_age < 40 THEN '<40' WHEN p_age < 60 THEN '40-59' WHEN p_age < 70 THEN '60-69' WHEN p_age < 80 THEN '70-79' ELSE '80+' END
      $$;
