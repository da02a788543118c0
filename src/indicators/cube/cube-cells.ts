/**
 * What one cell of an indicator cube holds (see migrations/1764000000010-Indicators.ts): counts
 * and sums over the closed episodes of one institution × programme × setting × service level ×
 * age band × sex. Every figure is a sum over cells, so any scope and filter is a sum too.
 */
import type { IndicatorId } from '../indicator-definitions';
import type { CaseMixCell } from '../statistics/case-mix-moments';
import type { AgeBand, ProgrammeGroup, Setting, Sex } from '../statistics/case-mix';

/** The additive columns of indicator_cube_cells, in table order. */
export const CELL_MEASURES = [
  'episodes',
  'eq5d_admission',
  'eq5d_discharge',
  'vas_admission',
  'vas_discharge',
  'barthel_admission',
  'barthel_discharge',
  'eq5d_paired',
  'barthel_paired',
  'index_n',
  'index_sum',
  'index_sum2',
  'index_base_sum',
  'index_base_sum2',
  'index_base_cross',
  'index_improved',
  'vas_n',
  'vas_sum',
  'vas_sum2',
  'pchc_better',
  'pchc_worse',
  'pchc_mixed',
  'pchc_unchanged',
  'barthel_n',
  'barthel_sum',
  'barthel_sum2',
  'barthel_improved',
  'barthel_independent',
  'destination_n',
  'home_n',
  'referral_n',
] as const;

export type CellMeasure = (typeof CELL_MEASURES)[number];

/**
 * The parts a cube can be built of (migrations/1764000000070-IndicatorCubeParts.ts), sorted as a
 * cube's settings name them: the Barthel answers, the EQ-5D answers with their index values, EQ
 * VAS with the Paretian classification, and the stay (destination, referral, lengths of stay and
 * waiting times). Every cube counts its episodes.
 */
export const CUBE_PARTS = ['barthel', 'eq5d_index', 'eq5d_profile', 'stay'] as const;
export type CubePart = (typeof CUBE_PARTS)[number];

/** The parts each indicator's figures rest on; a request for some indicators builds a cube of only these. */
const INDICATOR_CUBE_PARTS: Readonly<Record<IndicatorId, readonly CubePart[]>> = {
  'completeness.admission': ['barthel', 'eq5d_index'],
  'completeness.paired': ['barthel', 'eq5d_index'],
  'eq5d.index_change': ['eq5d_index'],
  'eq5d.index_change_adjusted': ['eq5d_index'],
  'eq5d.vas_change': ['eq5d_profile'],
  'eq5d.pchc': ['eq5d_index', 'eq5d_profile'], // the classes, and the paired episodes they are shares of
  'eq5d.improved': ['eq5d_index'],
  'barthel.change': ['barthel'],
  'barthel.improved': ['barthel'],
  'barthel.independent': ['barthel'],
  'outcome.home': ['stay'],
  'los.median': ['stay'],
  'wait.median': ['stay'],
  'completeness.participation': [],
  'completeness.coverage': [],
  'completeness.variables': ['barthel', 'eq5d_index', 'eq5d_profile', 'stay'],
};

/** The parts a cube needs for these indicators, in CUBE_PARTS order. */
export function cubePartsFor(ids: readonly IndicatorId[]): CubePart[] {
  const needed = new Set(ids.flatMap((id) => INDICATOR_CUBE_PARTS[id]));
  return CUBE_PARTS.filter((part) => needed.has(part));
}
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

export interface CubeCell extends Sums {
  institutionId?: string;
  programme?: string;
  setting?: string;
  serviceLevel?: string;
  ageBand?: string;
  sex?: string;
}

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
    ageBand: cell.ageBand as AgeBand,
    sex: cell.sex as Sex,
    programmeGroup: cell.programme as ProgrammeGroup,
    setting: cell.setting as Setting,
    n: cell.index_n,
    sumBaseline: cell.index_base_sum,
    sumBaseline2: cell.index_base_sum2,
    sumY: cell.index_sum,
    sumBaselineY: cell.index_base_cross,
    sumY2: cell.index_sum2,
  };
}
