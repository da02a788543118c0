-- Notes which cells of the indicator cubes (discharge year, institution, programme, setting, service
-- level, age band, sex) a statement's rows touched, so live cubes that did not see the change rebuild
-- those cells (indicator_fill_cube). A statement that touched more than 32 cells of one year and
-- institution notes the institution as a whole (cell columns null): a bulk write neither fills the
-- table nor makes a rebuild cheaper. Insert-only, so writers never wait on each other.
-- Called by the trigger episodes_indicator_insert.
CREATE OR REPLACE FUNCTION indicator_note_episodes_new() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        WITH touched AS (
          SELECT DISTINCT extract(year FROM discharge_date)::integer AS period_year, institution_id, programme, setting, service_level,
                 indicator_age_band(date_part('year', admission_date)::integer - birth_year) AS age_band, sex
            FROM (SELECT discharge_date, institution_id, programme, setting, service_level, admission_date, birth_year, sex FROM new_rows) changed
           WHERE discharge_date IS NOT NULL),
        counted AS (SELECT t.*, count(*) OVER (PARTITION BY t.period_year, t.institution_id) AS cells FROM touched t)
        INSERT INTO indicator_changes (period_year, institution_id, programme, setting, service_level, age_band, sex)
        SELECT period_year, institution_id, programme, setting, service_level, age_band, sex FROM counted WHERE cells <= 32
        UNION
        SELECT period_year, institution_id, NULL, NULL, NULL, NULL, NULL FROM counted WHERE cells > 32
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
