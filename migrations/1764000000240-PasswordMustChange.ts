import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A password an administrator chose for a user (a new user's first password, or a reset) is
 * temporary: the user must choose their own before the workspace lets them do anything else, and
 * the API gives no token for it (issue 21). Cleared when the user changes their password.
 */
export class PasswordMustChange1764000000240 implements MigrationInterface {
  name = 'PasswordMustChange1764000000240';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN password_must_change boolean NOT NULL DEFAULT false`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN password_must_change`);
  }
}
