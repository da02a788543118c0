-- The live cube of a period (national when p_institution is null): a fresh cube whose settings
-- contain the requested ones (the exact one first), when nothing changed since it was built or it is
-- younger than p_max_age_seconds; else the cube of exactly the requested parts is rebuilt under a
-- lock, so concurrent requests build it once, after fresh planner statistics if the tables grew a
-- lot. Building one retires the live cubes of the period it covers; old cubes stay readable for ten
-- minutes, so a request that fetched a cube id can still read it while someone else rebuilds.
CREATE OR REPLACE FUNCTION indicator_live_cube(p_period text, p_from date, p_to date, p_institution uuid, p_settings jsonb, p_max_age_seconds integer)
RETURNS TABLE (cube_id uuid, built_at timestamptz, rebuilt boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET work_mem = '256MB' AS $$
  DECLARE
    years integer[] := ARRAY(SELECT generate_series(extract(year FROM p_from)::integer, extract(year FROM p_to)::integer));
    candidate indicator_cubes;
    base_id uuid;
    new_id uuid;
  BEGIN
    FOR attempt IN 1..2 LOOP
      FOR candidate IN
        SELECT * FROM indicator_cubes c
         WHERE c.kind = 'live' AND c.superseded_at IS NULL AND c.period = p_period
           AND c.institution_id IS NOT DISTINCT FROM p_institution AND c.settings @> p_settings
         ORDER BY c.settings = p_settings DESC, c.built_at DESC
      LOOP
        IF candidate.built_at > now() - make_interval(secs => p_max_age_seconds)
           OR NOT indicator_cube_changed(years, p_institution, candidate.built_snapshot) THEN
          RETURN QUERY SELECT candidate.id, candidate.built_at, false;
          RETURN;
        END IF;
      END LOOP;
      IF attempt = 1 THEN
        PERFORM pg_advisory_xact_lock(hashtext('indicator_cube'), hashtext(p_period || '/' || coalesce(p_institution::text, 'national')));
      END IF;
    END LOOP;
    SELECT c.id INTO base_id FROM indicator_cubes c
     WHERE c.kind = 'live' AND c.superseded_at IS NULL AND c.period = p_period
       AND c.institution_id IS NOT DISTINCT FROM p_institution AND c.settings = p_settings;
    UPDATE indicator_cubes c SET superseded_at = now()
     WHERE c.kind = 'live' AND c.superseded_at IS NULL AND c.period = p_period
       AND c.institution_id IS NOT DISTINCT FROM p_institution AND p_settings @> c.settings;
    INSERT INTO indicator_cubes (period, period_from, period_to, institution_id, kind, settings)
    VALUES (p_period, p_from, p_to, p_institution, 'live', p_settings) RETURNING id INTO new_id;
    PERFORM indicator_refresh_statistics();
    PERFORM indicator_fill_cube(new_id, base_id);
    WITH gone AS (DELETE FROM indicator_cubes WHERE superseded_at < now() - interval '10 minutes' RETURNING id)
    DELETE FROM indicator_cube_cells cc WHERE cc.cube_id IN (SELECT g.id FROM gone g);
    -- Change rows older than every live cube's snapshot can no longer make any cube stale.
    DELETE FROM indicator_changes
     WHERE txid < (SELECT min(pg_snapshot_xmin(c.built_snapshot)) FROM indicator_cubes c WHERE c.kind = 'live' AND c.superseded_at IS NULL);
    RETURN QUERY SELECT new_id, now(), true;
  END $$;
REVOKE ALL ON FUNCTION indicator_live_cube(text, date, date, uuid, jsonb, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION indicator_live_cube(text, date, date, uuid, jsonb, integer) TO rehabreg_app;
