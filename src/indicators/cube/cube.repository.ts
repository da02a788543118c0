/**
 * The indicator SQL: asks PostgreSQL for a fresh cube (built by the SECURITY DEFINER functions
 * in sql/, which alone read person-level rows) and sums its cells for a
 * scope, filters and grouping. Results are aggregate rows only.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CELL_KEYS, CELL_MEASURES, HISTOGRAM_COLUMNS, type CellKey, type CubeCell, type DaysRow } from './cube-cells';
import type { CubeSettings } from './cube-freshness';
import type { Filters } from '../indicator-query';
import { SqlConditions } from '../../common/sql-conditions';

export interface CubeRef {
  cubeId: string;
  builtAt: string;
  rebuilt: boolean;
}

/** Which cells to sum: a region or institutions, and the request's filters. */
export interface CellSelection extends Filters {
  region?: string;
  institutionIds?: string[];
}

/** A row of indicator_live_cube(). */
interface LiveCubeRow {
  cube_id: string;
  built_at: Date;
  rebuilt: boolean;
}

const SUMS = CELL_MEASURES.map((m) => `sum(c.${m})::float8 AS ${m}`).join(', ');

@Injectable()
export class IndicatorCubeRepository {
  /**
   * The live cube of a period, national (institutionId null) or of one institution. `maxAgeSeconds`
   * lets a caller accept a cube younger than that even if data changed since (0: always exact).
   */
  async liveCube(
    manager: EntityManager,
    period: { key: string; from: string; to: string },
    institutionId: string | null,
    settings: CubeSettings,
    maxAgeSeconds = 0,
  ): Promise<CubeRef> {
    const [row] = await manager.query<LiveCubeRow[]>(
      `SELECT cube_id, built_at, rebuilt FROM indicator_live_cube($1, $2, $3, $4, $5::jsonb, $6)`,
      [period.key, period.from, period.to, institutionId, JSON.stringify(settings), maxAgeSeconds],
    );
    return { cubeId: row.cube_id, builtAt: new Date(row.built_at).toISOString(), rebuilt: row.rebuilt };
  }

  /** A frozen copy of a cube, for a publication; returns the copy's id. */
  async freeze(manager: EntityManager, cubeId: string): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(`SELECT indicator_freeze_cube($1) AS id`, [cubeId]);
    return row.id;
  }

  /** Sums of the selected cells, one row per combination of `groupBy` keys. */
  async cells(manager: EntityManager, cubeId: string, selection: CellSelection, groupBy: readonly CellKey[]): Promise<CubeCell[]> {
    const { where, values } = conditions(cubeId, selection);
    const keys = groupBy.map((k) => `c.${CELL_KEYS[k]} AS "${k}"`);
    const group = groupBy.length ? `GROUP BY ${groupBy.map((k) => `c.${CELL_KEYS[k]}`).join(', ')}` : '';
    return manager.query<CubeCell[]>(
      `SELECT ${[...keys, SUMS].join(', ')} FROM indicator_cube_cells c ${joinInstitutions(selection)} WHERE ${where} ${group} HAVING count(*) > 0`,
      values,
    );
  }

  /** Length-of-stay and waiting-time histograms (days → episodes) of the selected cells, by `groupBy` keys. */
  async days(manager: EntityManager, cubeId: string, selection: CellSelection, groupBy: readonly CellKey[] = []): Promise<DaysRow[]> {
    const { where, values } = conditions(cubeId, selection);
    const keys = groupBy.map((k) => `c.${CELL_KEYS[k]} AS "${k}"`);
    const group = [...groupBy.map((k) => `c.${CELL_KEYS[k]}`), 'd'].join(', ');
    const histogram = (measure: 'los' | 'wait', column: string) =>
      `SELECT ${[...keys, `'${measure}' AS measure`, 'd AS days', 'count(*)::float8 AS count'].join(', ')}
         FROM indicator_cube_cells c ${joinInstitutions(selection)} CROSS JOIN LATERAL unnest(c.${column}) AS d
        WHERE ${where} GROUP BY ${group}`;
    return manager.query<DaysRow[]>(
      `${histogram('los', HISTOGRAM_COLUMNS.los)} UNION ALL ${histogram('wait', HISTOGRAM_COLUMNS.wait)}`,
      values,
    );
  }

  /** Closed episodes per institution in a cube (all of them, whatever the filters): for participation and coverage. */
  async registered(manager: EntityManager, cubeId: string): Promise<Map<string, number>> {
    const rows = await manager.query<{ institution_id: string; episodes: number }[]>(
      `SELECT institution_id, sum(episodes)::float8 AS episodes FROM indicator_cube_cells WHERE cube_id = $1 GROUP BY institution_id`,
      [cubeId],
    );
    return new Map(rows.map((r) => [r.institution_id, r.episodes]));
  }
}

function conditions(cubeId: string, selection: CellSelection): { where: string; values: unknown[] } {
  const where = new SqlConditions([cubeId]).add('c.cube_id = $1');
  if (selection.region) where.add('i.region = ?', selection.region);
  if (selection.institutionIds) where.add('c.institution_id = ANY (?::uuid[])', selection.institutionIds);
  if (selection.programme) where.add('c.programme = ?', selection.programme);
  if (selection.setting) where.add('c.setting = ?', selection.setting);
  if (selection.serviceLevel) where.add('c.service_level = ?', selection.serviceLevel);
  return { where: where.sql, values: where.values };
}

function joinInstitutions(selection: CellSelection): string {
  return selection.region ? 'JOIN institutions i ON i.id = c.institution_id' : '';
}
