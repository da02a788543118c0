/**
 * A fixed-window request counter per key (invitation token, client address), in memory. One
 * instance of the service sees its own counts only; behind several instances the limit is per instance.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; false when the key is over its limit in the current window. */
  hit(key: string): boolean {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.sweep(now);
      this.windows.set(key, { start: now, count: 1 });
      return 1 <= this.limit;
    }
    window.count += 1;
    return window.count <= this.limit;
  }

  /** Drops finished windows once the map grows, so memory stays bounded by one window's keys. */
  private sweep(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
