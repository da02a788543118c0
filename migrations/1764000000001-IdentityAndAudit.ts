import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/**
 * Institutions, units, users, memberships, API clients, and the hash-chained audit log.
 * Also the row-level-security helper every person-level table's policy uses.
 */
export class IdentityAndAudit1764000000001 implements MigrationInterface {
  name = 'IdentityAndAudit1764000000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE institutions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        org_number text NOT NULL UNIQUE CHECK (org_number ~ '^[0-9]{9}$'),
        kind text NOT NULL CHECK (kind IN ('health_trust', 'private', 'municipality')),
        region text NOT NULL CHECK (region IN ('helse-nord', 'helse-midt-norge', 'helse-vest', 'helse-sor-ost')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institutions(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (institution_id, name)
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash text,
        role text NOT NULL CHECK (role IN ('admin', 'staff', 'researcher')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE memberships (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        institution_id uuid NOT NULL REFERENCES institutions(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, institution_id)
      )`);
    await q.query(`
      CREATE TABLE api_clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institutions(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        key_prefix text NOT NULL UNIQUE,
        key_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_clients_institution ON api_clients (institution_id)`);

    // Audit rows are inserted by requests without any chain state (so audit is no global lock);
    // audit_seal() later assigns chain_seq and the hashes in one ordered pass.
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_client', 'invitation', 'system', 'anonymous')),
        actor_id text,
        institution_id uuid,
        action text NOT NULL,
        object_type text NOT NULL,
        object_ids text[] NOT NULL DEFAULT '{}',
        row_count integer NOT NULL DEFAULT 0,
        request_id text,
        client_address text,
        chain_seq bigint UNIQUE,
        prev_hash bytea,
        hash bytea
      )`);
    await q.query(`CREATE INDEX audit_events_unsealed ON audit_events (id) WHERE chain_seq IS NULL`);
    await q.query(`CREATE INDEX audit_events_institution_time ON audit_events (institution_id, occurred_at)`);
    await q.query(`CREATE INDEX audit_events_actor_time ON audit_events (actor_id, occurred_at)`);

    // The canonical text of an audit row: what its hash covers. Used by the sealer; the verifier
    // reads it too and recomputes every hash in the application.
    await q.query(sql('audit_canonical.sql'));
    await q.query(sql('audit_seal.sql'));

    // Row-level security: the caller's institutions, set per transaction with SET LOCAL / set_config(..., true).
    // No setting means no institutions, so a forgotten setting shows nothing rather than everything.
    await q.query(sql('app_institution_ids.sql'));

    await q.query(`GRANT SELECT, INSERT, UPDATE ON institutions, units, users, memberships, api_clients TO rehabreg_app`);
    await q.query(`GRANT DELETE ON memberships TO rehabreg_app`);
    // Append-only for the app: no UPDATE or DELETE on the audit log.
    await q.query(`GRANT SELECT, INSERT ON audit_events TO rehabreg_app`);
    await q.query(`GRANT USAGE ON SEQUENCE audit_events_id_seq TO rehabreg_app`);
    await q.query(`REVOKE ALL ON FUNCTION audit_seal(integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION audit_seal(integer) TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION app_institution_ids()`);
    await q.query(`DROP FUNCTION audit_seal(integer)`);
    await q.query(`DROP FUNCTION audit_canonical(audit_events)`);
    await q.query(`DROP TABLE audit_events, api_clients, memberships, users, units, institutions`);
  }
}
