-- Publishing freezes a copy of the live cube: the copy is never rebuilt or removed, and the live
-- cube stays for the live view (no rebuild because something was published).
CREATE OR REPLACE FUNCTION indicator_freeze_cube(p_live uuid) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        frozen uuid;
      BEGIN
        INSERT INTO indicator_cubes (period, period_from, period_to, institution_id, kind, settings, built_snapshot, built_at, build_ms, cell_count)
        SELECT period, period_from, period_to, institution_id, 'snapshot', settings, built_snapshot, built_at, build_ms, cell_count
          FROM indicator_cubes WHERE id = p_live
        RETURNING id INTO STRICT frozen;
        INSERT INTO indicator_cube_cells SELECT frozen, institution_id, programme, setting, service_level, age_band, sex, episodes, eq5d_admission, eq5d_discharge, vas_admission,
  vas_discharge, barthel_admission, barthel_discharge, eq5d_paired, barthel_paired, index_n, index_sum, index_sum2, index_base_sum, index_base_sum2,
  index_base_cross, index_improved, vas_n, vas_sum, vas_sum2, pchc_better, pchc_worse, pchc_mixed, pchc_unchanged, barthel_n, barthel_sum,
  barthel_sum2, barthel_improved, barthel_independent, destination_n, home_n, referral_n, los_days, wait_days, level_n, professions_n,
  plan_known, coordinator_known, plan_n, plan_met, coordinator_n, coordinator_met, interdisciplinary_n, interdisciplinary_met, notice_n,
  notice_met, stroke_n, mrs_admission, mrs_discharge, mrs_improvable, mrs_improved, mrs_independent FROM indicator_cube_cells WHERE cube_id = p_live;
        RETURN frozen;
      END $$;
REVOKE ALL ON FUNCTION indicator_freeze_cube(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION indicator_freeze_cube(uuid) TO rehabreg_app;
