import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every build of a research extract is kept apart (issue 20): an administrator's rebuild (e.g.
 * after withdrawals) no longer replaces the inclusion list of the build before it, whose files may
 * have been downloaded, so a patient's access report still names the extract, and a data
 * protection officer can say which build held the patient.
 *
 * - extract_requests.build: the build asked for last (1 at approval, one more per rebuild); a
 *   build whose number is no longer the request's is not offered.
 * - extract_builds: each completed build with its counts (rows, patients, withdrawn patients left
 *   out); it stays after the extract expires, as "only the counts".
 * - extract_inclusions.build: which build the inclusion list is of; the lists of every build are
 *   kept until the extract expires, as before.
 *
 * Existing data: a request gets the build number its history shows (its rebuild events), its last
 * completed build (the number of its built events) becomes its one recorded build, and its
 * inclusion list is that build's.
 */
export class ExtractBuildHistory1764000000310 implements MigrationInterface {
  name = 'ExtractBuildHistory1764000000310';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE extract_requests ADD COLUMN build integer NOT NULL DEFAULT 0 CHECK (build >= 0)`);
    await q.query(`
      UPDATE extract_requests r
         SET build = 1 + (SELECT count(*) FROM extract_request_events e WHERE e.request_id = r.id AND e.action = 'rebuild')
       WHERE r.decided_at IS NOT NULL AND r.status <> 'rejected'`);
    await q.query(`
      CREATE TABLE extract_builds (
        request_id uuid NOT NULL REFERENCES extract_requests(id) ON DELETE CASCADE,
        build integer NOT NULL CHECK (build > 0),
        built_at timestamptz NOT NULL,
        row_count integer NOT NULL,
        patient_count integer NOT NULL,
        withdrawn_patients_left_out integer NOT NULL,
        PRIMARY KEY (request_id, build)
      )`);
    await q.query(`
      INSERT INTO extract_builds (request_id, build, built_at, row_count, patient_count, withdrawn_patients_left_out)
      SELECT r.id, (SELECT count(*) FROM extract_request_events e WHERE e.request_id = r.id AND e.action = 'built'),
             r.built_at, r.row_count, r.patient_count, r.withdrawn_patients_left_out
        FROM extract_requests r
       WHERE r.built_at IS NOT NULL AND r.row_count IS NOT NULL
         AND EXISTS (SELECT FROM extract_request_events e WHERE e.request_id = r.id AND e.action = 'built')`);
    await q.query(`GRANT SELECT, INSERT ON extract_builds TO rehabreg_app`);

    await q.query(`ALTER TABLE extract_inclusions ADD COLUMN build integer`);
    await q.query(`UPDATE extract_inclusions i SET build = b.build FROM extract_builds b WHERE b.request_id = i.request_id`);
    await q.query(`DELETE FROM extract_inclusions WHERE build IS NULL`);
    await q.query(`ALTER TABLE extract_inclusions ALTER COLUMN build SET NOT NULL`);
    await q.query(`ALTER TABLE extract_inclusions DROP CONSTRAINT extract_inclusions_pkey`);
    await q.query(`ALTER TABLE extract_inclusions ADD PRIMARY KEY (request_id, build, institution_id, pseudonym)`);
    // a build writes its inclusion list before it knows its counts: the build's row comes at the end of its transaction
    await q.query(`
      ALTER TABLE extract_inclusions ADD CONSTRAINT extract_inclusions_build_fkey
        FOREIGN KEY (request_id, build) REFERENCES extract_builds (request_id, build) DEFERRABLE INITIALLY DEFERRED`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE extract_inclusions DROP CONSTRAINT extract_inclusions_build_fkey`);
    await q.query(`
      DELETE FROM extract_inclusions i
       WHERE i.build < (SELECT max(j.build) FROM extract_inclusions j WHERE j.request_id = i.request_id)`);
    await q.query(`ALTER TABLE extract_inclusions DROP CONSTRAINT extract_inclusions_pkey`);
    await q.query(`ALTER TABLE extract_inclusions DROP COLUMN build`);
    await q.query(`ALTER TABLE extract_inclusions ADD PRIMARY KEY (request_id, institution_id, pseudonym)`);
    await q.query(`DROP TABLE extract_builds`);
    await q.query(`ALTER TABLE extract_requests DROP COLUMN build`);
  }
}
