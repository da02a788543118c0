-- Paretian classification on the states as integers (0 unchanged, 1 better, 2 worse, 3 mixed), as
-- classifyHealthChange() in src/indicators/statistics/pchc.ts. No FROM clause, so PostgreSQL inlines
-- it into the cube query; its arguments are columns, cheap to repeat.
CREATE OR REPLACE FUNCTION eq5d_pchc_class(p_before integer, p_after integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN p_before IS NULL OR p_after IS NULL THEN NULL
                    ELSE ((p_after / 10000 % 10) < (p_before / 10000 % 10) OR (p_after / 1000 % 10) < (p_before / 1000 % 10) OR (p_after / 100 % 10) < (p_before / 100 % 10) OR (p_after / 10 % 10) < (p_before / 10 % 10) OR (p_after / 1 % 10) < (p_before / 1 % 10))::integer + 2 * ((p_after / 10000 % 10) > (p_before / 10000 % 10) OR (p_after / 1000 % 10) > (p_before / 1000 % 10) OR (p_after / 100 % 10) > (p_before / 100 % 10) OR (p_after / 10 % 10) > (p_before / 10 % 10) OR (p_after / 1 % 10) > (p_before / 1 % 10))::integer END
      $$;
