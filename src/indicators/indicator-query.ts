/** Periods, scopes and breakdowns as the API spells them, parsed into what the SQL needs. */
import { REGIONS, type Region } from '../institutions/institution.entity';
import { NotFoundProblem } from '../common/problem';
import { INDICATOR_IDS, type IndicatorId } from './indicator-specs';

export const PERIOD_PATTERN = /^(\d{4})(?:-Q([1-4]))?$/;
export const SCOPE_PATTERN = new RegExp(
  `^(national|region:(${REGIONS.join('|')})|institution:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$`,
);

export interface Period {
  /** As given: `2026` or `2026-Q1`. */
  key: string;
  /** First and last discharge date of the period, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
}

/**
 * The last 12 complete months as a live period (issue 22), keyed by the month it ends with:
 * `12m-2026-10` is November 2025 to October 2026. Never published, and not a period of the API's.
 */
export const TWELVE_MONTHS_PATTERN = /^12m-(\d{4})-(0[1-9]|1[0-2])$/;

/** The 12 complete months before `today` (UTC date). */
export function lastTwelveMonths(today: Date): Period {
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  return parsePeriod(`12m-${end.getUTCFullYear()}-${pad(end.getUTCMonth() + 1)}`);
}

export function parsePeriod(key: string): Period {
  const twelve = TWELVE_MONTHS_PATTERN.exec(key);
  if (twelve) {
    const [year, month] = [Number(twelve[1]), Number(twelve[2])];
    const first = new Date(Date.UTC(year, month - 12, 1));
    const last = new Date(Date.UTC(year, month, 0));
    return { key, from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
  }
  const match = PERIOD_PATTERN.exec(key);
  if (!match) throw new RangeError(`not a period: ${key}`);
  const year = match[1];
  if (!match[2]) return { key, from: `${year}-01-01`, to: `${year}-12-31` };
  const quarter = Number(match[2]);
  const firstMonth = (quarter - 1) * 3 + 1;
  const lastDay = new Date(Date.UTC(Number(year), firstMonth + 2, 0)).getUTCDate();
  return { key, from: `${year}-${pad(firstMonth)}-01`, to: `${year}-${pad(firstMonth + 2)}-${pad(lastDay)}` };
}

export type Scope = { kind: 'national' } | { kind: 'region'; region: Region } | { kind: 'institution'; institutionId: string };

/**
 * The scope a request names. A malformed scope names nothing that exists, so it is 404 like an
 * unknown institution (issue 19: only those two are 404; a scope without data answers 200).
 */
export function requestedScope(text: string): Scope {
  if (!SCOPE_PATTERN.test(text)) throw new NotFoundProblem(`The scope "${text}" (national, region:<region> or institution:<id>)`);
  return parseScope(text);
}

export function parseScope(text: string): Scope {
  if (!SCOPE_PATTERN.test(text)) throw new RangeError(`not a scope: ${text}`);
  if (text === 'national') return { kind: 'national' };
  const [kind, value] = text.split(':');
  return kind === 'region' ? { kind: 'region', region: value as Region } : { kind: 'institution', institutionId: value.toLowerCase() };
}

export function scopeKey(scope: Scope): string {
  if (scope.kind === 'national') return 'national';
  return scope.kind === 'region' ? `region:${scope.region}` : `institution:${scope.institutionId}`;
}

/** Filters of a request; a published table is broken down by at most one of them. */
export interface Filters {
  programme?: string;
  setting?: string;
  serviceLevel?: string;
}

/** The one breakdown a set of filters names ('all' for none), or null when it names several. */
export function breakdownKey(filters: Filters): string | null {
  const named = (['programme', 'setting', 'serviceLevel'] as const).filter((f) => filters[f] !== undefined);
  if (named.length > 1) return null;
  if (named.length === 0) return 'all';
  return `${named[0]}:${filters[named[0]]}`;
}

export function filtersOf(query: { programme?: string; setting?: string; serviceLevel?: string }): Filters {
  return Object.fromEntries(
    Object.entries({ programme: query.programme, setting: query.setting, serviceLevel: query.serviceLevel }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

/** The indicators a query asks for (`indicator=`), in definition order; all when it names none. */
export function requestedIndicators(query: { indicator?: readonly IndicatorId[] }): readonly IndicatorId[] {
  return query.indicator ? INDICATOR_IDS.filter((id) => query.indicator!.includes(id)) : INDICATOR_IDS;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
