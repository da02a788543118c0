/**
 * The build query of an extract: which episodes (the scope: period of admission, filters, never a
 * withdrawn patient) and which columns (the approved variables of the catalogue). The project codes
 * (patient, institution, episode number) are computed in the query itself from the project key, so
 * PostgreSQL can write the CSV with `COPY … TO STDOUT` and no register pseudonym or register
 * institution id ever leaves the database for an extract.
 */
import { createHash } from 'node:crypto';
import type { ClientBase, PoolClient, QueryConfig, QueryResultRow } from 'pg';
import type { ColumnType } from './extract-files';
import type { ExtractFilters } from './extract-request.repository';
import type { ExtractVariable } from './extract-variables';

/** A statement of a build, over the whole scope: typed rows, and a time limit of its own. */
export type LongQuery = <R extends QueryResultRow>(text: string, values?: unknown[], options?: { rowMode?: 'array' }) => Promise<R[]>;

/**
 * Statements on the build's transaction (its pg client) without a request's time limits: the sort
 * before the first row and the inclusion list read every episode of the scope. The server-side
 * limit is set for the transaction; the client's own limit (node-postgres query_timeout) per query.
 */
export async function longQueries(client: ClientBase | PoolClient, timeoutMs: number): Promise<LongQuery> {
  await client.query(`SELECT set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $1, true)`, [
    String(timeoutMs),
  ]);
  return async <R extends QueryResultRow>(text: string, values: unknown[] = [], options: { rowMode?: 'array' } = {}) => {
    const config: QueryConfig & { query_timeout: number } = { text, values, query_timeout: timeoutMs + 5000, ...options };
    return (await client.query<R>(config)).rows;
  };
}

export interface ExtractScope {
  /** FROM clause with the aliases the variables' SQL uses. */
  from: string;
  /** Episodes in the extract. */
  where: string;
  /** Episodes that would be in it but for a withdrawal. */
  withdrawnWhere: string;
  values: unknown[];
}

/** The current (not superseded) response of an instrument at a timepoint. */
function currentResponse(alias: string, timepoint: string, instrument: string): string {
  return `LEFT JOIN responses ${alias} ON ${alias}.episode_id = e.id AND ${alias}.timepoint = '${timepoint}'
     AND ${alias}.instrument = '${instrument}' AND ${alias}.superseded_at IS NULL`;
}

export function extractScope(periodFrom: string, periodTo: string, filters: ExtractFilters): ExtractScope {
  const values: unknown[] = [periodFrom, periodTo];
  const conditions = ['e.admission_date BETWEEN $1 AND $2'];
  const optional: [string[] | undefined, string, 'uuid' | 'text'][] = [
    [filters.institutionIds, 'e.institution_id', 'uuid'],
    [filters.programmes, 'e.programme', 'text'],
    [filters.regions, 'i.region', 'text'],
    [filters.serviceLevels, 'e.service_level', 'text'],
  ];
  for (const [list, column, type] of optional) {
    if (!list?.length) continue;
    values.push(list);
    conditions.push(`${column} = ANY ($${values.length}::${type}[])`);
  }
  const scoped = conditions.join(' AND ');
  return {
    from: `FROM episodes e JOIN institutions i ON i.id = e.institution_id`,
    where: `${scoped} AND e.withdrawn_at IS NULL`,
    withdrawnWhere: `${scoped} AND e.withdrawn_at IS NOT NULL`,
    values,
  };
}

/** HMAC's block size for SHA-256 (RFC 2104): a key is padded (or first hashed) to it. */
const HMAC_BLOCK_BYTES = 64;

/** The settings the build query reads the project key from. */
export const PROJECT_KEY_SETTINGS = ['rehabreg.project_inner_pad', 'rehabreg.project_outer_pad', 'rehabreg.project_key'] as const;

/**
 * The project key as the settings the build query reads: the key's HMAC-SHA256 inner and outer
 * pads, and the key itself as hex for the row order.
 */
export function projectKeySettings(projectKey: Buffer): Record<(typeof PROJECT_KEY_SETTINGS)[number], string> {
  const key = projectKey.length > HMAC_BLOCK_BYTES ? createHash('sha256').update(projectKey).digest() : projectKey;
  const block = Buffer.concat([key, Buffer.alloc(HMAC_BLOCK_BYTES - key.length)]);
  const pad = (byte: number) => Buffer.from(block.map((b) => b ^ byte)).toString('hex');
  return {
    'rehabreg.project_inner_pad': pad(0x36),
    'rehabreg.project_outer_pad': pad(0x5c),
    'rehabreg.project_key': projectKey.toString('hex'),
  };
}

/**
 * Gives the build's (reader) transaction the project key, as transaction-local settings that the
 * build query reads: never as text of a statement, which pg_stat_activity and logs show.
 */
export async function useProjectKey(long: LongQuery, projectKey: Buffer): Promise<void> {
  const settings = Object.entries(projectKeySettings(projectKey));
  await long(`SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`, settings.flat());
}

/** The project key's settings, once per query (`p`). */
const PROJECT_KEY_CTE = `WITH project AS MATERIALIZED (
    SELECT decode(current_setting('rehabreg.project_inner_pad'), 'hex') AS inner_pad,
           decode(current_setting('rehabreg.project_outer_pad'), 'hex') AS outer_pad,
           current_setting('rehabreg.project_key') AS key)`;

/** HMAC-SHA256(project key, message) as hex, by RFC 2104 from the pads: what createHmac('sha256', key) gives. */
export function projectHmacSql(message: string): string {
  return `encode(sha256(p.outer_pad || sha256(p.inner_pad || convert_to(${message}, 'UTF8'))), 'hex')`;
}

/** A random order of the episodes that stays the same for the project key (a rebuild numbers them alike). */
const ROW_ORDER = 'md5(p.key || e.id::text)';

/** The SQL of each variable made with the project key (the manifest says how). */
const PROJECT_CODE_SQL: Record<'patient' | 'institution' | 'episode', string> = {
  patient: `left(${projectHmacSql(`'patient:' || e.pseudonym`)}, 32)`,
  institution: `'I' || left(${projectHmacSql(`'institution:' || e.institution_id::text`)}, 10)`,
  // 1..n in the file's order
  episode: `(row_number() OVER (ORDER BY ${ROW_ORDER}))::integer`,
};

/**
 * How a query's columns come out: `typed` as their types (a cursor, for Parquet: a date as its day
 * number since 1970-01-01, a timestamp as milliseconds since 1970, Parquet's DATE and TIMESTAMP),
 * `csv` as the text of a CSV file by COPY (booleans spelt true/false, as the codebook says, rather
 * than t/f; dates YYYY-MM-DD; timestamps ISO 8601 in UTC, to the millisecond).
 */
export type RowsFor = 'typed' | 'csv';

export function columnSql(column: { type: ColumnType; source: ExtractVariable['source'] }, rowsFor: RowsFor): string {
  const sql = 'sql' in column.source ? column.source.sql : PROJECT_CODE_SQL[column.source.derived];
  switch (column.type) {
    case 'boolean':
      return rowsFor === 'csv' ? `(${sql})::text` : sql;
    case 'date':
      return rowsFor === 'csv' ? `to_char(${sql}, 'YYYY-MM-DD')` : `(${sql} - DATE '1970-01-01')`;
    case 'timestamp':
      // floor: the milliseconds to_char writes (MS truncates)
      return rowsFor === 'csv'
        ? `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
        : `floor(extract(epoch FROM ${sql}) * 1000)::bigint`;
    default:
      return sql;
  }
}

/**
 * The rows of the extract: one column per chosen variable, in the given order, the project codes
 * made from the settings of useProjectKey; in a random order that stays the same for the project key.
 */
export function extractRowsSql(scope: ExtractScope, variables: ExtractVariable[], rowsFor: RowsFor): string {
  const columns = variables.map((v) => `${columnSql(v, rowsFor)} AS ${v.name}`);
  return `${PROJECT_KEY_CTE}
  SELECT ${columns.join(',\n    ')}
    ${scope.from}
    CROSS JOIN project p
    ${currentResponse('ea', 'admission', 'eq5d-5l')}
    ${currentResponse('ed', 'discharge', 'eq5d-5l')}
    ${currentResponse('ba', 'admission', 'barthel')}
    ${currentResponse('bd', 'discharge', 'barthel')}
    ${currentResponse('ma', 'admission', 'mrs')}
    ${currentResponse('md', 'discharge', 'mrs')}
   WHERE ${scope.where}
   ORDER BY ${ROW_ORDER}`;
}

/**
 * `COPY (query) TO STDOUT` as CSV with a header row, for a query with parameters: COPY binds none,
 * so each `$n` becomes the literal of its value (text, or an array of text), escaped by the driver.
 * Only for a scope's values (dates, filter lists); the project key goes by useProjectKey.
 */
export function copyCsvStatement(client: ClientBase, sql: string, values: readonly unknown[]): string {
  const literal = (value: unknown): string =>
    Array.isArray(value) ? `ARRAY[${value.map(literal).join(', ')}]` : client.escapeLiteral(String(value));
  const inlined = sql.replace(/\$(\d+)\b/g, (_match, n: string) => {
    const index = Number(n) - 1;
    if (index >= values.length) throw new Error(`copyCsvStatement: no value for $${n}`);
    return literal(values[index]);
  });
  return `COPY (${inlined}) TO STDOUT WITH (FORMAT csv, HEADER)`;
}
