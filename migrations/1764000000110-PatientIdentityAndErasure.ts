import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

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
    await q.query(sql('withdraw_patient.sql'));
    await q.query(`REVOKE ALL ON FUNCTION withdraw_patient(text, uuid[], boolean) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION withdraw_patient(text, uuid[], boolean) TO rehabreg_app`);

    // A consent recorded after the withdrawal (Norwegian date) re-enrols the patient from then on.
    // Run for every registration, withdrawn patient or not, so both take the same statements.
    await q.query(sql('reenrol_patients.sql'));
    await q.query(`REVOKE ALL ON FUNCTION reenrol_patients(text[], text[], date[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION reenrol_patients(text[], text[], date[]) TO rehabreg_app`);

    // Within the grace period: the withdrawal is cancelled and every episode of the patient is in use again.
    await q.query(sql('cancel_withdrawal.sql'));
    await q.query(`REVOKE ALL ON FUNCTION cancel_withdrawal(text, text, interval) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION cancel_withdrawal(text, text, interval) TO rehabreg_app`);

    // Erasure of withdrawals older than the grace period, as of p_now (a parameter so tests can move
    // the clock). Deletes children first; the episodes' and responses' delete triggers note the
    // change, so indicator cubes rebuild without them. One row per institution that lost episodes.
    await q.query(sql('erase_withdrawn_patients.sql'));
    await q.query(`REVOKE ALL ON FUNCTION erase_withdrawn_patients(interval, timestamptz) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION erase_withdrawn_patients(interval, timestamptz) TO rehabreg_app`);

    // A local-only episode is its institution's like any other: its patient may answer the form.
    await q.query(sql('invitation_by_token_hash.sql'));
    await q.query(sql('purge_stale_invitation_drafts.sql'));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(sql('down/purge_stale_invitation_drafts.sql'));
    await q.query(sql('down/invitation_by_token_hash.sql'));
    await q.query(`DROP FUNCTION erase_withdrawn_patients(interval, timestamptz)`);
    await q.query(`DROP FUNCTION cancel_withdrawal(text, text, interval)`);
    await q.query(`DROP FUNCTION reenrol_patients(text[], text[], date[])`);
    await q.query(`DROP FUNCTION withdraw_patient(text, uuid[], boolean)`);
    await q.query(sql('down/withdraw_patient.sql'));
    await q.query(`REVOKE ALL ON FUNCTION withdraw_patient(text, uuid[], boolean) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION withdraw_patient(text, uuid[], boolean) TO rehabreg_app`);
    await q.query(`DROP TABLE episode_patient_corrections`);
    await q.query(
      `ALTER TABLE withdrawals DROP COLUMN cancelled_at, DROP COLUMN cancel_reason, DROP COLUMN reenrolled_at, DROP COLUMN erased_at`,
    );
    await q.query(`ALTER TABLE episodes DROP COLUMN local_only`);
  }
}
