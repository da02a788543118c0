import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/**
 * Research extracts (issue 20, docs/extracts.md; SECURITY.md rule 5):
 *
 * - extract_requests: a researcher's application (title, purpose, ethics reference, variables,
 *   period and filters), the administrator's decision, and the build's outcome. project_key is
 *   the random key of the project pseudonyms, HMAC(project_key, register pseudonym); it is kept
 *   only while the request may be rebuilt and set to NULL when it is revoked or expires.
 * - extract_request_events: the request's history (submitted, approved, rejected, built, failed,
 *   revoked, rebuild, expired), with who acted and the note given, for the researcher and the
 *   data protection officer.
 * - extract_files: the files of a built extract (name, format, size, rows, SHA-256).
 * - extract_inclusions: which register pseudonyms an extract holds, per institution, until it
 *   expires (then only the request's counts remain): the patient's access report reads it. It is
 *   person-level, so row-level security limits it to the institutions of the transaction.
 * - pg-boss, the job queue on this database, installed here by the owner in its own schema
 *   (pgboss.sql, frozen from the installed version). The app starts pg-boss with migrate: false
 *   and may only use its tables; it creates nothing. The queues are created here too.
 */
export class ResearchExtracts1764000000140 implements MigrationInterface {
  name = 'ResearchExtracts1764000000140';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE extract_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        researcher_id uuid NOT NULL REFERENCES users(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 5000),
        ethics_reference text NOT NULL CHECK (length(ethics_reference) BETWEEN 1 AND 100),
        variables text[] NOT NULL CHECK (cardinality(variables) > 0),
        period_from date NOT NULL,
        period_to date NOT NULL,
        filters jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'submitted'
          CHECK (status IN ('submitted', 'approved', 'rejected', 'building', 'ready', 'failed', 'revoked', 'expired')),
        decision_note text CHECK (length(decision_note) <= 2000),
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        expires_at timestamptz,
        project_key bytea,
        built_at timestamptz,
        row_count integer,
        patient_count integer,
        withdrawn_patients_left_out integer,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_from <= period_to)
      )`);
    await q.query(`CREATE INDEX extract_requests_researcher ON extract_requests (researcher_id, created_at DESC)`);
    await q.query(`CREATE INDEX extract_requests_expiring ON extract_requests (expires_at) WHERE status = 'ready'`);

    await q.query(`
      CREATE TABLE extract_request_events (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES extract_requests(id) ON DELETE CASCADE,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL CHECK (action IN ('submitted', 'approved', 'rejected', 'built', 'failed', 'revoked', 'rebuild', 'expired')),
        actor_id uuid REFERENCES users(id),
        note text CHECK (length(note) <= 2000)
      )`);
    await q.query(`CREATE INDEX extract_request_events_request ON extract_request_events (request_id, id)`);

    await q.query(`
      CREATE TABLE extract_files (
        request_id uuid NOT NULL REFERENCES extract_requests(id) ON DELETE CASCADE,
        name text NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'parquet', 'json')),
        bytes bigint NOT NULL,
        rows integer,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, name)
      )`);

    await q.query(`
      CREATE TABLE extract_inclusions (
        request_id uuid NOT NULL REFERENCES extract_requests(id) ON DELETE CASCADE,
        institution_id uuid NOT NULL REFERENCES institutions(id),
        pseudonym text NOT NULL,
        episodes integer NOT NULL,
        PRIMARY KEY (request_id, institution_id, pseudonym)
      )`);
    await q.query(`CREATE INDEX extract_inclusions_pseudonym ON extract_inclusions (pseudonym)`);
    await q.query(`ALTER TABLE extract_inclusions ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY extract_inclusions_own_institutions ON extract_inclusions
        USING (institution_id = ANY ((SELECT app_institution_ids())::uuid[]))
        WITH CHECK (institution_id = ANY ((SELECT app_institution_ids())::uuid[]))`);

    await q.query(`GRANT SELECT, INSERT, UPDATE ON extract_requests TO rehabreg_app`);
    await q.query(`GRANT SELECT, INSERT ON extract_request_events TO rehabreg_app`);
    await q.query(`GRANT USAGE ON SEQUENCE extract_request_events_id_seq TO rehabreg_app`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON extract_files TO rehabreg_app`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON extract_inclusions TO rehabreg_app`);

    await q.query(sql('pgboss.sql'));
    // Builds: a killed worker stops its heartbeat, so the job is retried within about half a minute.
    await q.query(
      `SELECT pgboss.create_queue('extract-build', '{"policy":"standard","retryLimit":5,"retryDelay":5,"expireInSeconds":3600,"heartbeatSeconds":15,"deleteAfterSeconds":604800}'::jsonb)`,
    );
    await q.query(`SELECT pgboss.create_queue('extract-expiry', '{"policy":"singleton","retryLimit":2,"expireInSeconds":600}'::jsonb)`);
    await q.query(`GRANT USAGE ON SCHEMA pgboss TO rehabreg_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO rehabreg_app`);
    await q.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA pgboss TO rehabreg_app`);
    await q.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA pgboss CASCADE`);
    await q.query(`DROP TABLE extract_inclusions`);
    await q.query(`DROP TABLE extract_files`);
    await q.query(`DROP TABLE extract_request_events`);
    await q.query(`DROP TABLE extract_requests`);
  }
}
