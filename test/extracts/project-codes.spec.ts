/**
 * The project codes of a build (made per row with the key as a KeyObject, for speed) are the
 * HMAC-SHA256 that the manifest describes, computed here independently with the key's bytes.
 */
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { ProjectCodes } from '../../src/extracts/extract-builder';

it('makes the patient and institution codes the manifest describes: HMAC-SHA256 of the project key', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.string({ minLength: 1 }),
      fc.uuid(),
      (bytes, pseudonym, institution) => {
        const key = Buffer.from(bytes);
        const codes = new ProjectCodes(key);
        const hmac = (text: string) => createHmac('sha256', key).update(text).digest('hex');
        expect(codes.patient(pseudonym)).toBe(hmac(`patient:${pseudonym}`).slice(0, 32));
        expect(codes.institution(institution)).toBe(`I${hmac(`institution:${institution}`).slice(0, 10)}`);
        expect(codes.institution(institution)).toBe(codes.institution(institution));
      },
    ),
  );
});
