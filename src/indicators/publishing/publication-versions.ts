/**
 * Publications of a period: version 1 as first published, one more per correction. Readers get
 * the newest unless they ask for a version, and every published figure says which version it is.
 */
import type { PublicationDto } from '../dto/indicator.dto';

export interface PublicationRow {
  id: string;
  period: string;
  version: number;
  published_at: Date;
  correction_reason: string | null;
  latest_version: number;
}

/**
 * The snapshots of period $1 with the newest version beside each; `which` picks one: the version
 * in parameter $2, or the newest when $2 is null. Meant as a CTE: `WITH s AS (${publicationsOf(...)})`.
 */
export function publicationsOf(which: 'all' | 'requested'): string {
  const all = `SELECT id, period, version, published_at, correction_reason, max(version) OVER (PARTITION BY period) AS latest_version
                 FROM indicator_snapshots WHERE $1::text IS NULL OR period = $1`;
  return which === 'all' ? all : `SELECT * FROM (${all}) p WHERE version = coalesce($2::int, latest_version)`;
}

export function publicationDto(row: PublicationRow): PublicationDto {
  return {
    period: row.period,
    version: row.version,
    publishedAt: new Date(row.published_at).toISOString(),
    correctionReason: row.correction_reason,
    latestVersion: row.latest_version,
  };
}
