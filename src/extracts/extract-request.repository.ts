/** The tables extract_requests, extract_request_events, extract_files, extract_builds and extract_inclusions: every read and write goes through here. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { openEveryInstitution } from '../database/scoped-db';
import type { ExtractScope, LongQuery } from './extract-query';

export const EXTRACT_STATUSES = ['submitted', 'approved', 'rejected', 'building', 'ready', 'failed', 'revoked', 'expired'] as const;
export type ExtractStatus = (typeof EXTRACT_STATUSES)[number];

export interface ExtractFilters {
  /** Register institution ids: never written to a file (the manifest names them by project code). */
  institutionIds?: string[];
  programmes?: string[];
  regions?: string[];
  serviceLevels?: string[];
}

const REQUEST_COLUMNS = `r.id, r.researcher_id, r.title, r.purpose, r.legal_basis, r.ethics_reference, r.variables, r.period_from::text AS period_from,
  r.period_to::text AS period_to, r.filters, r.status, r.decision_note, r.decided_by, r.decided_at, r.expires_at, r.built_at,
  r.row_count, r.patient_count, r.withdrawn_patients_left_out, r.failure, r.build, r.created_at, r.updated_at`;

/** A request as REQUEST_COLUMNS read it (never the project key). */
export interface ExtractRequestRow {
  id: string;
  researcher_id: string;
  title: string;
  purpose: string;
  /** Null for requests made before the legal basis was asked for. */
  legal_basis: string | null;
  ethics_reference: string;
  variables: string[];
  period_from: string;
  period_to: string;
  filters: ExtractFilters;
  status: ExtractStatus;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  expires_at: Date | null;
  built_at: Date | null;
  row_count: number | null;
  patient_count: number | null;
  withdrawn_patients_left_out: number | null;
  failure: string | null;
  /** The build asked for last: 0 before approval, 1 at approval, one more per rebuild. */
  build: number;
  created_at: Date;
  updated_at: Date;
}

export interface ExtractFileRow {
  request_id: string;
  name: string;
  format: 'csv' | 'parquet' | 'json';
  bytes: string;
  rows: number | null;
  sha256: string;
}

export const EXTRACT_EVENTS = ['submitted', 'approved', 'rejected', 'built', 'failed', 'revoked', 'rebuild', 'expired'] as const;
export type ExtractEvent = (typeof EXTRACT_EVENTS)[number];

export interface ExtractEventRow {
  request_id: string;
  occurred_at: Date;
  action: ExtractEvent;
  note: string | null;
}

/** A completed build of an extract, with its counts: kept after the extract expires. */
export interface ExtractBuildRow {
  request_id: string;
  build: number;
  built_at: Date;
  row_count: number;
  patient_count: number;
  withdrawn_patients_left_out: number;
}

/** A build of an extract that included a patient, as their access report shows it. */
export interface PatientInclusionRow {
  request_id: string;
  title: string;
  build: number;
  built_at: Date;
  expires_at: Date | null;
  episodes: number;
}

export interface NewExtractRequest {
  researcherId: string;
  title: string;
  purpose: string;
  legalBasis: string;
  ethicsReference: string;
  variables: string[];
  periodFrom: string;
  periodTo: string;
  filters: ExtractFilters;
}

export interface BuildOutcome {
  /** Which build of the request this is (the request's `build` when it started). */
  build: number;
  rowCount: number;
  patientCount: number;
  withdrawnPatientsLeftOut: number;
  builtAt: Date;
  files: Omit<ExtractFileRow, 'request_id'>[];
}

@Injectable()
export class ExtractRequestRepository {
  /**
   * Opens every institution's rows to row-level security for this transaction: an approved extract,
   * and its inclusion list, cover the whole register (scoped-db.ts names this exception).
   */
  async openEveryInstitution(manager: EntityManager): Promise<void> {
    await openEveryInstitution(manager);
  }

  async insert(manager: EntityManager, r: NewExtractRequest): Promise<ExtractRequestRow> {
    const [row]: ExtractRequestRow[] = await manager.query(
      `INSERT INTO extract_requests AS r (researcher_id, title, purpose, legal_basis, ethics_reference, variables, period_from, period_to, filters)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9::jsonb) RETURNING ${REQUEST_COLUMNS}`,
      [
        r.researcherId,
        r.title,
        r.purpose,
        r.legalBasis,
        r.ethicsReference,
        r.variables,
        r.periodFrom,
        r.periodTo,
        JSON.stringify(r.filters),
      ],
    );
    return row;
  }

  /** Which of `ids` are institutions of the register. */
  async existingInstitutions(manager: EntityManager, ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM institutions WHERE id = ANY ($1::uuid[])`, [ids]);
    return rows.map((r) => r.id);
  }

  /** One request; with `researcherId`, only if it is that researcher's (others' requests do not exist for them). */
  async find(manager: EntityManager, id: string, researcherId?: string, lock = false): Promise<ExtractRequestRow | undefined> {
    const rows: ExtractRequestRow[] = await manager.query(
      `SELECT ${REQUEST_COLUMNS} FROM extract_requests r WHERE r.id = $1 AND ($2::uuid IS NULL OR r.researcher_id = $2)${lock ? ' FOR UPDATE' : ''}`,
      [id, researcherId ?? null],
    );
    return rows[0];
  }

  /** Newest first; a researcher's own, or (without `researcherId`) all, optionally of one status. */
  list(manager: EntityManager, researcherId: string | null, status?: ExtractStatus): Promise<ExtractRequestRow[]> {
    return manager.query(
      `SELECT ${REQUEST_COLUMNS} FROM extract_requests r
        WHERE ($1::uuid IS NULL OR r.researcher_id = $1) AND ($2::text IS NULL OR r.status = $2)
        ORDER BY r.created_at DESC, r.id LIMIT 500`,
      [researcherId, status ?? null],
    );
  }

  async filesOf(manager: EntityManager, requestIds: string[]): Promise<ExtractFileRow[]> {
    if (requestIds.length === 0) return [];
    return manager.query(
      `SELECT request_id, name, format, bytes::text AS bytes, rows, sha256 FROM extract_files WHERE request_id = ANY ($1::uuid[]) ORDER BY name`,
      [requestIds],
    );
  }

  /** One step of a request's history, with who acted (null: the register's jobs) and their note. */
  async addEvent(
    manager: EntityManager,
    id: string,
    action: ExtractEvent,
    actorId: string | null,
    note: string | null = null,
  ): Promise<void> {
    await manager.query(`INSERT INTO extract_request_events (request_id, action, actor_id, note) VALUES ($1, $2, $3, $4)`, [
      id,
      action,
      actorId,
      note,
    ]);
  }

  async eventsOf(manager: EntityManager, requestIds: string[]): Promise<ExtractEventRow[]> {
    if (requestIds.length === 0) return [];
    return manager.query(
      `SELECT request_id, occurred_at, action, note FROM extract_request_events WHERE request_id = ANY ($1::uuid[]) ORDER BY id`,
      [requestIds],
    );
  }

  async decide(
    manager: EntityManager,
    id: string,
    decision: { status: 'approved' | 'rejected'; note: string; by: string; expiresAt: Date | null; projectKey: Buffer | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE extract_requests SET status = $2, decision_note = $3, decided_by = $4, decided_at = now(), expires_at = $5,
              project_key = $6, build = CASE WHEN $2 = 'approved' THEN 1 ELSE build END, updated_at = now() WHERE id = $1`,
      [id, decision.status, decision.note, decision.by, decision.expiresAt, decision.projectKey],
    );
  }

  async setStatus(manager: EntityManager, id: string, status: ExtractStatus, failure: string | null = null): Promise<void> {
    await manager.query(`UPDATE extract_requests SET status = $2, failure = $3, updated_at = now() WHERE id = $1`, [id, status, failure]);
  }

  /**
   * The end of an extract: its files go and its project key is forgotten, so it can never be
   * rebuilt. `keepInclusions` keeps the inclusion lists until the extract's time is up (a revoked
   * extract may have been downloaded: its patients' access reports must still name it;
   * removeRevokedInclusions ends them). The builds' counts stay.
   */
  async end(manager: EntityManager, id: string, status: 'revoked' | 'expired', keepInclusions: boolean): Promise<void> {
    await manager.query(`DELETE FROM extract_files WHERE request_id = $1`, [id]);
    if (!keepInclusions) await manager.query(`DELETE FROM extract_inclusions WHERE request_id = $1`, [id]);
    await manager.query(`UPDATE extract_requests SET status = $2, project_key = NULL, updated_at = now() WHERE id = $1`, [id, status]);
  }

  /**
   * Asks for the next build: the files go (they are replaced), the build number goes up, so a
   * build still running of the one before is not offered. The inclusion lists of earlier builds
   * stay: their files may have been downloaded.
   */
  async nextBuild(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM extract_files WHERE request_id = $1`, [id]);
    await manager.query(
      `UPDATE extract_requests SET status = 'approved', failure = NULL, build = build + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  async projectKey(manager: EntityManager, id: string): Promise<Buffer | null> {
    const [row]: { project_key: Buffer | null }[] = await manager.query(`SELECT project_key FROM extract_requests WHERE id = $1`, [id]);
    return row?.project_key ?? null;
  }

  /** The build's files and counts, its row in the build history, and status ready: one statement set in the caller's transaction. */
  async markReady(manager: EntityManager, id: string, outcome: BuildOutcome): Promise<void> {
    await manager.query(
      `INSERT INTO extract_builds (request_id, build, built_at, row_count, patient_count, withdrawn_patients_left_out)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, outcome.build, outcome.builtAt, outcome.rowCount, outcome.patientCount, outcome.withdrawnPatientsLeftOut],
    );
    await manager.query(`DELETE FROM extract_files WHERE request_id = $1`, [id]);
    await manager.query(
      `INSERT INTO extract_files (request_id, name, format, bytes, rows, sha256)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::integer[], $6::text[])`,
      [
        id,
        outcome.files.map((f) => f.name),
        outcome.files.map((f) => f.format),
        outcome.files.map((f) => f.bytes),
        outcome.files.map((f) => f.rows),
        outcome.files.map((f) => f.sha256),
      ],
    );
    await manager.query(
      `UPDATE extract_requests SET status = 'ready', failure = NULL, row_count = $2, patient_count = $3, withdrawn_patients_left_out = $4,
              built_at = $5, updated_at = now() WHERE id = $1`,
      [id, outcome.rowCount, outcome.patientCount, outcome.withdrawnPatientsLeftOut, outcome.builtAt],
    );
  }

  /** The completed builds of the requests, oldest first. */
  async buildsOf(manager: EntityManager, requestIds: string[]): Promise<ExtractBuildRow[]> {
    if (requestIds.length === 0) return [];
    return manager.query(
      `SELECT request_id, build, built_at, row_count, patient_count, withdrawn_patients_left_out
         FROM extract_builds WHERE request_id = ANY ($1::uuid[]) ORDER BY request_id, build`,
      [requestIds],
    );
  }

  /** How many episodes of each institution a build included (person-level: RLS applies). */
  episodesPerInstitution(manager: EntityManager, id: string, build: number): Promise<{ institution_id: string; episodes: number }[]> {
    return manager.query(
      `SELECT institution_id, sum(episodes)::integer AS episodes FROM extract_inclusions
        WHERE request_id = $1 AND build = $2 GROUP BY institution_id ORDER BY institution_id`,
      [id, build],
    );
  }

  /** The inclusion lists of revoked extracts whose time is up (only the counts stay); returns their request ids. */
  async removeRevokedInclusions(manager: EntityManager, now: Date): Promise<string[]> {
    const rows: { request_id: string }[] = await manager.query(
      `WITH gone AS (
         DELETE FROM extract_inclusions i USING extract_requests r
          WHERE r.id = i.request_id AND r.status = 'revoked' AND r.expires_at <= $1
          RETURNING i.request_id)
       SELECT DISTINCT request_id FROM gone ORDER BY request_id`,
      [now],
    );
    return rows.map((r) => r.request_id);
  }

  /** Ready (or failed) requests whose time is up. */
  async dueForExpiry(manager: EntityManager, now: Date): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM extract_requests WHERE status IN ('approved', 'building', 'ready', 'failed') AND expires_at <= $1 ORDER BY expires_at`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The inclusion list of one build, set-based from the same scope as its rows: who is in it, per
   * institution (person-level: RLS applies); the lists of earlier builds stay. Returns how many
   * patients and episodes that is. `long` runs the statements over the whole scope without a request's timeouts.
   */
  async writeInclusions(long: LongQuery, id: string, build: number, scope: ExtractScope): Promise<{ patients: number; episodes: number }> {
    const params = [...scope.values, id, build];
    await long(
      `INSERT INTO extract_inclusions (request_id, build, institution_id, pseudonym, episodes)
       SELECT $${params.length - 1}, $${params.length}, e.institution_id, e.pseudonym, count(*)::integer ${scope.from} WHERE ${scope.where}
        GROUP BY e.institution_id, e.pseudonym`,
      params,
    );
    const [included] = await long<{ patients: number; episodes: number }>(
      `SELECT count(DISTINCT pseudonym)::integer AS patients, coalesce(sum(episodes), 0)::integer AS episodes
         FROM extract_inclusions WHERE request_id = $1 AND build = $2`,
      [id, build],
    );
    return included;
  }

  /**
   * The builds of research extracts whose inclusion list holds the patient (under RLS: at the
   * transaction's institutions), with their project title, which build, when it was built and how
   * many of the patient's episodes it held: a patient's access report. Never the project pseudonym.
   */
  inclusionsOfPatient(manager: EntityManager, pseudonym: string): Promise<PatientInclusionRow[]> {
    return manager.query(
      `SELECT r.id AS request_id, r.title, b.build, b.built_at, r.expires_at, sum(i.episodes)::integer AS episodes
         FROM extract_inclusions i
         JOIN extract_builds b ON b.request_id = i.request_id AND b.build = i.build
         JOIN extract_requests r ON r.id = i.request_id
        WHERE i.pseudonym = $1
        GROUP BY r.id, b.build, b.built_at ORDER BY b.built_at, r.id, b.build`,
      [pseudonym],
    );
  }

  /** Patients who would be in scope but for a withdrawal: how many, never who. */
  async withdrawnLeftOut(long: LongQuery, scope: ExtractScope): Promise<number> {
    const [{ patients }] = await long<{ patients: number }>(
      `SELECT count(DISTINCT e.pseudonym)::integer AS patients ${scope.from} WHERE ${scope.withdrawnWhere}`,
      scope.values,
    );
    return patients;
  }
}
