import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/**
 * The register's person-level data: episodes and their responses, plus idempotency records of
 * batch submissions and the withdrawals list. Every person-level table carries institution_id and
 * a row-level-security policy on it: the second wall behind the service layer.
 */
export class RegisterCore1764000000002 implements MigrationInterface {
  name = 'RegisterCore1764000000002';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE episodes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institutions(id),
        unit_id uuid REFERENCES units(id),
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 100),
        pseudonym text NOT NULL,
        pseudonym_version integer NOT NULL,
        birth_year integer NOT NULL CHECK (birth_year BETWEEN 1854 AND 2100),
        sex text NOT NULL CHECK (sex IN ('male', 'female')),
        referral_date date,
        admission_date date NOT NULL,
        discharge_date date,
        setting text NOT NULL CHECK (setting IN ('inpatient', 'day', 'outpatient', 'ambulatory', 'home')),
        service_level text NOT NULL CHECK (service_level IN ('specialist', 'municipal')),
        programme text NOT NULL CHECK (programme IN ('stroke', 'acquired_brain_injury', 'spinal_cord_injury', 'multitrauma', 'amputation',
          'musculoskeletal', 'chronic_pain', 'cardiac', 'pulmonary', 'cancer', 'neurological_other', 'other')),
        main_diagnosis text NOT NULL CHECK (main_diagnosis ~ '^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$'),
        discharge_destination text CHECK (discharge_destination IN ('home', 'home_with_services', 'nursing_home', 'other_institution', 'hospital', 'deceased', 'other')),
        consent_status text CHECK (consent_status IN ('given', 'refused', 'objected', 'not_asked')),
        consent_date date,
        withdrawn_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (institution_id, external_id),
        CHECK (discharge_date IS NULL OR discharge_date >= admission_date),
        CHECK (referral_date IS NULL OR referral_date <= admission_date)
      )`);
    await q.query(`CREATE INDEX episodes_pseudonym ON episodes (pseudonym)`);
    await q.query(`CREATE INDEX episodes_institution_discharge ON episodes (institution_id, discharge_date)`);
    await q.query(`CREATE INDEX episodes_discharge ON episodes (discharge_date) WHERE withdrawn_at IS NULL`);

    // A response is never changed in place: a correction inserts a new version and marks the old one superseded.
    await q.query(`
      CREATE TABLE responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        institution_id uuid NOT NULL REFERENCES institutions(id),
        timepoint text NOT NULL CHECK (timepoint IN ('admission', 'discharge', 'follow_up')),
        instrument text NOT NULL CHECK (instrument IN ('eq5d-5l', 'barthel')),
        completed_date date NOT NULL,
        mode text NOT NULL CHECK (mode IN ('patient_web', 'patient_paper', 'proxy', 'clinician')),
        answers jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        supersedes_id uuid REFERENCES responses(id),
        superseded_at timestamptz,
        eq5d_state text CHECK (eq5d_state ~ '^[1-5]{5}$'),
        eq5d_level_sum integer CHECK (eq5d_level_sum BETWEEN 5 AND 25),
        eq5d_index double precision,
        eq5d_value_set text,
        eq5d_vas integer CHECK (eq5d_vas BETWEEN 0 AND 100),
        barthel_scale integer CHECK (barthel_scale IN (20, 100)),
        barthel_total integer CHECK (barthel_total BETWEEN 0 AND 100),
        barthel_band text,
        scoring_version text NOT NULL,
        in_window boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX responses_current ON responses (episode_id, timepoint, instrument) WHERE superseded_at IS NULL`);
    await q.query(`CREATE INDEX responses_episode ON responses (episode_id)`);

    // The one definition of a response's window (DOMAIN.md), used on insert and whenever episode dates change.
    await q.query(sql('response_in_window.sql'));

    await q.query(`
      CREATE TABLE idempotency_keys (
        institution_id uuid NOT NULL REFERENCES institutions(id),
        key text NOT NULL,
        request_hash bytea NOT NULL,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (institution_id, key)
      )`);

    // Withdrawn patients, by pseudonym: refused from then on, excluded from indicators and extracts.
    await q.query(`
      CREATE TABLE withdrawals (
        pseudonym text PRIMARY KEY,
        withdrawn_at timestamptz NOT NULL DEFAULT now()
      )`);

    for (const table of ['episodes', 'responses', 'idempotency_keys']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      // (SELECT ...) makes the setting an InitPlan, read once per statement rather than once per row.
      await q.query(
        `CREATE POLICY ${table}_own_institutions ON ${table} USING (institution_id = ANY ((SELECT app_institution_ids())::uuid[])) WITH CHECK (institution_id = ANY ((SELECT app_institution_ids())::uuid[]))`,
      );
    }
    await q.query(`GRANT SELECT, INSERT, UPDATE ON episodes, responses TO rehabreg_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON idempotency_keys TO rehabreg_app`);
    await q.query(`GRANT SELECT, INSERT ON withdrawals TO rehabreg_app`);

    // A withdrawal reaches the patient's episodes at every institution, which the requester's RLS scope
    // cannot see; this function does it, only for a requester that treated the patient (or an admin).
    await q.query(sql('withdraw_patient.sql'));
    await q.query(`REVOKE ALL ON FUNCTION withdraw_patient(text, uuid[], boolean) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION withdraw_patient(text, uuid[], boolean) TO rehabreg_app`);

    // Idempotency records are kept at least 24 hours; older ones are purged across institutions.
    await q.query(sql('purge_idempotency_keys.sql'));
    await q.query(`REVOKE ALL ON FUNCTION purge_idempotency_keys() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION purge_idempotency_keys() TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION purge_idempotency_keys()`);
    await q.query(`DROP FUNCTION withdraw_patient(text, uuid[], boolean)`);
    await q.query(`DROP TABLE withdrawals, idempotency_keys, responses, episodes`);
    await q.query(`DROP FUNCTION response_in_window(text, date, date, date, integer)`);
  }
}
