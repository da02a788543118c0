/**
 * Bulk inserts as `INSERT … SELECT … FROM unnest($1::type[], …)`: one array parameter per column.
 * A table's column list (names and PostgreSQL types) is declared once, by its repository; every
 * writer of the table (service, demo generator, benchmarks) builds its statement from that list.
 */
export type BulkColumns = readonly (readonly [name: string, type: string])[];

/** `a, b, c`, or `x.a, x.b, x.c` with an alias. */
export function columnNames(columns: BulkColumns, alias?: string): string {
  return columns.map(([name]) => (alias ? `${alias}.${name}` : name)).join(', ');
}

/** `unnest($first::type[], …) AS alias(a, b, …)`. */
export function unnestColumns(columns: BulkColumns, first: number, alias: string): string {
  const parameters = columns.map(([, type], i) => `$${first + i}::${type}[]`).join(', ');
  return `unnest(${parameters}) AS ${alias}(${columnNames(columns)})`;
}

/** The rows as one array per column, in the list's order: the parameters of unnestColumns. */
export function columnArrays<Row extends Record<string, unknown>>(columns: BulkColumns, rows: readonly Row[]): unknown[][] {
  return columns.map(([name]) => rows.map((row) => row[name]));
}
