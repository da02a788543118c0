CREATE FUNCTION reenrol_patients(p_pseudonyms text[], p_consent_statuses text[], p_consent_dates date[]) RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH reenrolled AS (
          UPDATE withdrawals w SET reenrolled_at = now()
            FROM unnest(p_pseudonyms, p_consent_statuses, p_consent_dates) AS e(pseudonym, consent_status, consent_date)
           WHERE w.pseudonym = e.pseudonym AND w.cancelled_at IS NULL AND w.reenrolled_at IS NULL
             AND e.consent_status = 'given' AND e.consent_date > (w.withdrawn_at AT TIME ZONE 'Europe/Oslo')::date
          RETURNING 1)
        SELECT count(*)::integer FROM reenrolled
      $$;
