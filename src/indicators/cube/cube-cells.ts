/**
 * What one cell of an indicator cube holds (filled by sql/indicator_fill_cube.sql): counts
 * and sums over the closed episodes of one institution × programme × setting × service level ×
 * age band × sex. Every figure is a sum over cells, so any scope and filter is a sum too.
 */
import { INDICATOR_SPECS, type CellMeasure, type IndicatorId } from '../indicator-specs';
import type { CaseMixCell } from '../statistics/case-mix-moments';
import type { AgeBand, ProgrammeGroup, Setting, Sex } from '../statistics/case-mix';

/**
 * The additive columns of indicator_cube_cells: the episodes, and every measure an indicator
 * rests on, in the order the specs name them. The cube's SQL sums each of them (a test compares
 * the table's columns with this list and the histograms').
 */
export const CELL_MEASURES: readonly CellMeasure[] = [
  ...new Set<CellMeasure>(['episodes', ...INDICATOR_SPECS.flatMap((spec) => Object.values(spec.measures).flat())]),
];

/**
 * The parts a cube can be built of (sql/indicator_fill_cube.sql), sorted as a
 * cube's settings name them: the Barthel answers, the episode's register content (rehabilitation
 * level, professions, individual plan, coordinator, municipality notified), the EQ-5D answers with
 * their index values, EQ VAS with the Paretian classification, the mRS answers of stroke episodes,
 * and the stay (destination, referral, lengths of stay and waiting times). Every cube counts its episodes.
 */
export const CUBE_PARTS = ['barthel', 'content', 'eq5d_index', 'eq5d_profile', 'mrs', 'stay'] as const;
export type CubePart = (typeof CUBE_PARTS)[number];

/** The days histograms of a cell (columns of integer[]), summed by the 'stay' part. */
export const HISTOGRAM_COLUMNS = { los: 'los_days', wait: 'wait_days' } as const;
const HISTOGRAM_PART: CubePart = 'stay';

/** The parts a cube needs for these indicators, in CUBE_PARTS order. */
export function cubePartsFor(ids: readonly IndicatorId[]): CubePart[] {
  const specs = INDICATOR_SPECS.filter((spec) => ids.includes(spec.id));
  return CUBE_PARTS.filter((part) =>
    specs.some((spec) => (spec.measures[part]?.length ?? 0) > 0 || (part === HISTOGRAM_PART && spec.histogram)),
  );
}

export type { CellMeasure };
export type Sums = Record<CellMeasure, number>;

/** The columns a cube can be grouped by. */
export const CELL_KEYS = {
  institutionId: 'institution_id',
  programme: 'programme',
  setting: 'setting',
  serviceLevel: 'service_level',
  ageBand: 'age_band',
  sex: 'sex',
} as const;
export type CellKey = keyof typeof CELL_KEYS;

/** The keys a case-mix residual needs; a cell grouped by fewer cannot be adjusted. */
export const CASE_MIX_KEYS: readonly CellKey[] = ['ageBand', 'sex', 'programme', 'setting'];

/** A row of summed cells (IndicatorCubeRepository.cells), with the keys it is grouped by. */
export interface CubeCell extends Sums {
  institutionId?: string;
  programme?: ProgrammeGroup;
  setting?: Setting;
  serviceLevel?: string;
  ageBand?: AgeBand;
  sex?: Sex;
}

/** A row of a days histogram (IndicatorCubeRepository.days). */
export interface DaysRow {
  institutionId?: string;
  programme?: string;
  setting?: string;
  serviceLevel?: string;
  measure: 'los' | 'wait';
  days: number;
  count: number;
}

export function emptySums(): Sums {
  return Object.fromEntries(CELL_MEASURES.map((m) => [m, 0])) as Sums;
}

export function addSums(into: Sums, cell: Sums): Sums {
  for (const m of CELL_MEASURES) into[m] += cell[m];
  return into;
}

export function sumCells(cells: Iterable<Sums>): Sums {
  const total = emptySums();
  for (const cell of cells) addSums(total, cell);
  return total;
}

/** The case-mix view of a cell: the admission index is the baseline, the index change the outcome. */
export function caseMixCell(cell: CubeCell): CaseMixCell {
  if (!cell.ageBand || !cell.sex || !cell.programme || !cell.setting)
    throw new Error('a case-mix cell needs age band, sex, programme and setting');
  return {
    ageBand: cell.ageBand,
    sex: cell.sex,
    programmeGroup: cell.programme,
    setting: cell.setting,
    n: cell.index_n,
    sumBaseline: cell.index_base_sum,
    sumBaseline2: cell.index_base_sum2,
    sumY: cell.index_sum,
    sumBaselineY: cell.index_base_cross,
    sumY2: cell.index_sum2,
  };
}
