import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { computeLayeredPseudonym, computePseudonym, projectPseudonym, rotatePseudonym } from '../../src/pseudonyms/pseudonym';
import { nationalIdArb } from '../support/national-id.arbitraries';

const keyArb = fc.uint8Array({ minLength: 32, maxLength: 64 }).map((bytes) => Buffer.from(bytes));
const numberArb = nationalIdArb().map(({ value }) => value);
const PSEUDONYM = /^v\d+:[A-Za-z0-9_-]{43}$/;

const hmac = (key: Buffer, message: Buffer | string) => createHmac('sha256', key).update(message).digest();

describe('computePseudonym', () => {
  // Known answers from OpenSSL, independent of this code (key: 32 × "a", then 32 × "b"):
  //   printf %s 15838512329 | openssl dgst -sha256 -hmac aaaa…a -binary | base64url
  //   … | openssl dgst -sha256 -hmac bbbb…b -binary | base64url   (the layered version 2)
  const keyA = Buffer.from('a'.repeat(32));
  const keyB = Buffer.from('b'.repeat(32));

  it('matches HMAC-SHA256 as OpenSSL computes it', () => {
    expect(computePseudonym('15838512329', keyA, 1)).toBe('v1:nw3fEIWw7dNiGv6-NLezAh1tr22vBzlcS7P6CV0sFyM');
    expect(rotatePseudonym('v1:nw3fEIWw7dNiGv6-NLezAh1tr22vBzlcS7P6CV0sFyM', keyB, 2)).toBe(
      'v2:rcY0iqZhd8K2sr9SWweElcYNitlYwHH4Qgdp_0gTHgc',
    );
  });

  it('is deterministic and labelled with the key version', () => {
    fc.assert(
      fc.property(numberArb, keyArb, fc.integer({ min: 1, max: 1000 }), (id, key, version) => {
        const pseudonym = computePseudonym(id, key, version);
        expect(pseudonym).toMatch(PSEUDONYM);
        expect(pseudonym.startsWith(`v${version}:`)).toBe(true);
        expect(computePseudonym(id, Buffer.from(key), version)).toBe(pseudonym);
      }),
    );
  });

  it('differs between keys and between numbers', () => {
    fc.assert(
      fc.property(numberArb, numberArb, keyArb, keyArb, (id1, id2, key1, key2) => {
        fc.pre(!key1.equals(key2) && id1 !== id2);
        expect(computePseudonym(id1, key1, 1)).not.toBe(computePseudonym(id1, key2, 1));
        expect(computePseudonym(id1, key1, 1)).not.toBe(computePseudonym(id2, key1, 1));
      }),
    );
  });

  it('never contains the number, nor echoes it when it refuses one', () => {
    fc.assert(
      fc.property(numberArb, keyArb, (id, key) => {
        expect(computePseudonym(id, key, 1)).not.toContain(id);
        expect(() => computePseudonym(` ${id}`, key, 1)).toThrow(/^[^0-9]*$/);
      }),
    );
  });

  it('refuses keys shorter than 32 bytes and versions that are not whole numbers from 1', () => {
    expect(() => computePseudonym('15838512329', Buffer.alloc(31), 1)).toThrow(/at least 32 bytes/);
    for (const version of [0, -1, 1.5, Number.NaN]) {
      expect(() => computePseudonym('15838512329', keyA, version)).toThrow(/key version/);
    }
  });
});

describe('rotatePseudonym', () => {
  it('equals computing with the layered keys, HMAC(k2, HMAC(k1, number))', () => {
    fc.assert(
      fc.property(numberArb, keyArb, keyArb, (id, k1, k2) => {
        const expected = `v2:${hmac(k2, hmac(k1, id)).toString('base64url')}`;
        expect(rotatePseudonym(computePseudonym(id, k1, 1), k2, 2)).toBe(expected);
        expect(computeLayeredPseudonym(id, [k1, k2])).toBe(expected);
      }),
    );
  });

  it('maps each version deterministically to the next, so a chain of rotations equals the layered key chain', () => {
    fc.assert(
      fc.property(numberArb, fc.array(keyArb, { minLength: 1, maxLength: 5 }), (id, keys) => {
        let pseudonym = computePseudonym(id, keys[0], 1);
        keys.slice(1).forEach((key, i) => (pseudonym = rotatePseudonym(pseudonym, key, i + 2)));
        expect(pseudonym).toBe(computeLayeredPseudonym(id, keys));
        expect(pseudonym.startsWith(`v${keys.length}:`)).toBe(true);
      }),
    );
  });

  it('refuses to skip or go back a version, and refuses what is not a pseudonym', () => {
    const key = Buffer.alloc(32, 7);
    const v1 = computePseudonym('15838512329', key, 1);
    expect(() => rotatePseudonym(v1, key, 3)).toThrow(/only be rotated to version 2/);
    expect(() => rotatePseudonym(v1, key, 1)).toThrow(/only be rotated to version 2/);
    for (const bad of ['', 'v1:', v1.slice(1), v1 + 'A', 'v0' + v1.slice(2), v1.replace(':', '::'), v1.slice(0, -1) + 'B']) {
      expect(() => rotatePseudonym(bad, key, 2)).toThrow(/Not a register pseudonym/);
    }
  });
});

describe('projectPseudonym', () => {
  it('is HMAC(project key, register pseudonym), deterministic within a project and different between projects', () => {
    fc.assert(
      fc.property(numberArb, keyArb, keyArb, keyArb, (id, registerKey, projectA, projectB) => {
        fc.pre(!projectA.equals(projectB));
        const register = computePseudonym(id, registerKey, 1);
        const inA = projectPseudonym(register, projectA);
        expect(inA).toBe(hmac(projectA, hmac(registerKey, id)).toString('base64url'));
        expect(projectPseudonym(register, Buffer.from(projectA))).toBe(inA);
        expect(projectPseudonym(register, projectB)).not.toBe(inA);
        expect(inA).not.toBe(register.slice(3));
      }),
    );
  });

  it('refuses short project keys', () => {
    const register = computePseudonym('15838512329', Buffer.alloc(32, 1), 1);
    expect(() => projectPseudonym(register, Buffer.alloc(16))).toThrow(/at least 32 bytes/);
  });
});
