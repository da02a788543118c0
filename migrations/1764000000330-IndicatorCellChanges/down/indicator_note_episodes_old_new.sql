-- Notes which (discharge year, institution) a statement's rows touched, so live indicator cubes
-- that did not see the change rebuild. Insert-only, so writers never wait on each other.
-- Called by the trigger episodes_indicator_update.
CREATE OR REPLACE FUNCTION indicator_note_episodes_old_new() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN 
        INSERT INTO indicator_changes (period_year, institution_id)
        SELECT DISTINCT extract(year FROM discharge_date)::integer, institution_id FROM (SELECT discharge_date, institution_id FROM old_rows UNION ALL SELECT discharge_date, institution_id FROM new_rows) changed
         WHERE discharge_date IS NOT NULL
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
