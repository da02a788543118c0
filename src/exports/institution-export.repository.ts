/**
 * The tables institution_exports and institution_export_files: every read and write goes through
 * here. Both are under row-level security by institution, so each call sees only the exports of
 * the institutions its transaction was opened for.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export const EXPORT_STATUSES = ['queued', 'building', 'ready', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];
export const EXPORT_FORMATS = ['csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXPORT_COLUMNS = `x.id, x.institution_id, x.requested_by, x.period_from::text AS period_from, x.period_to::text AS period_to,
  x.format, x.status, x.expires_at, x.built_at, x.episode_count, x.response_count, x.patient_count, x.failure, x.created_at,
  x.fhir_types, x.fhir_request, x.fhir_since`;

export interface ExportRow {
  id: string;
  institution_id: string;
  requested_by: string;
  period_from: string;
  period_to: string;
  /** ndjson: a FHIR Bulk Data export (src/fhir/fhir-bulk-export.service.ts), which the JSON API does not show. */
  format: ExportFormat | 'ndjson';
  status: ExportStatus;
  expires_at: Date;
  built_at: Date | null;
  episode_count: number | null;
  response_count: number | null;
  patient_count: number | null;
  failure: string | null;
  created_at: Date;
  /** A FHIR bulk export's resource types and kick-off URL; null for the JSON API's exports. */
  fhir_types: string[] | null;
  fhir_request: string | null;
  /** A FHIR bulk export's `_since`: only resources changed after it. */
  fhir_since: Date | null;
}

export interface ExportFileRow {
  export_id: string;
  name: string;
  format: 'csv' | 'parquet' | 'json' | 'ndjson';
  bytes: string;
  rows: number | null;
  sha256: string;
}

export interface ExportOutcome {
  episodeCount: number;
  responseCount: number;
  patientCount: number;
  builtAt: Date;
  files: Omit<ExportFileRow, 'export_id'>[];
}

@Injectable()
export class InstitutionExportRepository {
  async insert(
    manager: EntityManager,
    x: {
      institutionId: string;
      requestedBy: string;
      periodFrom: string;
      periodTo: string;
      format: ExportRow['format'];
      expiresAt: Date;
      fhir?: { types: string[]; request: string; since?: Date };
    },
  ): Promise<ExportRow> {
    const [row]: ExportRow[] = await manager.query(
      `INSERT INTO institution_exports AS x
         (institution_id, requested_by, period_from, period_to, format, expires_at, fhir_types, fhir_request, fhir_since)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${EXPORT_COLUMNS}`,
      [
        x.institutionId,
        x.requestedBy,
        x.periodFrom,
        x.periodTo,
        x.format,
        x.expiresAt,
        x.fhir?.types ?? null,
        x.fhir?.request ?? null,
        x.fhir?.since ?? null,
      ],
    );
    return row;
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<ExportRow | undefined> {
    const rows: ExportRow[] = await manager.query(
      `SELECT ${EXPORT_COLUMNS} FROM institution_exports x WHERE x.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  /** Newest first, of the transaction's institutions (not the FHIR bulk exports). */
  list(manager: EntityManager): Promise<ExportRow[]> {
    return manager.query(
      `SELECT ${EXPORT_COLUMNS} FROM institution_exports x WHERE x.fhir_types IS NULL ORDER BY x.created_at DESC, x.id LIMIT 500`,
    );
  }

  async filesOf(manager: EntityManager, exportIds: string[]): Promise<ExportFileRow[]> {
    if (exportIds.length === 0) return [];
    return manager.query(
      `SELECT export_id, name, format, bytes::text AS bytes, rows, sha256 FROM institution_export_files
        WHERE export_id = ANY ($1::uuid[]) ORDER BY name`,
      [exportIds],
    );
  }

  async setStatus(manager: EntityManager, id: string, status: ExportStatus, failure: string | null = null): Promise<void> {
    await manager.query(`UPDATE institution_exports SET status = $2, failure = $3, updated_at = now() WHERE id = $1`, [
      id,
      status,
      failure,
    ]);
  }

  /** The build's files and counts, and status ready: in the caller's transaction. */
  async markReady(manager: EntityManager, row: ExportRow, outcome: ExportOutcome): Promise<void> {
    await manager.query(`DELETE FROM institution_export_files WHERE export_id = $1`, [row.id]);
    await manager.query(
      `INSERT INTO institution_export_files (export_id, institution_id, name, format, bytes, rows, sha256)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::bigint[], $6::integer[], $7::text[])`,
      [
        row.id,
        row.institution_id,
        outcome.files.map((f) => f.name),
        outcome.files.map((f) => f.format),
        outcome.files.map((f) => f.bytes),
        outcome.files.map((f) => f.rows),
        outcome.files.map((f) => f.sha256),
      ],
    );
    await manager.query(
      `UPDATE institution_exports SET status = 'ready', failure = NULL, episode_count = $2, response_count = $3, patient_count = $4,
              built_at = $5, updated_at = now() WHERE id = $1`,
      [row.id, outcome.episodeCount, outcome.responseCount, outcome.patientCount, outcome.builtAt],
    );
  }

  /** Exports whose time is up (any status but expired), with their institution, across institutions. */
  async dueForExpiry(manager: EntityManager, now: Date): Promise<{ id: string; institution_id: string }[]> {
    return manager.query(
      `SELECT id, institution_id FROM institution_exports WHERE status <> 'expired' AND expires_at <= $1 ORDER BY expires_at`,
      [now],
    );
  }

  async expire(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM institution_export_files WHERE export_id = $1`, [id]);
    await this.setStatus(manager, id, 'expired');
  }
}
