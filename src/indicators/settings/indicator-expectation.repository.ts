/**
 * The one place that reads and writes indicator_expectations: which institutions are expected to
 * report in a period, and how many episodes each (the denominators of participation and coverage).
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ExpectationRow {
  institution_id: string;
  expected_episodes: number | null;
}

export interface ExpectationWithInstitutionRow extends ExpectationRow {
  name: string;
  region: string;
}

/** Changes whenever the period's list does: part of what a cached live report depends on. */
export interface ExpectationsVersion {
  n: number;
  at: string;
}

@Injectable()
export class IndicatorExpectationRepository {
  async replace(m: EntityManager, period: string, expectations: readonly { institutionId: string; expectedEpisodes: number | null }[]) {
    await m.query(`DELETE FROM indicator_expectations WHERE period = $1`, [period]);
    await m.query(
      `INSERT INTO indicator_expectations (period, institution_id, expected_episodes) SELECT $1, * FROM unnest($2::uuid[], $3::int[])`,
      [period, expectations.map((e) => e.institutionId), expectations.map((e) => e.expectedEpisodes)],
    );
  }

  async ofPeriod(m: EntityManager, period: string): Promise<ExpectationRow[]> {
    return m.query<ExpectationRow[]>(`SELECT institution_id, expected_episodes FROM indicator_expectations WHERE period = $1`, [period]);
  }

  /** With each institution's name and region, by name. */
  async ofPeriodWithInstitutions(m: EntityManager, period: string): Promise<ExpectationWithInstitutionRow[]> {
    return m.query<ExpectationWithInstitutionRow[]>(
      `SELECT x.institution_id, i.name, i.region, x.expected_episodes FROM indicator_expectations x JOIN institutions i ON i.id = x.institution_id
        WHERE x.period = $1 ORDER BY i.name, i.id`,
      [period],
    );
  }

  async version(m: EntityManager, period: string): Promise<ExpectationsVersion> {
    const [row] = await m.query<ExpectationsVersion[]>(
      `SELECT count(*)::int AS n, coalesce(max(updated_at)::text, '') AS at FROM indicator_expectations WHERE period = $1`,
      [period],
    );
    return row;
  }
}
