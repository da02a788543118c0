CREATE FUNCTION eq5d_pchc_class(p_before integer, p_after integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN p_before IS NULL OR p_after IS NULL THEN NULL
                    ELSE ((p_after / 10000 % 10) < (p_before / 10000 % 10) OR (p_after / 1000 % 10) < (p_before / 1000 % 10) OR (p_after / 100 % 10) < (p_before / 100 % 10) OR (p_after / 10 % 10) < (p_before / 10 % 10) OR (p_after / 1 % 10) < (p_before / 1 % 10))::integer + 2 * ((p_after / 10000 % 10) > (p_before / 10000 % 10) OR (p_after / 1000 % 10) > (p_before / 1000 % 10) OR (p_after / 100 % 10) > (p_before / 100 % 10) OR (p_after / 10 % 10) > (p_before / 10 % 10) OR (p_after / 1 % 10) > (p_before / 1 % 10))::integer END
      $$;
