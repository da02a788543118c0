import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/**
 * Patient invitations: one-time links to one questionnaire of one episode. Only the token's
 * SHA-256 is stored (plus the random nonce it was derived from with a key held outside the
 * database, so staff can reprint the QR code). Partial answers wait in `draft` until submitted.
 */
export class Invitations1764000000020 implements MigrationInterface {
  name = 'Invitations1764000000020';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institutions(id),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        timepoint text NOT NULL CHECK (timepoint IN ('admission', 'discharge', 'follow_up')),
        instrument text NOT NULL CHECK (instrument IN ('eq5d-5l')),
        language text CHECK (language IN ('nb', 'nn', 'en')),
        token_nonce bytea NOT NULL CHECK (length(token_nonce) >= 16),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        draft jsonb NOT NULL DEFAULT '{}',
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        response_id uuid REFERENCES responses(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX invitations_episode ON invitations (episode_id)`);
    await q.query(`ALTER TABLE invitations ENABLE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY invitations_own_institutions ON invitations USING (institution_id = ANY ((SELECT app_institution_ids())::uuid[])) WITH CHECK (institution_id = ANY ((SELECT app_institution_ids())::uuid[]))`,
    );
    await q.query(`GRANT SELECT, INSERT, UPDATE ON invitations TO rehabreg_app`);

    // An anonymous patient's request cannot name its institution for RLS before the token is known:
    // this function finds the invitation by token hash and returns only what the form needs.
    await q.query(sql('invitation_by_token_hash.sql'));
    await q.query(`REVOKE ALL ON FUNCTION invitation_by_token_hash(bytea) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION invitation_by_token_hash(bytea) TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION invitation_by_token_hash(bytea)`);
    await q.query(`DROP TABLE invitations`);
  }
}
