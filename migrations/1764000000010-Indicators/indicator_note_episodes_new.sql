CREATE FUNCTION indicator_note_episodes_new() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN 
        INSERT INTO indicator_changes (period_year, institution_id)
        SELECT DISTINCT extract(year FROM discharge_date)::integer, institution_id FROM (SELECT discharge_date, institution_id FROM new_rows) changed
         WHERE discharge_date IS NOT NULL
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
