CREATE OR REPLACE FUNCTION indicator_fill_cube(p_cube uuid, p_base uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        c indicator_cubes;
        base_snapshot pg_snapshot;
        years integer[];
        started timestamptz := clock_timestamp();
      BEGIN
        SELECT * INTO STRICT c FROM indicator_cubes WHERE id = p_cube;
        SELECT built_snapshot INTO base_snapshot FROM indicator_cubes WHERE id = p_base;
        years := ARRAY(SELECT generate_series(extract(year FROM c.period_from)::integer, extract(year FROM c.period_to)::integer));
        WITH changed AS (
          SELECT DISTINCT ch.institution_id FROM indicator_changes ch
           WHERE ch.period_year = ANY (years) AND ch.txid >= pg_snapshot_xmin(base_snapshot) AND NOT pg_visible_in_snapshot(ch.txid, base_snapshot)
        ),
        ep AS (
          SELECT e.id, e.institution_id, e.programme, e.setting, e.service_level, e.sex,
                 indicator_age_band(extract(year FROM e.admission_date)::integer - e.birth_year) AS age_band,
                 e.referral_date, e.admission_date, e.discharge_date, e.discharge_destination
            FROM episodes e
           WHERE e.discharge_date BETWEEN c.period_from AND c.period_to
             AND e.withdrawn_at IS NULL
             AND (c.institution_id IS NULL OR e.institution_id = c.institution_id)
             AND (base_snapshot IS NULL OR e.institution_id IN (SELECT institution_id FROM changed))
             AND NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.pseudonym = e.pseudonym)
        ),
        -- The current, in-window admission and discharge answers, read once; slot 0/1 admission
        -- EQ-5D/Barthel, 2/3 discharge (joining responses four times would read it four times).
        answered AS MATERIALIZED (
          SELECT r.episode_id, (r.timepoint = 'discharge')::integer * 2 + (r.instrument = 'barthel')::integer AS slot,
                 r.eq5d_state AS state, r.eq5d_vas AS vas, r.barthel_total AS barthel,
                 CASE WHEN r.eq5d_value_set = c.settings->>'valueSet' THEN r.eq5d_index END AS idx
            FROM responses r
           WHERE r.superseded_at IS NULL AND r.in_window AND r.timepoint IN ('admission', 'discharge')
             AND r.episode_id IN (SELECT id FROM ep)
        ),
        facts AS (
          SELECT ep.*, ae.state AS a_state, de.state AS d_state, ae.vas AS a_vas, de.vas AS d_vas, ae.idx AS a_index, de.idx AS d_index,
                 ab.barthel AS a_barthel, db.barthel AS d_barthel,
                 de.idx - ae.idx AS index_change, de.vas - ae.vas AS vas_change, db.barthel - ab.barthel AS barthel_change,
                 eq5d_pchc(ae.state, de.state) AS pchc
            FROM ep
            LEFT JOIN answered ae ON ae.episode_id = ep.id AND ae.slot = 0
            LEFT JOIN answered ab ON ab.episode_id = ep.id AND ab.slot = 1
            LEFT JOIN answered de ON de.episode_id = ep.id AND de.slot = 2
            LEFT JOIN answered db ON db.episode_id = ep.id AND db.slot = 3
          OFFSET 0 -- computed once per episode, not once per aggregate that uses it
        ),
        fresh AS (
          INSERT INTO indicator_cube_cells
          SELECT p_cube, institution_id, programme, setting, service_level, age_band, sex,
                 count(*), count(a_state), count(d_state), count(a_vas), count(d_vas), count(a_barthel), count(d_barthel),
                 count(*) FILTER (WHERE a_state IS NOT NULL AND d_state IS NOT NULL),
                 count(*) FILTER (WHERE a_barthel IS NOT NULL AND d_barthel IS NOT NULL),
                 count(index_change), coalesce(sum(index_change), 0), coalesce(sum(index_change * index_change), 0),
                 coalesce(sum(a_index) FILTER (WHERE index_change IS NOT NULL), 0),
                 coalesce(sum(a_index * a_index) FILTER (WHERE index_change IS NOT NULL), 0),
                 coalesce(sum(a_index * index_change), 0),
                 -- a change equal to the MID up to floating-point rounding counts as reaching it
                 count(*) FILTER (WHERE index_change >= (c.settings->>'eq5dMid')::float8 - 1e-9),
                 count(vas_change), coalesce(sum(vas_change), 0), coalesce(sum(vas_change::float8 * vas_change), 0),
                 count(*) FILTER (WHERE pchc = 'better'), count(*) FILTER (WHERE pchc = 'worse'),
                 count(*) FILTER (WHERE pchc = 'mixed'), count(*) FILTER (WHERE pchc = 'unchanged'),
                 count(barthel_change), coalesce(sum(barthel_change), 0), coalesce(sum(barthel_change::float8 * barthel_change), 0),
                 count(*) FILTER (WHERE barthel_change >= (c.settings->>'barthelMcid')::integer),
                 count(*) FILTER (WHERE d_barthel >= (c.settings->>'barthelIndependenceThreshold')::integer),
                 count(discharge_destination), count(*) FILTER (WHERE discharge_destination IN ('home', 'home_with_services')),
                 count(referral_date),
                 array_agg(discharge_date - admission_date),
                 coalesce(array_agg(admission_date - referral_date) FILTER (WHERE referral_date IS NOT NULL), '{}')
            FROM facts
           GROUP BY institution_id, programme, setting, service_level, age_band, sex
          RETURNING 1
        ),
        copied AS (
          INSERT INTO indicator_cube_cells
          SELECT p_cube, institution_id, programme, setting, service_level, age_band, sex, episodes, eq5d_admission, eq5d_discharge, vas_admission,
  vas_discharge, barthel_admission, barthel_discharge, eq5d_paired, barthel_paired, index_n, index_sum, index_sum2, index_base_sum, index_base_sum2,
  index_base_cross, index_improved, vas_n, vas_sum, vas_sum2, pchc_better, pchc_worse, pchc_mixed, pchc_unchanged, barthel_n, barthel_sum,
  barthel_sum2, barthel_improved, barthel_independent, destination_n, home_n, referral_n, los_days, wait_days
            FROM indicator_cube_cells o
           WHERE base_snapshot IS NOT NULL AND o.cube_id = p_base AND o.institution_id NOT IN (SELECT ch.institution_id FROM changed ch)
          RETURNING 1
        )
        UPDATE indicator_cubes
           SET built_snapshot = pg_current_snapshot(),
               cell_count = (SELECT count(*) FROM fresh) + (SELECT count(*) FROM copied)
         WHERE id = p_cube;
        UPDATE indicator_cubes SET build_ms = extract(epoch FROM clock_timestamp() - started) * 1000 WHERE id = p_cube;
      END $$;
