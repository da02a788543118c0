import fc from 'fast-check';
import { decodeCursor, encodeCursor, pageOf } from '../../src/common/keyset-page';
import { ValidationProblem } from '../../src/common/problem';

const day = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('keyset cursors', () => {
  it('give back the key they were made of, for their own sort only', () => {
    fc.assert(
      fc.property(day, fc.uuid(), (admission, id) => {
        const cursor = encodeCursor('-admissionDate', [admission, id]);
        expect(decodeCursor(cursor, '-admissionDate', ['date', 'uuid'])).toEqual([admission, id]);
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
  });

  it('pages: a cursor only when a row beyond the page was read', () => {
    expect(pageOf([1, 2], 2, 's', (n) => [String(n)])).toEqual({ rows: [1, 2], nextCursor: null });
    const more = pageOf([1, 2, 3], 2, 's', (n) => [String(n)]);
    expect(more.rows).toEqual([1, 2]);
    expect(decodeCursor(more.nextCursor!, 's', ['bigint'])).toEqual(['2']);
  });
});
