import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An institution's own-data export (issue 20 section 2, docs/extracts.md):
 *
 * - memberships.roles: roles a staff user holds in one institution on top of staff rights. The
 *   only one is `data_manager`, who may export all of that institution's data. Granted and removed
 *   by an administrator (admin API, CLI); sign-in reads it into the caller's principal.
 * - institution_exports: a data manager's export of their institution's episodes and responses
 *   (admission period, csv or parquet), its status, when its files are deleted and the build's
 *   counts. It is the institution's own business, so row-level security limits it (and its files)
 *   to the institutions of the transaction, like the person-level tables it is built from.
 * - institution_export_files: the files of a built export (name, format, size, rows, SHA-256).
 * - the pg-boss queue `institution-export-build`, with the extract builds' retry and heartbeat
 *   settings (migration ResearchExtracts); its jobs live in pgboss.job_common, already granted.
 */
export class InstitutionExports1764000000180 implements MigrationInterface {
  name = 'InstitutionExports1764000000180';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE memberships
        ADD COLUMN roles text[] NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['data_manager']::text[])`);

    await q.query(`
      CREATE TABLE institution_exports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institutions(id),
        requested_by uuid NOT NULL REFERENCES users(id),
        period_from date NOT NULL,
        period_to date NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'parquet')),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'building', 'ready', 'failed', 'expired')),
        expires_at timestamptz NOT NULL,
        built_at timestamptz,
        episode_count integer,
        response_count integer,
        patient_count integer,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_from <= period_to)
      )`);
    await q.query(`CREATE INDEX institution_exports_institution ON institution_exports (institution_id, created_at DESC)`);
    await q.query(`CREATE INDEX institution_exports_expiring ON institution_exports (expires_at) WHERE status <> 'expired'`);
    await q.query(`
      CREATE TABLE institution_export_files (
        export_id uuid NOT NULL REFERENCES institution_exports(id) ON DELETE CASCADE,
        institution_id uuid NOT NULL REFERENCES institutions(id),
        name text NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'parquet', 'json')),
        bytes bigint NOT NULL,
        rows integer,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (export_id, name)
      )`);
    for (const table of ['institution_exports', 'institution_export_files']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY ${table}_own_institutions ON ${table}
          USING (institution_id = ANY ((SELECT app_institution_ids())::uuid[]))
          WITH CHECK (institution_id = ANY ((SELECT app_institution_ids())::uuid[]))`);
    }
    await q.query(`GRANT SELECT, INSERT, UPDATE ON institution_exports TO rehabreg_app`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON institution_export_files TO rehabreg_app`);
    await q.query(
      `SELECT pgboss.create_queue('institution-export-build', '{"policy":"standard","retryLimit":5,"retryDelay":5,"expireInSeconds":3600,"heartbeatSeconds":15,"deleteAfterSeconds":604800}'::jsonb)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pgboss.delete_queue('institution-export-build')`);
    await q.query(`DROP TABLE institution_export_files`);
    await q.query(`DROP TABLE institution_exports`);
    await q.query(`ALTER TABLE memberships DROP COLUMN roles`);
  }
}
