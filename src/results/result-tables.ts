/**
 * The tables of the results pages as data, before they are HTML or CSV: one model, so the page
 * and its CSV show exactly the same numbers (rounded once, by shownValue). A hidden figure keeps
 * only its reason; its value, CI and n never enter the model.
 */
import type { Figure, SuppressionReason } from '../indicators/figures';
import type { IndicatorResultDto } from '../indicators/dto/indicator.dto';
import type { Zone } from '../indicators/settings/indicator-targets';
import { scaleOf, shownValue, type ShownScale } from './results-format';

/** A figure as a table cell shows it: rounded to what is shown, or hidden with its reason. */
export interface ShownFigure {
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number | null;
  zone: Zone | null;
  reason: SuppressionReason | null;
  lowCoverage: boolean;
  /** A live figure (not published), labelled as such. */
  live: boolean;
  scale: ShownScale;
}

export type Cell = { text: string; href?: string } | { figure: ShownFigure } | { count: number | null };

export interface TableColumn {
  /** The CSV column name (English, machine-readable); a figure column gives several (value, ci_low, ...). */
  key: string;
  label: string;
  kind: 'text' | 'figure' | 'count';
}

export interface TableRow {
  cells: Cell[];
  /** Coverage below the warning level: the row is greyed out, with a note under the table. */
  muted?: boolean;
}

export interface ResultTable {
  id: string;
  caption: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Said under the table (e.g. what grey rows mean). */
  note?: string;
}

type FigureLike = Pick<Figure, 'n' | 'value' | 'suppressed' | 'suppressionReason' | 'ciLow' | 'ciHigh' | 'zone' | 'lowCoverage'>;

/** A figure as shown, in the unit's scale; a hidden one with its reason only. */
export function shownFigure(
  figure: FigureLike | undefined,
  unit: string,
  options: { live?: boolean; lowCoverage?: boolean } = {},
): ShownFigure {
  const scale = scaleOf(unit);
  const live = options.live ?? false;
  const lowCoverage = Boolean(options.lowCoverage ?? figure?.lowCoverage);
  // A scope without episodes shows as hidden, like one whose few episodes are (issue 22): "none" is never told from "a few".
  if (!figure || figure.suppressed || figure.n === 0) {
    return {
      value: null,
      ciLow: null,
      ciHigh: null,
      n: null,
      zone: null,
      reason: figure?.suppressed ? (figure.suppressionReason ?? 'small_n') : 'small_n',
      lowCoverage,
      live,
      scale,
    };
  }
  return {
    value: shownValue(figure.value, scale),
    ciLow: shownValue(figure.ciLow, scale),
    ciHigh: shownValue(figure.ciHigh, scale),
    n: figure.n,
    zone: figure.zone ?? null,
    reason: null,
    lowCoverage,
    live,
    scale,
  };
}

/** The parts an indicator page offers (instruments, PCHC classes, key variables); empty for a single figure. */
export function partsOf(result: Pick<IndicatorResultDto, 'parts' | 'shares' | 'kind'>): string[] {
  if (result.parts?.length) return result.parts.map((p) => p.part);
  if (result.kind === 'shares') return ['better', 'worse', 'mixed', 'unchanged'];
  return [];
}

/** The figure of an indicator a table or chart shows: the whole, a part, or a PCHC class (hidden with its indicator). */
export function figureOf(result: IndicatorResultDto, part?: string): FigureLike {
  if (part && result.parts?.length) {
    const found = result.parts.find((p) => p.part === part);
    if (!found) return { n: null, value: null, suppressed: true, suppressionReason: 'small_n' };
    return { ...found, suppressionReason: found.suppressionReason as SuppressionReason | null, zone: (found.zone ?? null) as Zone | null };
  }
  if (result.kind === 'shares') {
    const share = result.shares?.[(part ?? 'better') as 'better'];
    return {
      n: result.n,
      value: result.suppressed ? null : (share?.proportion ?? null),
      ciLow: share?.ciLow ?? null,
      ciHigh: share?.ciHigh ?? null,
      suppressed: result.suppressed,
      suppressionReason: result.suppressionReason as SuppressionReason | null,
      zone: null,
    };
  }
  return {
    n: result.n,
    value: result.value,
    ciLow: result.ciLow,
    ciHigh: result.ciHigh,
    suppressed: result.suppressed,
    suppressionReason: result.suppressionReason as SuppressionReason | null,
    zone: (result.zone ?? null) as Zone | null,
    lowCoverage: result.lowCoverage,
  };
}

/** The unit a part is shown in: the parts of completeness are shares, whatever the indicator's unit. */
export function unitOf(result: Pick<IndicatorResultDto, 'unit' | 'kind'>): string {
  return result.kind === 'shares' ? 'share' : result.unit;
}

/** CSV columns of a table: a figure column gives its value, CI, n, zone and the reason it is hidden. */
export function csvHeader(table: ResultTable): string[] {
  return table.columns.flatMap((c) =>
    c.kind === 'figure'
      ? [c.key, `${c.key}_ci_low`, `${c.key}_ci_high`, `${c.key}_n`, `${c.key}_zone`, `${c.key}_suppressed_reason`]
      : [c.key],
  );
}

function csvCells(cell: Cell): (string | number | null)[] {
  if ('figure' in cell) {
    const f = cell.figure;
    return [f.value, f.ciLow, f.ciHigh, f.n, f.zone, f.reason];
  }
  if ('count' in cell) return [cell.count];
  return [cell.text];
}

/** The table as CSV (RFC 4180, comma, dot decimals): exactly its numbers; hidden cells empty with their reason. */
export function tableCsv(table: ResultTable): string {
  const lines = [csvHeader(table), ...table.rows.map((row) => row.cells.flatMap(csvCells))];
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading =, +, - or @ would be a formula in a spreadsheet; names are text.
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
