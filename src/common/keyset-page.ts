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
  /** The cursor of the page before this one (read backwards); null on the first page. */
  prevCursor: string | null;
  count: number;
  countIsExact: boolean;
}

/** Where a page starts: after a row's key (the next page), or before it (the previous page, read backwards). */
export interface CursorPosition {
  key: string[];
  before: boolean;
}

/** A list's order as keyset paging needs it, in both directions; each `?` is a part of the key. */
export interface KeysetOrder<R> {
  orderBy: string;
  /** The same order backwards, for reading the page before a row. */
  reversed: string;
  /** Rows after the key in the list's order. */
  after: string;
  /** Rows before the key in the list's order. */
  before: string;
  key: readonly KeyPart[];
  keyOf: (row: R) => string[];
}

export function encodeCursor(sort: string, key: string[], before = false): string {
  return Buffer.from(JSON.stringify(before ? { s: sort, k: key, b: true } : { s: sort, k: key }), 'utf8').toString('base64url');
}

/** Where the cursor says to start, or a 400 at `/cursor` if it is not a cursor of this sort. */
export function decodeCursor(cursor: string, sort: string, parts: readonly KeyPart[]): CursorPosition {
  const refuse = (detail: string) => new ValidationProblem([{ pointer: '/cursor', detail }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse('cursor is not a cursor this list gave out; start again without it');
  }
  const { s, k, b } = (decoded ?? {}) as { s?: unknown; k?: unknown; b?: unknown };
  if (typeof s !== 'string' || !Array.isArray(k)) throw refuse('cursor is not a cursor this list gave out; start again without it');
  if (s !== sort) throw refuse(`cursor belongs to the sort "${s}"; keep the sort while paging, or start again without a cursor`);
  const valid =
    (b === undefined || b === true) &&
    k.length === parts.length &&
    k.every((value, i) => typeof value === 'string' && KEY_PART_FORMATS[parts[i]](value));
  if (!valid) throw refuse('cursor is damaged; start again without it');
  return { key: k as string[], before: b === true };
}

/**
 * How to read the page a cursor points to: after its key in the list's order, or (the previous page)
 * before it in the reversed order, so both directions read `limit + 1` rows from the same index.
 */
export function keysetRead(order: Pick<KeysetOrder<unknown>, 'orderBy' | 'reversed' | 'after' | 'before'>, position?: CursorPosition) {
  if (!position) return { orderBy: order.orderBy };
  return position.before
    ? { condition: order.before, values: position.key, orderBy: order.reversed }
    : { condition: order.after, values: position.key, orderBy: order.orderBy };
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
 * A page's rows in the list's order and its cursors, from the `limit + 1` rows read as keysetRead
 * said (backwards for a previous page), so whether a page exists beyond is known without another
 * query. The next cursor holds the last shown row's key, the previous cursor the first one's: there
 * is a previous page when the page was reached by a cursor (going forward) or more rows were read
 * (going back; fewer means it reached the start: it is the first page).
 */
export function pageOf<R>(
  rows: R[],
  limit: number,
  sort: string,
  keyOf: (row: R) => string[],
  position?: CursorPosition,
): { rows: R[]; nextCursor: string | null; prevCursor: string | null } {
  const more = rows.length > limit;
  const shown = position?.before ? rows.slice(0, limit).reverse() : rows.slice(0, limit);
  const first = shown[0];
  const last = shown[shown.length - 1];
  if (position?.before)
    return {
      rows: shown,
      nextCursor: last === undefined ? null : encodeCursor(sort, keyOf(last)),
      prevCursor: more ? encodeCursor(sort, keyOf(first), true) : null,
    };
  return {
    rows: shown,
    nextCursor: more ? encodeCursor(sort, keyOf(last)) : null,
    prevCursor: position && first !== undefined ? encodeCursor(sort, keyOf(first), true) : null,
  };
}
