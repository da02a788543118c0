-- A consent recorded after the withdrawal (Norwegian date) re-enrols the patient from then on.
-- Run for every registration, withdrawn patient or not, so both take the same statements.
CREATE OR REPLACE FUNCTION reenrol_patients(p_pseudonyms text[], p_consent_statuses text[], p_consent_dates date[]) RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH reenrolled AS (
          UPDATE withdrawals w SET reenrolled_at = now()
            FROM unnest(p_pseudonyms, p_consent_statuses, p_consent_dates) AS e(pseudonym, consent_status, consent_date)
           WHERE w.pseudonym = e.pseudonym AND w.cancelled_at IS NULL AND w.reenrolled_at IS NULL
             AND e.consent_status = 'given' AND e.consent_date > (w.withdrawn_at AT TIME ZONE 'Europe/Oslo')::date
          RETURNING 1)
        SELECT count(*)::integer FROM reenrolled
      $$;
REVOKE ALL ON FUNCTION reenrol_patients(text[], text[], date[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reenrol_patients(text[], text[], date[]) TO rehabreg_app;
