-- Row-level security: the caller's institutions, set per transaction with SET LOCAL / set_config(..., true).
-- No setting means no institutions, so a forgotten setting shows nothing rather than everything.
-- Every person-level table's policy calls it as (SELECT app_institution_ids()), read once per statement.
CREATE OR REPLACE FUNCTION app_institution_ids() RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(nullif(current_setting('app.institution_ids', true), '')::uuid[], '{}'::uuid[])
      $$;
