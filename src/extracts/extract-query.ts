/**
 * The build query of an extract: which episodes (the scope: period of admission, filters, never a
 * withdrawn patient) and which columns (the approved variables of the catalogue). The register
 * pseudonym and institution id are selected only to be replaced by project codes in the service;
 * they are never written to a file.
 */
import type { PoolClient, QueryConfig, QueryResultRow } from 'pg';
import type { ExtractFilters } from './extract-request.repository';
import type { ExtractVariable } from './extract-variables';

/** A statement of a build, over the whole scope: typed rows, and a time limit of its own. */
export type LongQuery = <R extends QueryResultRow>(text: string, values?: unknown[], options?: { rowMode?: 'array' }) => Promise<R[]>;

/**
 * Statements on the build's transaction (its pg client) without a request's time limits: the sort
 * before the first row and the inclusion list read every episode of the scope. The server-side
 * limit is set for the transaction; the client's own limit (node-postgres query_timeout) per query.
 */
export async function longQueries(client: PoolClient, timeoutMs: number): Promise<LongQuery> {
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
  const optional: [string[] | undefined, string][] = [
    [filters.programmes, 'e.programme'],
    [filters.regions, 'i.region'],
    [filters.serviceLevels, 'e.service_level'],
  ];
  for (const [list, column] of optional) {
    if (!list?.length) continue;
    values.push(list);
    conditions.push(`${column} = ANY ($${values.length}::text[])`);
  }
  const scoped = conditions.join(' AND ');
  return {
    from: `FROM episodes e JOIN institutions i ON i.id = e.institution_id`,
    where: `${scoped} AND e.withdrawn_at IS NULL`,
    withdrawnWhere: `${scoped} AND e.withdrawn_at IS NOT NULL`,
    values,
  };
}

/**
 * The rows of the extract: `_pseudonym` and `_institution` for the project codes (first and second:
 * the builder reads rows as arrays), then one column per chosen SQL variable, in a random order that stays the same for the project key (`$n`, hex).
 */
export function extractRowsSql(scope: ExtractScope, variables: ExtractVariable[], keyParam: number): string {
  const columns = variables.flatMap((v) => ('sql' in v.source ? [`${v.source.sql} AS ${v.name}`] : []));
  return `SELECT e.pseudonym AS _pseudonym, e.institution_id::text AS _institution${columns.map((c) => `,\n  ${c}`).join('')}
    ${scope.from}
    ${currentResponse('ea', 'admission', 'eq5d-5l')}
    ${currentResponse('ed', 'discharge', 'eq5d-5l')}
    ${currentResponse('ba', 'admission', 'barthel')}
    ${currentResponse('bd', 'discharge', 'barthel')}
    ${currentResponse('ma', 'admission', 'mrs')}
    ${currentResponse('md', 'discharge', 'mrs')}
   WHERE ${scope.where}
   ORDER BY md5($${keyParam} || e.id::text)`;
}
