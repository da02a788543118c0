import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions of the signed-in web workspace (issue 21), in PostgreSQL so that they hold across
 * instances and restarts and an administrator can end them. The browser holds a random token; only
 * its SHA-256 is stored. A session is valid while it has been used in the last 30 minutes and is
 * younger than 12 hours (checked by the query that reads it); sign-out and an administrator's "end
 * sessions" delete rows. No row-level security: sessions are register-level, like users.
 *
 * The user's language for the pages (bokmål, nynorsk, English) is kept on the user; null until they
 * choose one (the browser's Accept-Language decides until then).
 */
export class WebSessions1764000000200 implements MigrationInterface {
  name = 'WebSessions1764000000200';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_sessions (
        token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX web_sessions_user_id_idx ON web_sessions (user_id)`);
    await q.query(`CREATE INDEX web_sessions_last_seen_at_idx ON web_sessions (last_seen_at)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON web_sessions TO rehabreg_app`);
    await q.query(`ALTER TABLE users ADD COLUMN language text CHECK (language IN ('nb', 'nn', 'en'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN language`);
    await q.query(`DROP TABLE web_sessions`);
  }
}
