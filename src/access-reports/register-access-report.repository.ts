/** The tables access_reports and access_report_files: every read and write goes through here. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FormLanguage } from '../forms/messages';
import type { RegisterReportStatus } from './dto/access-report.dto';

const REPORT_COLUMNS = `id, requested_by, reason, language, status, episode_count, built_at, expires_at, failure, created_at`;

/** A report as REPORT_COLUMNS read it (never the pseudonym). */
export interface RegisterReportRow {
  id: string;
  requested_by: string;
  reason: string;
  language: FormLanguage;
  status: RegisterReportStatus;
  episode_count: number | null;
  built_at: Date | null;
  expires_at: Date | null;
  failure: string | null;
  created_at: Date;
}

export interface RegisterReportFileRow {
  report_id: string;
  name: string;
  format: 'html' | 'json';
  bytes: string;
  sha256: string;
}

@Injectable()
export class RegisterAccessReportRepository {
  async insert(manager: EntityManager, r: { requestedBy: string; reason: string; language: FormLanguage; pseudonym: string }) {
    const [row]: RegisterReportRow[] = await manager.query(
      `INSERT INTO access_reports (requested_by, reason, language, pseudonym) VALUES ($1, $2, $3, $4) RETURNING ${REPORT_COLUMNS}`,
      [r.requestedBy, r.reason, r.language, r.pseudonym],
    );
    return row;
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<RegisterReportRow | undefined> {
    const rows: RegisterReportRow[] = await manager.query(
      `SELECT ${REPORT_COLUMNS} FROM access_reports WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  list(manager: EntityManager): Promise<RegisterReportRow[]> {
    return manager.query(`SELECT ${REPORT_COLUMNS} FROM access_reports ORDER BY created_at DESC, id LIMIT 500`);
  }

  /** Starts a build: the report and whom it is about, if it is still waiting for one. */
  async startBuild(manager: EntityManager, id: string): Promise<{ pseudonym: string; language: FormLanguage } | undefined> {
    const [row]: { pseudonym: string; language: FormLanguage }[] = await manager.query(
      // a SELECT around the UPDATE, so the query answers rows (TypeORM answers an UPDATE with [rows, count])
      `WITH started AS (
         UPDATE access_reports SET status = 'building', updated_at = now()
          WHERE id = $1 AND status IN ('queued', 'building') AND pseudonym IS NOT NULL
          RETURNING pseudonym, language)
       SELECT pseudonym, language FROM started`,
      [id],
    );
    return row;
  }

  /** The files and ready, and whom it was about forgotten: one statement set in the caller's transaction. */
  async markReady(
    manager: EntityManager,
    id: string,
    outcome: { episodeCount: number; expiresAt: Date; files: Omit<RegisterReportFileRow, 'report_id'>[] },
  ): Promise<void> {
    await manager.query(`DELETE FROM access_report_files WHERE report_id = $1`, [id]);
    await manager.query(
      `INSERT INTO access_report_files (report_id, name, format, bytes, sha256)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[])`,
      [
        id,
        outcome.files.map((f) => f.name),
        outcome.files.map((f) => f.format),
        outcome.files.map((f) => f.bytes),
        outcome.files.map((f) => f.sha256),
      ],
    );
    await manager.query(
      `UPDATE access_reports SET status = 'ready', pseudonym = NULL, episode_count = $2, built_at = now(), expires_at = $3, failure = NULL,
              updated_at = now() WHERE id = $1`,
      [id, outcome.episodeCount, outcome.expiresAt],
    );
  }

  async markFailed(manager: EntityManager, id: string, failure: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH failed AS (
         UPDATE access_reports SET status = 'failed', pseudonym = NULL, failure = $2, updated_at = now()
          WHERE id = $1 AND status IN ('queued', 'building') RETURNING id)
       SELECT id FROM failed`,
      [id, failure],
    );
    return rows.length > 0;
  }

  async filesOf(manager: EntityManager, ids: string[]): Promise<RegisterReportFileRow[]> {
    if (ids.length === 0) return [];
    return manager.query(
      `SELECT report_id, name, format, bytes::text AS bytes, sha256 FROM access_report_files WHERE report_id = ANY ($1::uuid[]) ORDER BY name`,
      [ids],
    );
  }

  async dueForExpiry(manager: EntityManager, now: Date): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM access_reports WHERE status = 'ready' AND expires_at <= $1 ORDER BY expires_at`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  async markExpired(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM access_report_files WHERE report_id = $1`, [id]);
    await manager.query(`UPDATE access_reports SET status = 'expired', updated_at = now() WHERE id = $1`, [id]);
  }
}
