/**
 * Rows in PostgreSQL's COPY text format (tab-separated, \N for NULL, backslash escapes), for bulk
 * loads through `COPY … FROM STDIN` (pg-copy-streams): the demo generator and the ingestion benchmark.
 */
import type { BulkColumns } from './bulk-columns';

/** One COPY text line (without its newline) of `values` in the order of `columns`. */
export function copyLine(columns: BulkColumns, values: Record<string, unknown>): string {
  return columns.map(([name]) => copyField(values[name])).join('\t');
}

/** One field: \N for NULL or undefined, else the text with backslash, tab, newline and carriage return escaped. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
