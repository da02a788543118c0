-- Fills a cube with the cells of its parts ("barthel", "content", "eq5d_index", "eq5d_profile", "mrs",
-- "stay"; all without "parts" in its settings). The snapshot is taken first: the cells see everything it sees, so
-- a change landing in between costs a needless rebuild, never a stale cube. With a base cube (the stale
-- one it replaces) only the cells with changes the base did not see are recomputed (the whole
-- institution where a change names no cell, see indicator_note_episodes_new); the others are copied.
-- The facts are a UNION ALL of up to eight branches, each a range of institutions, and one of the changed cells,
-- merge-joined over the (institution, episode) indexes and handed to parallel workers; CREATE TABLE AS
-- because INSERT ... SELECT never runs in parallel. Excludes withdrawn patients, superseded and
-- out-of-window answers; episodes count in the period of their discharge date.
CREATE OR REPLACE FUNCTION indicator_fill_cube(p_cube uuid, p_base uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
-- Merge joins over the index order (see migration 0060).
SET enable_hashjoin = off SET enable_sort = off AS $fill$
  DECLARE
    c indicator_cubes;
    parts text[];
    base_snapshot pg_snapshot;
    seen pg_snapshot;
    targets uuid[];
    whole uuid[] := '{}';
    cells text := '';
    cell_keys text := 'NULL::uuid[], NULL::text[], NULL::text[], NULL::text[], NULL::text[], NULL::text[]';
    cell_range uuid[];
    only_targets uuid[];
    branch_template text;
    branches text[];
    columns text;
    fresh integer;
    copied integer := 0;
    started timestamptz := clock_timestamp();
  BEGIN
    SELECT * INTO STRICT c FROM indicator_cubes WHERE id = p_cube;
    parts := ARRAY(SELECT jsonb_array_elements_text(coalesce(c.settings->'parts', '["barthel","content","eq5d_index","eq5d_profile","mrs","stay"]')));
    SELECT built_snapshot INTO base_snapshot FROM indicator_cubes WHERE id = p_base;
    -- First the snapshot, then what changed and the cells (see migration 0040's comment).
    seen := pg_current_snapshot();
    targets := CASE WHEN c.institution_id IS NULL THEN ARRAY(SELECT id FROM institutions ORDER BY id) ELSE ARRAY[c.institution_id] END;
    IF base_snapshot IS NOT NULL THEN
      -- With a base cube (the stale one this replaces), only what changed since the base is recomputed:
      -- whole institutions (a change without a cell, or over 32 cells) in the ranges below, single cells in a branch of
      -- their own that joins them to the episodes (index episodes_indicator_cell); the rest is copied.
      WITH unseen AS (
        SELECT DISTINCT ch.institution_id, ch.programme, ch.setting, ch.service_level, ch.age_band, ch.sex FROM indicator_changes ch
         WHERE ch.period_year BETWEEN extract(year FROM c.period_from)::integer AND extract(year FROM c.period_to)::integer
           AND ch.txid >= pg_snapshot_xmin(base_snapshot) AND NOT pg_visible_in_snapshot(ch.txid, base_snapshot)
           AND ch.institution_id = ANY (targets)),
      -- Many changed cells of one institution are read faster in one pass over its episodes.
      whole_institutions AS (SELECT u.institution_id FROM unseen u GROUP BY 1 HAVING bool_or(u.programme IS NULL) OR count(*) > 32)
      SELECT ARRAY(SELECT w.institution_id FROM whole_institutions w ORDER BY 1),
             format('%L::uuid[], %L::text[], %L::text[], %L::text[], %L::text[], %L::text[]', array_agg(u.institution_id), array_agg(u.programme),
                    array_agg(u.setting), array_agg(u.service_level), array_agg(u.age_band), array_agg(u.sex)),
             ARRAY[(array_agg(u.institution_id ORDER BY u.institution_id))[1], (array_agg(u.institution_id ORDER BY u.institution_id DESC))[1]]
        INTO whole, cell_keys, cell_range
        FROM unseen u
       WHERE u.programme IS NOT NULL AND u.institution_id NOT IN (SELECT w.institution_id FROM whole_institutions w);
      IF cell_range[1] IS NOT NULL THEN
        cells := format($cells$
      JOIN unnest(%s) AS k (institution_id, programme, setting, service_level, age_band, sex)
        ON k.institution_id = e.institution_id AND k.programme = e.programme AND k.setting = e.setting AND k.service_level = e.service_level
       AND k.sex = e.sex AND k.age_band = indicator_age_band(date_part('year', e.admission_date)::integer - e.birth_year)$cells$, cell_keys);
      END IF;
      targets := whole;
    END IF;
    -- A branch's range may hold institutions that are not to be computed (an incremental rebuild).
    only_targets := CASE WHEN c.institution_id IS NULL AND base_snapshot IS NULL THEN NULL ELSE targets END;
    branch_template := $head$
    SELECT e.institution_id, e.programme, e.setting, e.service_level, e.sex,
           indicator_age_band(date_part('year', e.admission_date)::integer - e.birth_year) AS age_band$head$ || CASE WHEN parts && ARRAY['barthel'] THEN $part$, ab.barthel_total AS a_barthel, db.barthel_total AS d_barthel, db.barthel_total - ab.barthel_total AS barthel_change$part$ ELSE '' END || CASE WHEN parts && ARRAY['eq5d_index'] THEN $part$, ae.eq5d_state AS a_state, de.eq5d_state AS d_state, a.idx AS a_index, d.idx - a.idx AS index_change$part$ ELSE '' END || CASE WHEN parts && ARRAY['eq5d_profile'] THEN $part$, ae.eq5d_vas AS a_vas, de.eq5d_vas AS d_vas, de.eq5d_vas - ae.eq5d_vas AS vas_change, eq5d_pchc_class(ae.eq5d_state::integer, de.eq5d_state::integer) AS pchc$part$ ELSE '' END || CASE WHEN parts && ARRAY['stay'] THEN $part$, e.referral_date, e.admission_date, e.discharge_date, e.discharge_destination$part$ ELSE '' END || CASE WHEN parts && ARRAY['content'] THEN $part$, e.rehab_level, jsonb_array_length(e.professions) AS professions_count, e.individual_plan, e.coordinator, e.setting = 'inpatient' AND e.discharge_destination IN ('home_with_services', 'nursing_home', 'other_institution') AS notice_due, e.municipality_notified_date <= e.discharge_date AS notified_in_time$part$ ELSE '' END || CASE WHEN parts && ARRAY['mrs'] THEN $part$, am.mrs_score AS a_mrs, dm.mrs_score AS d_mrs$part$ ELSE '' END
              || ' FROM episodes e %8$s ' || CASE WHEN parts && ARRAY['eq5d_index', 'eq5d_profile'] THEN $part$
      LEFT JOIN responses ae ON ae.institution_id = e.institution_id AND ae.episode_id = e.id AND ae.superseded_at IS NULL AND ae.in_window AND ae.timepoint = 'admission' AND ae.instrument = 'eq5d-5l' AND ae.institution_id BETWEEN %6$L AND %7$L
      LEFT JOIN responses de ON de.institution_id = e.institution_id AND de.episode_id = e.id AND de.superseded_at IS NULL AND de.in_window AND de.timepoint = 'discharge' AND de.instrument = 'eq5d-5l' AND de.institution_id BETWEEN %6$L AND %7$L$part$ ELSE '' END || CASE WHEN parts && ARRAY['barthel'] THEN $part$
      LEFT JOIN responses ab ON ab.institution_id = e.institution_id AND ab.episode_id = e.id AND ab.superseded_at IS NULL AND ab.in_window AND ab.timepoint = 'admission' AND ab.instrument = 'barthel' AND ab.institution_id BETWEEN %6$L AND %7$L
      LEFT JOIN responses db ON db.institution_id = e.institution_id AND db.episode_id = e.id AND db.superseded_at IS NULL AND db.in_window AND db.timepoint = 'discharge' AND db.instrument = 'barthel' AND db.institution_id BETWEEN %6$L AND %7$L$part$ ELSE '' END || CASE WHEN parts && ARRAY['mrs'] THEN $part$
      LEFT JOIN responses am ON am.institution_id = e.institution_id AND am.episode_id = e.id AND am.superseded_at IS NULL AND am.in_window AND am.timepoint = 'admission' AND am.instrument = 'mrs' AND am.institution_id BETWEEN %6$L AND %7$L
      LEFT JOIN responses dm ON dm.institution_id = e.institution_id AND dm.episode_id = e.id AND dm.superseded_at IS NULL AND dm.in_window AND dm.timepoint = 'discharge' AND dm.instrument = 'mrs' AND dm.institution_id BETWEEN %6$L AND %7$L$part$ ELSE '' END || CASE WHEN parts && ARRAY['eq5d_index'] THEN $part$
      -- the index counts only when both answers were scored with the cube's value set
      CROSS JOIN LATERAL (SELECT CASE WHEN ae.eq5d_value_set = %5$L::jsonb->>'valueSet' THEN ae.eq5d_index END AS idx) a
      CROSS JOIN LATERAL (SELECT CASE WHEN de.eq5d_value_set = %5$L::jsonb->>'valueSet' THEN de.eq5d_index END AS idx) d$part$ ELSE '' END || $tail$
     WHERE e.institution_id BETWEEN %6$L AND %7$L
       AND (%4$L::uuid[] IS NULL OR e.institution_id = ANY (%4$L::uuid[]))
       AND e.discharge_date BETWEEN %1$L AND %2$L
       AND e.withdrawn_at IS NULL
       AND e.pseudonym NOT IN (SELECT w.pseudonym FROM withdrawals w)$tail$;
    branches := ARRAY(
      SELECT format(branch_template, c.period_from, c.period_to, NULL, only_targets, c.settings, ids[1], ids[cardinality(ids)], '')
        FROM (SELECT array_agg(t ORDER BY t) AS ids
                FROM (SELECT t, ntile(8) OVER (ORDER BY t) AS branch FROM unnest(targets) t) numbered
               GROUP BY branch) ranges);
    IF cells <> '' THEN
      branches := branches || format(branch_template, c.period_from, c.period_to, NULL, NULL, c.settings, cell_range[1], cell_range[2], cells);
    END IF;
    IF cardinality(branches) = 0 THEN -- nothing to compute: one branch that matches nothing keeps the query valid
      branches := ARRAY[format(branch_template, c.period_from, c.period_to, NULL, only_targets, c.settings, NULL, NULL, '')];
    END IF;
    columns := 'institution_id, programme, setting, service_level, age_band, sex, episodes' || CASE WHEN parts && ARRAY['barthel'] THEN $part$, barthel_admission, barthel_discharge, barthel_paired, barthel_n, barthel_sum, barthel_sum2, barthel_improved, barthel_independent$part$ ELSE '' END || CASE WHEN parts && ARRAY['content'] THEN $part$, level_n, professions_n, plan_known, coordinator_known, plan_n, plan_met, coordinator_n, coordinator_met, interdisciplinary_n, interdisciplinary_met, notice_n, notice_met$part$ ELSE '' END || CASE WHEN parts && ARRAY['eq5d_index'] THEN $part$, eq5d_admission, eq5d_discharge, eq5d_paired, index_n, index_sum, index_sum2, index_base_sum, index_base_sum2, index_base_cross, index_improved$part$ ELSE '' END || CASE WHEN parts && ARRAY['eq5d_profile'] THEN $part$, vas_admission, vas_discharge, vas_n, vas_sum, vas_sum2, pchc_better, pchc_worse, pchc_mixed, pchc_unchanged$part$ ELSE '' END || CASE WHEN parts && ARRAY['mrs'] THEN $part$, stroke_n, mrs_admission, mrs_discharge, mrs_improvable, mrs_improved, mrs_independent$part$ ELSE '' END || CASE WHEN parts && ARRAY['stay'] THEN $part$, destination_n, home_n, referral_n, los_days, wait_days$part$ ELSE '' END;
    -- CREATE TABLE AS may use parallel workers; INSERT ... SELECT may not. Literal values (format's
    -- %L), as a utility statement takes no parameters.
    EXECUTE format('CREATE TEMP TABLE indicator_fresh_cells (%s) ON COMMIT DROP AS WITH facts AS (%s) SELECT institution_id, programme, setting, service_level, age_band, sex, count(*) %s FROM facts GROUP BY institution_id, programme, setting, service_level, age_band, sex',
                   columns, array_to_string(branches, ' UNION ALL '),
                   format(CASE WHEN parts && ARRAY['barthel'] THEN $part$, count(a_barthel), count(d_barthel), count(*) FILTER (WHERE a_barthel IS NOT NULL AND d_barthel IS NOT NULL), count(barthel_change), coalesce(sum(barthel_change), 0), coalesce(sum(barthel_change::float8 * barthel_change), 0), count(*) FILTER (WHERE barthel_change >= (%5$L::jsonb->>'barthelMcid')::integer), count(*) FILTER (WHERE d_barthel >= (%5$L::jsonb->>'barthelIndependenceThreshold')::integer)$part$ ELSE '' END || CASE WHEN parts && ARRAY['content'] THEN $part$, count(rehab_level), count(professions_count), count(individual_plan), count(coordinator), count(*) FILTER (WHERE rehab_level IN ('5.1', '5.2', '5.3') AND individual_plan IS DISTINCT FROM 'not_needed'), count(*) FILTER (WHERE rehab_level IN ('5.1', '5.2', '5.3') AND individual_plan IN ('established', 'offered_declined')), count(*) FILTER (WHERE rehab_level IN ('5.1', '5.2', '5.3') AND coordinator IS DISTINCT FROM 'not_needed'), count(*) FILTER (WHERE rehab_level IN ('5.1', '5.2', '5.3') AND coordinator = 'assigned'), count(*) FILTER (WHERE rehab_level IN ('5.2', '5.3')), count(*) FILTER (WHERE rehab_level IN ('5.2', '5.3') AND professions_count >= 4), count(*) FILTER (WHERE notice_due), count(*) FILTER (WHERE notice_due AND notified_in_time)$part$ ELSE '' END || CASE WHEN parts && ARRAY['eq5d_index'] THEN $part$, count(a_state), count(d_state), count(*) FILTER (WHERE a_state IS NOT NULL AND d_state IS NOT NULL), count(index_change), coalesce(sum(index_change), 0), coalesce(sum(index_change * index_change), 0), coalesce(sum(a_index) FILTER (WHERE index_change IS NOT NULL), 0), coalesce(sum(a_index * a_index) FILTER (WHERE index_change IS NOT NULL), 0), coalesce(sum(a_index * index_change), 0), count(*) FILTER (WHERE index_change >= (%5$L::jsonb->>'eq5dMid')::float8 - 1e-9)$part$ ELSE '' END || CASE WHEN parts && ARRAY['eq5d_profile'] THEN $part$, count(a_vas), count(d_vas), count(vas_change), coalesce(sum(vas_change), 0), coalesce(sum(vas_change::float8 * vas_change), 0), count(*) FILTER (WHERE pchc = 1), count(*) FILTER (WHERE pchc = 2), count(*) FILTER (WHERE pchc = 3), count(*) FILTER (WHERE pchc = 0)$part$ ELSE '' END || CASE WHEN parts && ARRAY['mrs'] THEN $part$, count(*) FILTER (WHERE programme = 'stroke'), count(a_mrs) FILTER (WHERE programme = 'stroke'), count(d_mrs) FILTER (WHERE programme = 'stroke'), count(*) FILTER (WHERE programme = 'stroke' AND a_mrs >= 1 AND d_mrs < 6), count(*) FILTER (WHERE programme = 'stroke' AND a_mrs >= 1 AND d_mrs < 6 AND d_mrs < a_mrs), count(*) FILTER (WHERE programme = 'stroke' AND d_mrs <= 2)$part$ ELSE '' END || CASE WHEN parts && ARRAY['stay'] THEN $part$, count(discharge_destination), count(*) FILTER (WHERE discharge_destination IN ('home', 'home_with_services')), count(referral_date), array_agg(discharge_date - admission_date), coalesce(array_agg(admission_date - referral_date) FILTER (WHERE referral_date IS NOT NULL), '{}')$part$ ELSE '' END, c.period_from, c.period_to, NULL, NULL, c.settings));
    EXECUTE format('INSERT INTO indicator_cube_cells (cube_id, %s) SELECT %L, %s FROM indicator_fresh_cells', columns, p_cube, columns);
    GET DIAGNOSTICS fresh = ROW_COUNT;
    DROP TABLE indicator_fresh_cells;
    IF base_snapshot IS NOT NULL THEN
      EXECUTE format('INSERT INTO indicator_cube_cells (cube_id, %s) SELECT %L, %s FROM indicator_cube_cells o WHERE o.cube_id = %L AND o.institution_id <> ALL (%L)'
                     ' AND NOT EXISTS (SELECT FROM unnest(%s) AS k (institution_id, programme, setting, service_level, age_band, sex)'
                     ' WHERE (k.institution_id, k.programme, k.setting, k.service_level, k.age_band, k.sex) = (o.institution_id, o.programme, o.setting, o.service_level, o.age_band, o.sex))',
                     columns, p_cube, columns, p_base, whole, cell_keys);
      GET DIAGNOSTICS copied = ROW_COUNT;
    END IF;
    UPDATE indicator_cubes
       SET built_snapshot = seen, cell_count = fresh + copied, build_ms = extract(epoch FROM clock_timestamp() - started) * 1000
     WHERE id = p_cube;
  END $fill$;
REVOKE ALL ON FUNCTION indicator_fill_cube(uuid, uuid) FROM PUBLIC;
