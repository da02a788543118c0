import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in at an external OpenID Connect provider (HelseID) links the provider's subject to a register
 * user (issue 21). The first sign-in finds the user by the verified email claim and stores the link;
 * from then on the subject alone decides, so a changed or reassigned email at the provider cannot move
 * the sign-in to another user. One link per user and issuer. No row-level security: users and their
 * sign-in are register-level, like web_sessions. The app role cannot delete links (they are evidence
 * of who signed in as whom); a deleted user takes theirs along.
 */
export class ExternalIdentities1764000000280 implements MigrationInterface {
  name = 'ExternalIdentities1764000000280';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_external_identities (
        issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 2000),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        linked_at timestamptz NOT NULL DEFAULT now(),
        last_sign_in_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issuer, subject),
        UNIQUE (user_id, issuer)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON user_external_identities TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_external_identities`);
  }
}
