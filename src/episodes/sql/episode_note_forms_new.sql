-- The form flags of the episodes whose responses a statement inserted or changed (episode_refresh_forms).
-- Called by the triggers responses_forms_insert and responses_forms_update.
CREATE OR REPLACE FUNCTION episode_note_forms_new() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM episode_refresh_forms(ARRAY(SELECT DISTINCT episode_id FROM new_rows));
        RETURN NULL;
      END $$;
