CREATE OR REPLACE FUNCTION eq5d_pchc(p_before text, p_after text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN p_before IS NULL OR p_after IS NULL THEN NULL
          WHEN (substr(p_after, 1, 1) < substr(p_before, 1, 1) OR substr(p_after, 2, 1) < substr(p_before, 2, 1) OR substr(p_after, 3, 1) < substr(p_before, 3, 1) OR substr(p_after, 4, 1) < substr(p_before, 4, 1) OR substr(p_after, 5, 1) < substr(p_before, 5, 1)) AND (substr(p_after, 1, 1) > substr(p_before, 1, 1) OR substr(p_after, 2, 1) > substr(p_before, 2, 1) OR substr(p_after, 3, 1) > substr(p_before, 3, 1) OR substr(p_after, 4, 1) > substr(p_before, 4, 1) OR substr(p_after, 5, 1) > substr(p_before, 5, 1)) THEN 'mixed'
          WHEN (substr(p_after, 1, 1) < substr(p_before, 1, 1) OR substr(p_after, 2, 1) < substr(p_before, 2, 1) OR substr(p_after, 3, 1) < substr(p_before, 3, 1) OR substr(p_after, 4, 1) < substr(p_before, 4, 1) OR substr(p_after, 5, 1) < substr(p_before, 5, 1)) THEN 'better'
          WHEN (substr(p_after, 1, 1) > substr(p_before, 1, 1) OR substr(p_after, 2, 1) > substr(p_before, 2, 1) OR substr(p_after, 3, 1) > substr(p_before, 3, 1) OR substr(p_after, 4, 1) > substr(p_before, 4, 1) OR substr(p_after, 5, 1) > substr(p_before, 5, 1)) THEN 'worse'
          ELSE 'unchanged'
        END
      $$;
