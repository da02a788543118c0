import * as fs from 'node:fs';
import * as path from 'node:path';
import { dumpSchema } from '../../src/database/schema-dump';
import { createScratchDatabase, withClient } from '../support/database';

/**
 * The current definition of every database function is `src/<feature>/sql/<function>.sql`
 * (migrations/README.md). These tests hold those files to what the migrations install, so a file
 * changed without a migration, or a migration that changes a function without its file, fails.
 */
const SRC = path.join(__dirname, '..', '..', 'src');

function definitionFiles(): string[] {
  return fs
    .readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|\/)sql\/[^/]+\.sql$/.test(file))
    .sort();
}

const describeWithTemplate = process.env.TEST_TEMPLATE_DATABASE ? describe : describe.skip;

describeWithTemplate('the current definitions of database functions (src/*/sql/*.sql)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(() => scratch.drop());

  it('are one file per function of the migrated schema, named after it', async () => {
    const functions = await withClient(scratch.ownerUrl, async (c) => {
      const { rows } = await c.query<{ name: string }>(
        `SELECT proname AS name FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY proname COLLATE "C"`,
      );
      return rows.map((row) => row.name);
    });
    const files = definitionFiles();
    expect(files.map((file) => path.basename(file, '.sql')).sort()).toEqual(functions);
    for (const file of files) {
      const defined = /CREATE OR REPLACE FUNCTION (\w+)\(/.exec(fs.readFileSync(path.join(SRC, file), 'utf8'))?.[1];
      expect(`${file} defines ${defined}`).toEqual(`${file} defines ${path.basename(file, '.sql')}`);
    }
  });

  it.each(definitionFiles())('%s is exactly what the migrations installed (running it changes nothing)', async (file) => {
    await withClient(scratch.ownerUrl, async (c) => {
      await c.query('BEGIN');
      try {
        const before = await dumpSchema(c);
        await c.query(fs.readFileSync(path.join(SRC, file), 'utf8'));
        expect(await dumpSchema(c)).toEqual(before);
      } finally {
        await c.query('ROLLBACK');
      }
    });
  });
});
