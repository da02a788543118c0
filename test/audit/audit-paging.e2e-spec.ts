/**
 * The audit log's keyset pages through the API, forward and back: every event once, newest first by
 * its numeric id (also across 9 → 10 and 99 → 100, where the id as text would sort otherwise), and
 * prevCursor leads back through exactly the pages nextCursor led through.
 */
import { createAdmin } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('paging the audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('walks forward and back through the same pages, newest first by id', async () => {
    const admin = await createAdmin(t);
    // each read of the log is an audit.read event of this administrator
    for (let i = 0; i < 40; i += 1) await t.http().get('/api/v1/admin/audit-events').query({ limit: 1 }).set(admin.headers).expect(200);
    const page = async (cursor?: string) =>
      (
        await t
          .http()
          .get('/api/v1/admin/audit-events')
          .query({ actorId: admin.id, action: 'audit.read', limit: 7, ...(cursor ? { cursor } : {}) })
          .set(admin.headers)
          .expect(200)
      ).body as { items: { id: string }[]; nextCursor: string | null; prevCursor: string | null };
    let res = await page();
    expect(res.prevCursor).toBeNull();
    const forward = [res.items.map((e) => e.id)];
    while (res.nextCursor) {
      res = await page(res.nextCursor);
      forward.push(res.items.map((e) => e.id));
    }
    const ids = forward.flat().map(Number);
    expect(ids.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // going back (the walk's own reads are newer still: they sit before the first page)
    const backward = [res.items.map((e) => e.id)];
    while (backward.length < forward.length) {
      expect(res.prevCursor).not.toBeNull();
      res = await page(res.prevCursor!);
      backward.push(res.items.map((e) => e.id));
    }
    expect(backward.reverse()).toEqual(forward);
  });
});
