import fc from 'fast-check';
import { jsonNestingDepth } from '../../src/common/body-parsing';

/** The depth of a parsed JSON value: arrays and objects count a level each. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('jsonNestingDepth', () => {
  it('counts the nesting of any JSON text as parsing it would, brackets and quotes inside strings included', () => {
    const tricky = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"', '\\\\', '"]', 'æø');
    const key = fc.oneof(fc.string(), fc.string({ unit: tricky }));
    const value = fc.letrec((tie) => ({
      json: fc.oneof(
        { depthSize: 'small' },
        fc.oneof(fc.string(), fc.string({ unit: tricky }), fc.integer(), fc.boolean(), fc.constant(null)),
        fc.array(tie('json')),
        fc.dictionary(key, tie('json')),
      ),
    })).json;
    fc.assert(
      fc.property(value, fc.boolean(), (json, indent) => {
        const text = JSON.stringify(json, null, indent ? 2 : undefined);
        expect(jsonNestingDepth(Buffer.from(text))).toBe(depthOf(json));
      }),
      { numRuns: 500 },
    );
  });

  it('counts text that is not JSON too: an unterminated string, a trailing backslash, brackets after a string', () => {
    expect(jsonNestingDepth(Buffer.from('[[["a'))).toBe(3);
    expect(jsonNestingDepth(Buffer.from('[["a\\'))).toBe(2);
    expect(jsonNestingDepth(Buffer.from('[["a\\"]]]]" [[[['))).toBe(6); // the escaped quote does not end the string
    expect(jsonNestingDepth(Buffer.from('['.repeat(5_000)))).toBe(5_000);
  });
});
