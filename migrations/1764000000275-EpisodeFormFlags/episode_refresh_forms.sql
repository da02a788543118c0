-- Sets these episodes' form flags (has_admission_eq5d, has_discharge_eq5d, has_admission_barthel,
-- has_discharge_barthel, has_response_out_of_window) from their current responses, so the episode list's
-- "missing" filters read columns of the episode instead of an anti-join over responses (issue 21).
-- Called by the triggers' functions episode_note_forms_new and episode_note_forms_old; an episode whose
-- flags are right already is not written. SECURITY DEFINER: the flags are the register's bookkeeping,
-- kept whoever writes the responses (a staff user, a batch, the erasure job).
CREATE OR REPLACE FUNCTION episode_refresh_forms(p_episode_ids uuid[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        UPDATE episodes e
           SET has_admission_eq5d = f.admission_eq5d, has_discharge_eq5d = f.discharge_eq5d,
               has_admission_barthel = f.admission_barthel, has_discharge_barthel = f.discharge_barthel,
               has_response_out_of_window = f.out_of_window
          FROM (SELECT ids.episode_id,
                       coalesce(bool_or(r.timepoint = 'admission' AND r.instrument = 'eq5d-5l'), false) AS admission_eq5d,
                       coalesce(bool_or(r.timepoint = 'discharge' AND r.instrument = 'eq5d-5l'), false) AS discharge_eq5d,
                       coalesce(bool_or(r.timepoint = 'admission' AND r.instrument = 'barthel'), false) AS admission_barthel,
                       coalesce(bool_or(r.timepoint = 'discharge' AND r.instrument = 'barthel'), false) AS discharge_barthel,
                       coalesce(bool_or(NOT r.in_window), false) AS out_of_window
                  FROM unnest(p_episode_ids) AS ids(episode_id)
                  LEFT JOIN responses r ON r.episode_id = ids.episode_id AND r.superseded_at IS NULL
                 GROUP BY ids.episode_id) f
         WHERE e.id = f.episode_id
           AND (e.has_admission_eq5d, e.has_discharge_eq5d, e.has_admission_barthel, e.has_discharge_barthel, e.has_response_out_of_window)
               IS DISTINCT FROM (f.admission_eq5d, f.discharge_eq5d, f.admission_barthel, f.discharge_barthel, f.out_of_window)
      $$;
REVOKE ALL ON FUNCTION episode_refresh_forms(uuid[]) FROM PUBLIC;
