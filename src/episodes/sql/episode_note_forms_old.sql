-- The form flags of the episodes whose responses a statement deleted (episode_refresh_forms).
-- Called by the trigger responses_forms_delete.
CREATE OR REPLACE FUNCTION episode_note_forms_old() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM episode_refresh_forms(ARRAY(SELECT DISTINCT episode_id FROM old_rows));
        RETURN NULL;
      END $$;
