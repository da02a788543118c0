import * as fs from 'node:fs';
import * as path from 'node:path';
import { dumpSchema } from '../../src/database/schema-dump';
import { createScratchDatabase, withClient } from '../support/database';

/** A copy of the template the global setup migrated from nothing: a fresh database, as `npm run schema` makes. */
const describeWithTemplate = process.env.TEST_TEMPLATE_DATABASE ? describe : describe.skip;

describeWithTemplate('the checked-in schema.sql', () => {
  it('is exactly the schema of a freshly migrated database (run `npm run schema` after changing a migration)', async () => {
    const scratch = await createScratchDatabase();
    try {
      const checkedIn = fs.readFileSync(path.join(__dirname, '..', '..', 'schema.sql'), 'utf8');
      expect(await withClient(scratch.ownerUrl, dumpSchema)).toEqual(checkedIn);
    } finally {
      await scratch.drop();
    }
  });
});
