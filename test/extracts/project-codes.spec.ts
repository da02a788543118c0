/**
 * The project codes of a build are computed by PostgreSQL in the build query (HMAC-SHA256 from the
 * key's pads, extract-query.ts); they are the HMAC-SHA256 that the manifest describes, computed here
 * independently by node:crypto with the key's bytes. Keys of any length, also longer than a block.
 */
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { longQueries, projectHmacSql, useProjectKey } from '../../src/extracts/extract-query';
import { asOwner } from '../support/database';

it('makes the patient and institution codes the manifest describes: HMAC-SHA256 of the project key', async () => {
  await asOwner(async (client) => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 100 }),
        fc.string({ minLength: 1 }).filter((text) => !text.includes('\0')),
        async (bytes, message) => {
          const key = Buffer.from(bytes);
          await client.query('BEGIN');
          try {
            await useProjectKey(await longQueries(client, 10_000), key);
            const { rows } = await client.query<{ code: string }>(
              `WITH project AS (SELECT decode(current_setting('rehabreg.project_inner_pad'), 'hex') AS inner_pad,
                                       decode(current_setting('rehabreg.project_outer_pad'), 'hex') AS outer_pad)
               SELECT ${projectHmacSql('$1::text')} AS code FROM project p`,
              [message],
            );
            expect(rows[0].code).toBe(createHmac('sha256', key).update(message).digest('hex'));
          } finally {
            await client.query('ROLLBACK');
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
