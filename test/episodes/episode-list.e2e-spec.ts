/**
 * The episode list's keyset pages (issue 21): every sort walks the whole filtered list once, in its
 * order, without a row twice; the count stops at 1,000; cursors that are not the list's are 400 at
 * /cursor; filters keep their meaning across pages.
 */
import { randomUUID } from 'node:crypto';
import { encodeCursor } from '../../src/common/keyset-page';
import { Actor, createAdmin, createInstitutionWorld, episodeBody, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

interface Listed {
  id: string;
  externalId: string;
  admissionDate: string;
  programme: string;
}

describe('the episode list pages by keyset', () => {
  let t: TestApp;
  let admin: Actor;
  let world: InstitutionWorld;
  let other: InstitutionWorld;
  const registered: { externalId: string; admissionDate: string; programme: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    world = await createInstitutionWorld(t, admin);
    other = await createInstitutionWorld(t, admin);
    // 1,003 episodes in two batches (1,000 is a batch's most): several share an admission day, so the id must break ties
    const episodes = Array.from({ length: 1003 }, (_, i) =>
      episodeBody({
        externalId: `K-${String((i * 7919) % 1003).padStart(4, '0')}`,
        admissionDate: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 5)).padStart(2, '0')}`,
        programme: i % 10 === 0 ? 'cardiac' : 'stroke',
        consent: { status: 'given', date: '2025-12-31' },
      }),
    );
    for (const e of episodes)
      registered.push({ externalId: String(e.externalId), admissionDate: String(e.admissionDate), programme: String(e.programme) });
    for (const batch of [episodes.slice(0, 1000), episodes.slice(1000)]) {
      const res = await t
        .http()
        .post('/api/v1/submissions')
        .set(world.apiKey.headers)
        .set('Idempotency-Key', randomUUID())
        .send({ episodes: batch });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body).slice(0, 500));
    }
    await t.http().post('/api/v1/episodes').set(other.apiKey.headers).send(episodeBody()).expect(201);
  }, 120_000);
  afterAll(() => t.close());

  async function walk(query: Record<string, string | number>): Promise<{ items: Listed[]; pages: number; counts: unknown[] }> {
    const items: Listed[] = [];
    const counts: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t
        .http()
        .get('/api/v1/episodes')
        .query({ ...query, ...(cursor ? { cursor } : {}) })
        .set(world.staff.headers)
        .expect(200);
      items.push(...(res.body.items as Listed[]));
      counts.push({ count: res.body.count, countIsExact: res.body.countIsExact });
      cursor = res.body.nextCursor as string | null;
      pages += 1;
    } while (cursor && pages < 50);
    return { items, pages, counts };
  }

  it.each([
    ['-admissionDate', (a: Listed, b: Listed) => b.admissionDate.localeCompare(a.admissionDate) || b.id.localeCompare(a.id)],
    ['admissionDate', (a: Listed, b: Listed) => a.admissionDate.localeCompare(b.admissionDate) || a.id.localeCompare(b.id)],
  ])('walks every episode once in the order %s, with the count capped at 1,000', async (sort, compare) => {
    const { items, pages, counts } = await walk({ sort, limit: 200 });
    expect(pages).toBe(6);
    expect(items.map((e) => e.externalId).sort()).toEqual(registered.map((e) => e.externalId).sort());
    expect(items).toEqual([...items].sort(compare));
    expect(new Set(counts.map((c) => JSON.stringify(c)))).toEqual(new Set([JSON.stringify({ count: 1000, countIsExact: false })]));
  });

  it('sorts by the own episode id, and a filter holds on every page with an exact count', async () => {
    const { items, counts } = await walk({ sort: 'externalId', programme: 'cardiac', limit: 30 });
    const cardiac = registered.filter((e) => e.programme === 'cardiac').map((e) => e.externalId);
    expect(items.map((e) => e.externalId)).toEqual([...cardiac].sort());
    expect(items.every((e) => e.programme === 'cardiac')).toBe(true);
    expect(counts[0]).toEqual({ count: cardiac.length, countIsExact: true });
  });

  it.each(['-admissionDate', 'admissionDate', 'externalId'])(
    'goes back with prevCursor through exactly the pages it went forward (%s)',
    async (sort) => {
      const page = (cursor?: string) =>
        t
          .http()
          .get('/api/v1/episodes')
          .query({ sort, programme: 'cardiac', limit: 30, ...(cursor ? { cursor } : {}) })
          .set(world.staff.headers)
          .expect(200);
      const idsOf = (res: { body: { items: Listed[] } }) => res.body.items.map((e) => e.id);
      let res = await page();
      expect(res.body.prevCursor).toBeNull();
      const forward = [idsOf(res)];
      while (res.body.nextCursor) {
        res = await page(res.body.nextCursor);
        forward.push(idsOf(res));
      }
      expect(forward).toHaveLength(4); // 101 cardiac episodes, 30 a page
      const backward = [idsOf(res)];
      while (res.body.prevCursor) {
        res = await page(res.body.prevCursor);
        expect(res.body.nextCursor).not.toBeNull();
        backward.push(idsOf(res));
      }
      expect(backward.reverse()).toEqual(forward);
    },
  );

  it('defaults to newest admission first, 50 a page; the last page has no cursor', async () => {
    const first = await t.http().get('/api/v1/episodes').set(world.staff.headers).expect(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0].admissionDate).toBe('2025-12-05');
    const last = await t.http().get('/api/v1/episodes').query({ limit: 500, programme: 'cardiac' }).set(world.staff.headers).expect(200);
    expect(last.body).toMatchObject({ nextCursor: null, count: 101, countIsExact: true });
    expect(last.body).not.toHaveProperty('total');
  });

  it("shows no other institution's episode on any page", async () => {
    const { items } = await walk({ limit: 500 });
    expect(items).toHaveLength(1003);
    const theirs = await t.http().get('/api/v1/episodes').set(other.staff.headers).expect(200);
    expect(theirs.body).toMatchObject({ count: 1, countIsExact: true, nextCursor: null });
  });

  it('refuses a cursor that is not one the list gave out, at /cursor', async () => {
    const first = await t.http().get('/api/v1/episodes').query({ limit: 2 }).set(world.staff.headers).expect(200);
    const refusals = [
      { cursor: 'not a cursor!' }, // not base64url
      { cursor: 'bm90IGpzb24' }, // base64url, not JSON
      { cursor: first.body.nextCursor, sort: 'externalId' }, // another sort's cursor
      { cursor: encodeCursor('-admissionDate', ['2025-02-30', '00000000-0000-0000-0000-000000000000']) }, // no such day
      { cursor: encodeCursor('-admissionDate', ["2025-01-01'; --", 'x']) },
      { cursor: encodeCursor('-admissionDate', ['2025-01-01']) },
      { cursor: 'x'.repeat(1001) },
    ];
    for (const query of refusals) {
      const res = await t.http().get('/api/v1/episodes').query(query).set(world.staff.headers).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect({ query, pointers: res.body.errors?.map((e: { pointer: string }) => e.pointer) }).toEqual({ query, pointers: ['/cursor'] });
    }
    const bad = await t.http().get('/api/v1/episodes').query({ page: 2, pageSize: 10, limit: 501 }).set(world.staff.headers).expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/limit', '/page', '/pageSize']);
  });
});
