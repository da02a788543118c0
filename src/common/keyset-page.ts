/**
 * Keyset pagination, the one way the API's and the pages' lists page (issue 21): `?limit=&cursor=` →
 * `{items, nextCursor, count, countIsExact}`. A page is read from where the previous one stopped
 * (`WHERE (sort key) < (last row's key)`), served by an index in the list's order, so page 1,000 costs
 * what page 1 does; OFFSET would read and throw away every row before it. The count stops at
 * COUNT_CAP: counting every match of a large institution costs as much as reading it, and no one
 * needs to know there are 48,213 rather than "more than 1,000".
 *
 * The cursor is opaque to clients (base64url of a small JSON) and validated, not trusted: it must name
 * the list's sort and hold keys of the sort's types, else 400 at `/cursor`. Validation is enough, with
 * no signature: a cursor only says where to start reading, every row still passes the caller's access
 * rules and filters, so a hand-made cursor can show nothing a real one would not.
 */
import type { EntityManager } from 'typeorm';
import { ValidationProblem } from './problem';
import type { SqlConditions } from './sql-conditions';

/** Counts stop here: `count` is exact up to it, else it is COUNT_CAP and `countIsExact` is false. */
export const COUNT_CAP = 1000;

/** What a cursor looks like on the wire (the DTOs check this much before the list decodes it). */
export const CURSOR_FORMAT = /^[A-Za-z0-9_-]{1,1000}$/;

/** The type of each value in a sort's key, checked when a cursor is read. */
export type KeyPart = 'date' | 'uuid' | 'text' | 'bigint';

const KEY_PART_FORMATS: Record<KeyPart, (value: string) => boolean> = {
  // a real day: 2025-02-30 parses in JavaScript (as 2 March), so the day must come back as written
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDay(v),
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  text: (v) => v.length >= 1 && v.length <= 200,
  bigint: (v) => /^[1-9]\d{0,18}$/.test(v),
};

function isRealDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
  count: number;
  countIsExact: boolean;
}

export function encodeCursor(sort: string, key: string[]): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key }), 'utf8').toString('base64url');
}

/** The key the cursor holds, or a 400 at `/cursor` if it is not a cursor of this sort. */
export function decodeCursor(cursor: string, sort: string, parts: readonly KeyPart[]): string[] {
  const refuse = (detail: string) => new ValidationProblem([{ pointer: '/cursor', detail }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse('cursor is not a cursor this list gave out; start again without it');
  }
  const { s, k } = (decoded ?? {}) as { s?: unknown; k?: unknown };
  if (typeof s !== 'string' || !Array.isArray(k)) throw refuse('cursor is not a cursor this list gave out; start again without it');
  if (s !== sort) throw refuse(`cursor belongs to the sort "${s}"; keep the sort while paging, or start again without a cursor`);
  const valid = k.length === parts.length && k.every((value, i) => typeof value === 'string' && KEY_PART_FORMATS[parts[i]](value));
  if (!valid) throw refuse('cursor is damaged; start again without it');
  return k as string[];
}

/**
 * The rows matching `conditions` (table alias given in `from`) counted up to COUNT_CAP: the scan
 * stops at COUNT_CAP + 1 rows, so a count costs at most that many index entries.
 */
export async function cappedCount(
  manager: EntityManager,
  from: string,
  conditions: SqlConditions,
): Promise<Pick<KeysetPage<unknown>, 'count' | 'countIsExact'>> {
  const [{ n }]: { n: number }[] = await manager.query(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${conditions.sql} LIMIT ${COUNT_CAP + 1}) matching`,
    conditions.values,
  );
  return { count: Math.min(n, COUNT_CAP), countIsExact: n <= COUNT_CAP };
}

/**
 * A page's rows and cursor: the query read `limit + 1` rows, so whether a next page exists is known
 * without another query; the cursor holds the last shown row's key.
 */
export function pageOf<R>(rows: R[], limit: number, sort: string, keyOf: (row: R) => string[]): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const shown = rows.slice(0, limit);
  return { rows: shown, nextCursor: encodeCursor(sort, keyOf(shown[shown.length - 1])) };
}
