/**
 * Fixed-window request counters shared by every instance of the service (one table, see migration
 * SharedRateLimits): the sign-in and write limits (through the throttler) and the patient form's
 * limits count here, so a limit holds however many instances run behind the load balancer.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';

export interface WindowCount {
  /** Requests counted in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  msLeft: number;
}

@Injectable()
export class RateLimitStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts `count` requests (default one) for `key`; a window of `windowMs` starts with the first request after the last one ended. */
  async hit(key: string, windowMs: number, count = 1): Promise<WindowCount> {
    // One statement, so concurrent requests of all instances count exactly (the row lock orders them).
    const [row]: { hits: number; ms_left: number }[] = await this.dataSource.query(
      `INSERT INTO rate_limit_windows AS w (key, window_ends, hits)
       VALUES (sha256(convert_to($1, 'UTF8')), clock_timestamp() + $2 * interval '1 millisecond', $3)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN w.window_ends <= clock_timestamp() THEN $3 ELSE w.hits + $3 END,
         window_ends = CASE WHEN w.window_ends <= clock_timestamp() THEN EXCLUDED.window_ends ELSE w.window_ends END
       RETURNING hits, greatest(0, ceil(extract(epoch FROM window_ends - clock_timestamp()) * 1000))::integer AS ms_left`,
      [key, windowMs, count],
    );
    return { hits: row.hits, msLeft: row.ms_left };
  }

  /** The count of `key`'s current window, without counting (zero when no window is open). */
  async current(key: string): Promise<WindowCount> {
    const rows: { hits: number; ms_left: number }[] = await this.dataSource.query(
      `SELECT hits, ceil(extract(epoch FROM window_ends - clock_timestamp()) * 1000)::integer AS ms_left
         FROM rate_limit_windows WHERE key = sha256(convert_to($1, 'UTF8')) AND window_ends > clock_timestamp()`,
      [key],
    );
    return rows.length ? { hits: rows[0].hits, msLeft: rows[0].ms_left } : { hits: 0, msLeft: 0 };
  }
}

/** @nestjs/throttler's storage on the shared counters (its guards decide; this only counts). */
export class SharedThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly store: RateLimitStore) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    const { hits, msLeft } = await this.store.hit(`${throttlerName}:${key}`, ttl);
    const seconds = Math.ceil(msLeft / 1000);
    return { totalHits: hits, timeToExpire: seconds, isBlocked: hits > limit, timeToBlockExpire: hits > limit ? seconds : 0 };
  }
}
