-- Notes which (discharge year, institution) a statement's rows touched, so live indicator cubes
-- that did not see the change rebuild. Insert-only, so writers never wait on each other.
-- Called by the trigger responses_indicator_delete.
CREATE OR REPLACE FUNCTION indicator_note_responses_old() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN 
        INSERT INTO indicator_changes (period_year, institution_id)
        SELECT DISTINCT extract(year FROM discharge_date)::integer, institution_id FROM (SELECT e.discharge_date, e.institution_id FROM episodes e WHERE e.id IN (SELECT episode_id FROM old_rows)) changed
         WHERE discharge_date IS NOT NULL
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
