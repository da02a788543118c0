import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The patient's access report (issue 20 section 3, docs/privacy.md):
 *
 * - audit_events_person_reads: the audit log records a read of person-level data with the ids it
 *   read (episode ids; response ids for a response's history), never the patient. A report finds
 *   the reads of one patient through the ids of their episodes and responses (object_ids && ids);
 *   this GIN index makes that a lookup instead of a scan of the whole log. It is partial, on the
 *   read actions only (the list is PERSON_LEVEL_READ_ACTIONS in src/audit/audit.service.ts), so register
 *   writes, which name up to 1,000 episodes a row, do not pay for it.
 * - access_reports: an administrator's report across institutions (the register's act as data
 *   controller), with the reason (the patient's request reference), who asked, the language and
 *   the build's outcome. pseudonym is whom the report is about, kept only until it is built (or
 *   failed): then NULL, so nothing links the stored report to the person.
 * - access_report_files: the report's files (HTML and JSON), as extract_files are an extract's.
 * - Two pg-boss queues: access-report-build (retried like an extract build) and
 *   access-report-expiry (deletes expired files, on a schedule).
 */
export class AccessReports1764000000190 implements MigrationInterface {
  name = 'AccessReports1764000000190';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX audit_events_person_reads ON audit_events USING gin (object_ids)
       WHERE action IN ('episode.read', 'episode.list', 'response.history', 'access_report.institution', 'access_report.include')`);

    await q.query(`
      CREATE TABLE access_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requested_by uuid NOT NULL REFERENCES users(id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 5 AND 500),
        language text NOT NULL CHECK (language IN ('nb', 'nn', 'en')),
        pseudonym text,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'building', 'ready', 'failed', 'expired')),
        episode_count integer,
        built_at timestamptz,
        expires_at timestamptz,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (pseudonym IS NULL OR status IN ('queued', 'building'))
      )`);
    await q.query(`CREATE INDEX access_reports_expiring ON access_reports (expires_at) WHERE status = 'ready'`);

    await q.query(`
      CREATE TABLE access_report_files (
        report_id uuid NOT NULL REFERENCES access_reports(id) ON DELETE CASCADE,
        name text NOT NULL,
        format text NOT NULL CHECK (format IN ('html', 'json')),
        bytes bigint NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (report_id, name)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON access_reports TO rehabreg_app`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON access_report_files TO rehabreg_app`);

    await q.query(
      `SELECT pgboss.create_queue('access-report-build', '{"policy":"standard","retryLimit":3,"retryDelay":5,"expireInSeconds":600,"heartbeatSeconds":15,"deleteAfterSeconds":86400}'::jsonb)`,
    );
    await q.query(
      `SELECT pgboss.create_queue('access-report-expiry', '{"policy":"singleton","retryLimit":2,"expireInSeconds":600}'::jsonb)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const queue of ['access-report-expiry', 'access-report-build']) {
      await q.query(`DELETE FROM pgboss.schedule WHERE name = $1`, [queue]);
      await q.query(`SELECT pgboss.delete_queue($1)`, [queue]);
    }
    await q.query(`DROP TABLE access_report_files`);
    await q.query(`DROP TABLE access_reports`);
    await q.query(`DROP INDEX audit_events_person_reads`);
  }
}
