import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimitJanitor } from '../../src/rate-limits/rate-limit-janitor';
import { RateLimitStore } from '../../src/rate-limits/rate-limit.store';
import { asOwner } from '../support/database';
import { createTestApp, TestApp } from '../support/test-app';

describe('the shared rate-limit counters', () => {
  let t: TestApp;
  let store: RateLimitStore;

  beforeAll(async () => {
    t = await createTestApp();
    store = t.app.get(RateLimitStore);
  });
  afterAll(() => t.close());

  it('counts per key in fixed windows, starts a new window after one ends, and stores no key in clear', async () => {
    const key = `test-window:${Math.random()}`;
    const counts = [await store.hit(key, 400), await store.hit(key, 400), await store.hit(`${key}-other`, 400)];
    expect(counts.map((c) => c.hits)).toEqual([1, 2, 1]);
    expect(counts[1].msLeft).toBeGreaterThan(0);
    expect(counts[1].msLeft).toBeLessThanOrEqual(400);
    await sleep(450);
    expect((await store.hit(key, 400)).hits).toBe(1);
    const stored = await asOwner((c) =>
      c.query(`SELECT count(*)::int AS n FROM rate_limit_windows WHERE position(convert_to($1, 'UTF8') IN key) > 0`, [key]),
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it('counts concurrent requests exactly', async () => {
    const key = `test-concurrent:${Math.random()}`;
    const counts = await Promise.all(Array.from({ length: 20 }, () => store.hit(key, 60_000)));
    expect(counts.map((c) => c.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('lets the janitor delete windows that have ended', async () => {
    const ended = `test-purge:${Math.random()}`;
    const running = `test-running:${Math.random()}`;
    await store.hit(ended, 1);
    await store.hit(running, 60_000);
    await sleep(20);
    expect(await t.app.get(RateLimitJanitor).purge()).toBeGreaterThanOrEqual(1);
    const left = await asOwner((c) =>
      c.query(
        `SELECT array_agg(k) AS keys FROM unnest($1::text[]) k WHERE EXISTS (SELECT 1 FROM rate_limit_windows w WHERE w.key = sha256(convert_to(k, 'UTF8')))`,
        [[ended, running]],
      ),
    );
    expect(left.rows[0].keys).toEqual([running]);
  });
});
