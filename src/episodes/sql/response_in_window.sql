-- The one definition of a response's window (DOMAIN.md), used on insert and whenever episode dates change.
CREATE OR REPLACE FUNCTION response_in_window(p_timepoint text, p_completed date, p_admission date, p_discharge date, p_days integer)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE p_timepoint
          WHEN 'admission' THEN p_completed BETWEEN p_admission AND p_admission + p_days
          WHEN 'discharge' THEN p_discharge IS NOT NULL AND p_completed BETWEEN p_discharge - p_days AND p_discharge + p_days
          ELSE p_completed >= coalesce(p_discharge, p_admission)
        END
      $$;
