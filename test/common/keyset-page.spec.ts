import fc from 'fast-check';
import { type CursorPosition, decodeCursor, encodeCursor, pageOf } from '../../src/common/keyset-page';
import { ValidationProblem } from '../../src/common/problem';

const day = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('keyset cursors', () => {
  it('give back the key they were made of, for their own sort only', () => {
    fc.assert(
      fc.property(day, fc.uuid(), (admission, id) => {
        const cursor = encodeCursor('-admissionDate', [admission, id]);
        expect(decodeCursor(cursor, '-admissionDate', ['date', 'uuid'])).toEqual({ key: [admission, id], before: false });
        const back = encodeCursor('-admissionDate', [admission, id], true);
        expect(decodeCursor(back, '-admissionDate', ['date', 'uuid'])).toEqual({ key: [admission, id], before: true });
        expect(() => decodeCursor(cursor, 'admissionDate', ['date', 'uuid'])).toThrow(ValidationProblem);
      }),
    );
  });

  it('refuse anything else with a 400 at /cursor, never another error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.json().map((j) => Buffer.from(j).toString('base64url')),
        ),
        (text) => {
          try {
            decodeCursor(text, '-id', ['bigint']);
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationProblem);
            expect((error as ValidationProblem).errors).toEqual([{ pointer: '/cursor', detail: expect.any(String) }]);
          }
        },
      ),
    );
    for (const key of [['2025-02-30', '00000000-0000-0000-0000-000000000000'], ['2025-13-01', 'x'], ['2025-01-01']])
      expect(() => decodeCursor(encodeCursor('s', key), 's', ['date', 'uuid'])).toThrow(ValidationProblem);
    // a direction other than "before"
    const odd = Buffer.from(JSON.stringify({ s: 's', k: ['1'], b: 'yes' })).toString('base64url');
    expect(() => decodeCursor(odd, 's', ['bigint'])).toThrow(ValidationProblem);
  });

  it('pages: a next cursor only when a row beyond the page was read, a previous one only after a cursor', () => {
    expect(pageOf([1, 2], 2, 's', (n) => [String(n)])).toEqual({ rows: [1, 2], nextCursor: null, prevCursor: null });
    const more = pageOf([1, 2, 3], 2, 's', (n) => [String(n)]);
    expect(more.rows).toEqual([1, 2]);
    expect(more.prevCursor).toBeNull();
    expect(decodeCursor(more.nextCursor!, 's', ['bigint'])).toEqual({ key: ['2'], before: false });
    const second = pageOf([3, 4], 2, 's', (n) => [String(n)], { key: ['2'], before: false });
    expect(decodeCursor(second.prevCursor!, 's', ['bigint'])).toEqual({ key: ['3'], before: true });
  });

  it('walks back through exactly the pages it walked forward, in either order of the list', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        (values, limit, descending) => {
          const sorted = [...values].sort((x, y) => (descending ? y - x : x - y));
          const inOrder = (a: number, b: number) => (descending ? a > b : a < b);
          const key = (n: number) => [String(n)];
          // what the database reads for a cursor: keysetRead's condition and order, LIMIT limit + 1
          const read = (position?: CursorPosition) => {
            const k = position && Number(position.key[0]);
            const rows = !position
              ? sorted
              : position.before
                ? sorted.filter((n) => inOrder(n, k!)).reverse()
                : sorted.filter((n) => inOrder(k!, n));
            return pageOf(rows.slice(0, limit + 1), limit, 's', key, position);
          };
          const forward: number[][] = [];
          let page = read();
          forward.push(page.rows);
          while (page.nextCursor) {
            page = read(decodeCursor(page.nextCursor, 's', ['bigint']));
            forward.push(page.rows);
          }
          expect(forward.flat()).toEqual(sorted);
          const backward: number[][] = [page.rows];
          while (page.prevCursor) {
            page = read(decodeCursor(page.prevCursor, 's', ['bigint']));
            backward.push(page.rows);
          }
          expect(backward.reverse()).toEqual(forward);
        },
      ),
    );
  });
});
