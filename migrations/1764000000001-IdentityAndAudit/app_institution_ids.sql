CREATE FUNCTION app_institution_ids() RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(nullif(current_setting('app.institution_ids', true), '')::uuid[], '{}'::uuid[])
      $$;
