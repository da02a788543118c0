import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person in the register (issue 13, docs/privacy.md):
 *
 * - An episode's patient changes only by an explicit correction, kept (without the numbers) in
 *   episode_patient_corrections.
 * - A withdrawal is a withdrawal of consent: after a grace period its episodes, responses (every
 *   version), invitations (with their drafts) and stored batch answers are deleted by
 *   erase_withdrawn_patients; only the withdrawal row (pseudonym, dates) and the audit trail stay.
 *   An administrator may cancel a withdrawal within the grace period (cancel_withdrawal).
 * - Registering an episode answers the same whether or not the patient withdrew elsewhere. With a
 *   consent recorded after the withdrawal the patient is re-enrolled (reenrol_patients); without one
 *   the episode is kept for its own institution only (local_only): withdrawn_at is set, so no
 *   central figure or extract reads it, but the institution's own lists and reads show it.
 */
export class PatientIdentityAndErasure1764000000110 implements MigrationInterface {
  name = 'PatientIdentityAndErasure1764000000110';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE episodes ADD COLUMN local_only boolean NOT NULL DEFAULT false`);
    await q.query(`
      ALTER TABLE withdrawals
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancel_reason text,
        ADD COLUMN reenrolled_at timestamptz,
        ADD COLUMN erased_at timestamptz`);

    await q.query(`
      CREATE TABLE episode_patient_corrections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        institution_id uuid NOT NULL REFERENCES institutions(id),
        corrected_at timestamptz NOT NULL DEFAULT now(),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500)
      )`);
    await q.query(`CREATE INDEX episode_patient_corrections_episode ON episode_patient_corrections (episode_id)`);
    await q.query(`ALTER TABLE episode_patient_corrections ENABLE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY episode_patient_corrections_own_institutions ON episode_patient_corrections USING (institution_id = ANY ((SELECT app_institution_ids())::uuid[])) WITH CHECK (institution_id = ANY ((SELECT app_institution_ids())::uuid[]))`,
    );
    await q.query(`GRANT SELECT, INSERT ON episode_patient_corrections TO rehabreg_app`);

    // A withdrawal covers every episode of the patient, local-only ones included; withdrawing again
    // after a cancellation, re-enrolment or erasure starts a new withdrawal.
    await q.query(`DROP FUNCTION withdraw_patient(text, uuid[], boolean)`);
    await q.query(`
      CREATE FUNCTION withdraw_patient(p_pseudonym text, p_requester_institutions uuid[], p_is_admin boolean)
      RETURNS TABLE (episode_count integer, institution_ids uuid[])
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT p_is_admin AND NOT EXISTS (
          SELECT 1 FROM episodes WHERE pseudonym = p_pseudonym AND institution_id = ANY (p_requester_institutions)) THEN
          RETURN QUERY SELECT -1, '{}'::uuid[];
          RETURN;
        END IF;
        INSERT INTO withdrawals AS w (pseudonym) VALUES (p_pseudonym)
        ON CONFLICT (pseudonym) DO UPDATE SET
          withdrawn_at = CASE WHEN w.cancelled_at IS NULL AND w.reenrolled_at IS NULL AND w.erased_at IS NULL THEN w.withdrawn_at ELSE now() END,
          cancelled_at = NULL, cancel_reason = NULL, reenrolled_at = NULL, erased_at = NULL;
        RETURN QUERY
          WITH marked AS (
            UPDATE episodes SET withdrawn_at = coalesce(withdrawn_at, now()), local_only = false, updated_at = now()
             WHERE pseudonym = p_pseudonym RETURNING institution_id)
          SELECT count(*)::integer, coalesce(array_agg(DISTINCT institution_id), '{}') FROM marked;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION withdraw_patient(text, uuid[], boolean) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION withdraw_patient(text, uuid[], boolean) TO rehabreg_app`);

    // A consent recorded after the withdrawal (Norwegian date) re-enrols the patient from then on.
    // Run for every registration, withdrawn patient or not, so both take the same statements.
    await q.query(`
      CREATE FUNCTION reenrol_patients(p_pseudonyms text[], p_consent_statuses text[], p_consent_dates date[]) RETURNS integer
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH reenrolled AS (
          UPDATE withdrawals w SET reenrolled_at = now()
            FROM unnest(p_pseudonyms, p_consent_statuses, p_consent_dates) AS e(pseudonym, consent_status, consent_date)
           WHERE w.pseudonym = e.pseudonym AND w.cancelled_at IS NULL AND w.reenrolled_at IS NULL
             AND e.consent_status = 'given' AND e.consent_date > (w.withdrawn_at AT TIME ZONE 'Europe/Oslo')::date
          RETURNING 1)
        SELECT count(*)::integer FROM reenrolled
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION reenrol_patients(text[], text[], date[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION reenrol_patients(text[], text[], date[]) TO rehabreg_app`);

    // Within the grace period: the withdrawal is cancelled and every episode of the patient is in use again.
    await q.query(`
      CREATE FUNCTION cancel_withdrawal(p_pseudonym text, p_reason text, p_grace interval)
      RETURNS TABLE (outcome text, episode_count integer, institution_ids uuid[])
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        withdrawal withdrawals%ROWTYPE;
      BEGIN
        SELECT * INTO withdrawal FROM withdrawals WHERE pseudonym = p_pseudonym FOR UPDATE;
        IF NOT FOUND OR withdrawal.cancelled_at IS NOT NULL OR withdrawal.reenrolled_at IS NOT NULL THEN
          RETURN QUERY SELECT 'not_found'::text, 0, '{}'::uuid[];
          RETURN;
        END IF;
        IF withdrawal.erased_at IS NOT NULL OR withdrawal.withdrawn_at <= now() - p_grace THEN
          RETURN QUERY SELECT 'grace_period_over'::text, 0, '{}'::uuid[];
          RETURN;
        END IF;
        UPDATE withdrawals SET cancelled_at = now(), cancel_reason = p_reason WHERE pseudonym = p_pseudonym;
        RETURN QUERY
          WITH restored AS (
            UPDATE episodes SET withdrawn_at = NULL, local_only = false, updated_at = now()
             WHERE pseudonym = p_pseudonym AND withdrawn_at IS NOT NULL RETURNING institution_id)
          SELECT 'cancelled'::text, count(*)::integer, coalesce(array_agg(DISTINCT institution_id), '{}') FROM restored;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION cancel_withdrawal(text, text, interval) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION cancel_withdrawal(text, text, interval) TO rehabreg_app`);

    // Erasure of withdrawals older than the grace period, as of p_now (a parameter so tests can move
    // the clock). Deletes children first; the episodes' and responses' delete triggers note the
    // change, so indicator cubes rebuild without them. One row per institution that lost episodes.
    await q.query(`
      CREATE FUNCTION erase_withdrawn_patients(p_grace interval, p_now timestamptz)
      RETURNS TABLE (institution_id uuid, patients integer, episodes integer)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        due text[];
        doomed uuid[];
      BEGIN
        SELECT coalesce(array_agg(w.pseudonym), '{}') INTO due FROM withdrawals w
         WHERE w.cancelled_at IS NULL AND w.erased_at IS NULL AND w.withdrawn_at <= p_now - p_grace;
        IF cardinality(due) = 0 THEN
          RETURN;
        END IF;
        doomed := ARRAY(SELECT e.id FROM episodes e WHERE e.pseudonym = ANY (due) AND e.withdrawn_at IS NOT NULL AND NOT e.local_only);
        RETURN QUERY
          SELECT e.institution_id, count(DISTINCT e.pseudonym)::integer, count(*)::integer
            FROM episodes e WHERE e.id = ANY (doomed) GROUP BY e.institution_id;
        DELETE FROM idempotency_keys k
         WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(k.response_body -> 'episodes', '[]')) x
                        WHERE (x ->> 'id')::uuid = ANY (doomed));
        DELETE FROM invitations WHERE episode_id = ANY (doomed);
        DELETE FROM responses WHERE episode_id = ANY (doomed);
        DELETE FROM episode_patient_corrections WHERE episode_id = ANY (doomed);
        DELETE FROM episodes WHERE id = ANY (doomed);
        UPDATE withdrawals SET erased_at = p_now WHERE pseudonym = ANY (due);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION erase_withdrawn_patients(interval, timestamptz) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION erase_withdrawn_patients(interval, timestamptz) TO rehabreg_app`);

    // A local-only episode is its institution's like any other: its patient may answer the form.
    await q.query(`
      CREATE OR REPLACE FUNCTION invitation_by_token_hash(p_token_hash bytea)
      RETURNS TABLE (invitation_id uuid, institution_id uuid, episode_id uuid, timepoint text, instrument text, language text, state text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT i.id, i.institution_id, i.episode_id, i.timepoint, i.instrument, i.language,
               CASE
                 WHEN i.revoked_at IS NOT NULL THEN 'revoked'
                 WHEN i.used_at IS NOT NULL THEN 'used'
                 WHEN i.expires_at <= now() THEN 'expired'
                 WHEN e.withdrawn_at IS NOT NULL AND NOT e.local_only THEN 'closed'
                 WHEN EXISTS (SELECT 1 FROM responses r WHERE r.episode_id = i.episode_id AND r.timepoint = i.timepoint
                                AND r.instrument = i.instrument AND r.superseded_at IS NULL) THEN 'answered'
                 ELSE 'open'
               END
          FROM invitations i JOIN episodes e ON e.id = i.episode_id
         WHERE i.token_hash = p_token_hash
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION purge_stale_invitation_drafts() RETURNS integer
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH purged AS (
          UPDATE invitations i SET draft = '{}'
            FROM episodes e
           WHERE e.id = i.episode_id AND i.draft <> '{}'
             AND (i.expires_at <= now() OR i.revoked_at IS NOT NULL OR i.used_at IS NOT NULL
                  OR (e.withdrawn_at IS NOT NULL AND NOT e.local_only))
          RETURNING 1)
        SELECT count(*)::integer FROM purged
      $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION purge_stale_invitation_drafts() RETURNS integer
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH purged AS (
          UPDATE invitations i SET draft = '{}'
            FROM episodes e
           WHERE e.id = i.episode_id AND i.draft <> '{}'
             AND (i.expires_at <= now() OR i.revoked_at IS NOT NULL OR i.used_at IS NOT NULL OR e.withdrawn_at IS NOT NULL)
          RETURNING 1)
        SELECT count(*)::integer FROM purged
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION invitation_by_token_hash(p_token_hash bytea)
      RETURNS TABLE (invitation_id uuid, institution_id uuid, episode_id uuid, timepoint text, instrument text, language text, state text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT i.id, i.institution_id, i.episode_id, i.timepoint, i.instrument, i.language,
               CASE
                 WHEN i.revoked_at IS NOT NULL THEN 'revoked'
                 WHEN i.used_at IS NOT NULL THEN 'used'
                 WHEN i.expires_at <= now() THEN 'expired'
                 WHEN e.withdrawn_at IS NOT NULL THEN 'closed'
                 WHEN EXISTS (SELECT 1 FROM responses r WHERE r.episode_id = i.episode_id AND r.timepoint = i.timepoint
                                AND r.instrument = i.instrument AND r.superseded_at IS NULL) THEN 'answered'
                 ELSE 'open'
               END
          FROM invitations i JOIN episodes e ON e.id = i.episode_id
         WHERE i.token_hash = p_token_hash
      $$`);
    await q.query(`DROP FUNCTION erase_withdrawn_patients(interval, timestamptz)`);
    await q.query(`DROP FUNCTION cancel_withdrawal(text, text, interval)`);
    await q.query(`DROP FUNCTION reenrol_patients(text[], text[], date[])`);
    await q.query(`DROP FUNCTION withdraw_patient(text, uuid[], boolean)`);
    await q.query(`
      CREATE FUNCTION withdraw_patient(p_pseudonym text, p_requester_institutions uuid[], p_is_admin boolean)
      RETURNS TABLE (episode_count integer, institution_ids uuid[])
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT p_is_admin AND NOT EXISTS (
          SELECT 1 FROM episodes WHERE pseudonym = p_pseudonym AND institution_id = ANY (p_requester_institutions)) THEN
          RETURN QUERY SELECT -1, '{}'::uuid[];
          RETURN;
        END IF;
        INSERT INTO withdrawals (pseudonym) VALUES (p_pseudonym) ON CONFLICT DO NOTHING;
        RETURN QUERY
          WITH marked AS (
            UPDATE episodes SET withdrawn_at = coalesce(withdrawn_at, now()), updated_at = now()
             WHERE pseudonym = p_pseudonym RETURNING institution_id)
          SELECT count(*)::integer, coalesce(array_agg(DISTINCT institution_id), '{}') FROM marked;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION withdraw_patient(text, uuid[], boolean) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION withdraw_patient(text, uuid[], boolean) TO rehabreg_app`);
    await q.query(`DROP TABLE episode_patient_corrections`);
    await q.query(
      `ALTER TABLE withdrawals DROP COLUMN cancelled_at, DROP COLUMN cancel_reason, DROP COLUMN reenrolled_at, DROP COLUMN erased_at`,
    );
    await q.query(`ALTER TABLE episodes DROP COLUMN local_only`);
  }
}
