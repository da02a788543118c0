CREATE OR REPLACE FUNCTION indicator_fill_cube(p_cube uuid, p_base uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fill$
  DECLARE
    c indicator_cubes;
    base_snapshot pg_snapshot;
    seen pg_snapshot;
    changed uuid[];
    fresh integer;
    copied integer := 0;
    started timestamptz := clock_timestamp();
  BEGIN
    SELECT * INTO STRICT c FROM indicator_cubes WHERE id = p_cube;
    SELECT built_snapshot INTO base_snapshot FROM indicator_cubes WHERE id = p_base;
    -- First the snapshot, then what changed and the cells (see the migration's comment).
    seen := pg_current_snapshot();
    IF base_snapshot IS NOT NULL THEN
      -- With a base cube (the stale one this replaces), only institutions with changes the base did
      -- not see are recomputed; the others' cells are copied.
      changed := ARRAY(
        SELECT DISTINCT ch.institution_id FROM indicator_changes ch
         WHERE ch.period_year BETWEEN extract(year FROM c.period_from)::integer AND extract(year FROM c.period_to)::integer
           AND ch.txid >= pg_snapshot_xmin(base_snapshot) AND NOT pg_visible_in_snapshot(ch.txid, base_snapshot));
    END IF;
    -- CREATE TABLE AS may use parallel workers; INSERT ... SELECT may not. Literal values (format's
    -- %L), as a utility statement takes no parameters.
    EXECUTE format('CREATE TEMP TABLE indicator_fresh_cells (institution_id, programme, setting, service_level, age_band, sex, episodes, eq5d_admission, eq5d_discharge, vas_admission,
  vas_discharge, barthel_admission, barthel_discharge, eq5d_paired, barthel_paired, index_n, index_sum, index_sum2, index_base_sum, index_base_sum2,
  index_base_cross, index_improved, vas_n, vas_sum, vas_sum2, pchc_better, pchc_worse, pchc_mixed, pchc_unchanged, barthel_n, barthel_sum,
  barthel_sum2, barthel_improved, barthel_independent, destination_n, home_n, referral_n, los_days, wait_days) ON COMMIT DROP AS ' || $cells$
  WITH ep AS (
    SELECT e.id, e.institution_id, e.programme, e.setting, e.service_level, e.sex,
           indicator_age_band(extract(year FROM e.admission_date)::integer - e.birth_year) AS age_band,
           e.referral_date, e.admission_date, e.discharge_date, e.discharge_destination
      FROM episodes e
     WHERE e.discharge_date BETWEEN %1$L AND %2$L
       AND e.withdrawn_at IS NULL
       AND (%3$L::uuid IS NULL OR e.institution_id = %3$L::uuid)
       AND (%4$L::uuid[] IS NULL OR e.institution_id = ANY (%4$L::uuid[]))
       AND NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.pseudonym = e.pseudonym)
  ),
  facts AS (
    SELECT ep.*, ae.eq5d_state AS a_state, de.eq5d_state AS d_state, ae.eq5d_vas AS a_vas, de.eq5d_vas AS d_vas,
           ab.barthel_total AS a_barthel, db.barthel_total AS d_barthel, a.idx AS a_index,
           d.idx - a.idx AS index_change, de.eq5d_vas - ae.eq5d_vas AS vas_change, db.barthel_total - ab.barthel_total AS barthel_change,
           eq5d_pchc_class(ae.eq5d_state::integer, de.eq5d_state::integer) AS pchc
      FROM ep
      -- A response carries its episode's institution (row-level security relies on it too), so an
      -- institution's cube reads one range of each index rather than looking up every episode.
      LEFT JOIN responses ae ON ae.episode_id = ep.id AND ae.superseded_at IS NULL AND ae.in_window AND ae.timepoint = 'admission' AND ae.instrument = 'eq5d-5l' AND (%3$L::uuid IS NULL OR ae.institution_id = %3$L::uuid)
      LEFT JOIN responses de ON de.episode_id = ep.id AND de.superseded_at IS NULL AND de.in_window AND de.timepoint = 'discharge' AND de.instrument = 'eq5d-5l' AND (%3$L::uuid IS NULL OR de.institution_id = %3$L::uuid)
      LEFT JOIN responses ab ON ab.episode_id = ep.id AND ab.superseded_at IS NULL AND ab.in_window AND ab.timepoint = 'admission' AND ab.instrument = 'barthel' AND (%3$L::uuid IS NULL OR ab.institution_id = %3$L::uuid)
      LEFT JOIN responses db ON db.episode_id = ep.id AND db.superseded_at IS NULL AND db.in_window AND db.timepoint = 'discharge' AND db.instrument = 'barthel' AND (%3$L::uuid IS NULL OR db.institution_id = %3$L::uuid)
      -- the index counts only when both answers were scored with the cube's value set
      CROSS JOIN LATERAL (SELECT CASE WHEN ae.eq5d_value_set = %5$L::jsonb->>'valueSet' THEN ae.eq5d_index END AS idx) a
      CROSS JOIN LATERAL (SELECT CASE WHEN de.eq5d_value_set = %5$L::jsonb->>'valueSet' THEN de.eq5d_index END AS idx) d
  )
  SELECT institution_id, programme, setting, service_level, age_band, sex,
         count(*), count(a_state), count(d_state), count(a_vas), count(d_vas),
         count(a_barthel), count(d_barthel),
         count(*) FILTER (WHERE a_state IS NOT NULL AND d_state IS NOT NULL),
         count(*) FILTER (WHERE a_barthel IS NOT NULL AND d_barthel IS NOT NULL),
         count(index_change), coalesce(sum(index_change), 0), coalesce(sum(index_change * index_change), 0),
         coalesce(sum(a_index) FILTER (WHERE index_change IS NOT NULL), 0),
         coalesce(sum(a_index * a_index) FILTER (WHERE index_change IS NOT NULL), 0),
         coalesce(sum(a_index * index_change), 0),
         -- a change equal to the MID up to floating-point rounding counts as reaching it
         count(*) FILTER (WHERE index_change >= (%5$L::jsonb->>'eq5dMid')::float8 - 1e-9),
         count(vas_change), coalesce(sum(vas_change), 0), coalesce(sum(vas_change::float8 * vas_change), 0),
         count(*) FILTER (WHERE pchc = 1), count(*) FILTER (WHERE pchc = 2),
         count(*) FILTER (WHERE pchc = 3), count(*) FILTER (WHERE pchc = 0),
         count(barthel_change), coalesce(sum(barthel_change), 0), coalesce(sum(barthel_change::float8 * barthel_change), 0),
         count(*) FILTER (WHERE barthel_change >= (%5$L::jsonb->>'barthelMcid')::integer),
         count(*) FILTER (WHERE d_barthel >= (%5$L::jsonb->>'barthelIndependenceThreshold')::integer),
         count(discharge_destination), count(*) FILTER (WHERE discharge_destination IN ('home', 'home_with_services')),
         count(referral_date),
         array_agg(discharge_date - admission_date),
         coalesce(array_agg(admission_date - referral_date) FILTER (WHERE referral_date IS NOT NULL), '{}')
    FROM facts
   GROUP BY institution_id, programme, setting, service_level, age_band, sex$cells$,
                   c.period_from, c.period_to, c.institution_id, changed, c.settings);
    INSERT INTO indicator_cube_cells SELECT p_cube, * FROM indicator_fresh_cells;
    GET DIAGNOSTICS fresh = ROW_COUNT;
    DROP TABLE indicator_fresh_cells;
    IF base_snapshot IS NOT NULL THEN
      INSERT INTO indicator_cube_cells
      SELECT p_cube, institution_id, programme, setting, service_level, age_band, sex, episodes, eq5d_admission, eq5d_discharge, vas_admission,
  vas_discharge, barthel_admission, barthel_discharge, eq5d_paired, barthel_paired, index_n, index_sum, index_sum2, index_base_sum, index_base_sum2,
  index_base_cross, index_improved, vas_n, vas_sum, vas_sum2, pchc_better, pchc_worse, pchc_mixed, pchc_unchanged, barthel_n, barthel_sum,
  barthel_sum2, barthel_improved, barthel_independent, destination_n, home_n, referral_n, los_days, wait_days FROM indicator_cube_cells o WHERE o.cube_id = p_base AND o.institution_id <> ALL (changed);
      GET DIAGNOSTICS copied = ROW_COUNT;
    END IF;
    UPDATE indicator_cubes
       SET built_snapshot = seen, cell_count = fresh + copied, build_ms = extract(epoch FROM clock_timestamp() - started) * 1000
     WHERE id = p_cube;
  END $fill$;
