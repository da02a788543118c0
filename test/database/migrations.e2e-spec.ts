import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrationDataSource, revertAllMigrations, runMigrations } from '../../src/database/migrations';
import { dumpSchema } from '../../src/database/schema-dump';
import { withClient } from '../support/database';

/** Runs on a database of its own, so reverting does not disturb the other tests. */
const superuserUrl = process.env.TEST_SUPERUSER_URL;
const describeWithSuperuser = superuserUrl ? describe : describe.skip;

async function tableNames(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const result = await client.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`,
  );
  await client.end();
  return result.rows.map((row: { tablename: string }) => row.tablename);
}

/** An empty database of the test's own, as the owner role; dropped after the suite. */
function ownEmptyDatabase(prefix: string): { url: () => string } {
  const database = `${prefix}_${randomBytes(4).toString('hex')}`;
  let url = '';
  beforeAll(async () => {
    const admin = new Client({ connectionString: superuserUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database} OWNER rehabreg_owner`);
    await admin.end();
    const owner = new URL(process.env.DATABASE_OWNER_URL!);
    owner.pathname = `/${database}`;
    url = owner.toString();
  });
  afterAll(async () => {
    const admin = new Client({ connectionString: superuserUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });
  return { url: () => url };
}

describeWithSuperuser('schema migrations', () => {
  const own = ownEmptyDatabase('migration_roundtrip');
  const url = () => own.url();

  it('apply on an empty database, revert completely, and apply again to the same schema', async () => {
    const applied = await runMigrations(url());
    expect(applied.length).toBeGreaterThan(0);
    const tablesAfterFirstRun = await tableNames(url());

    expect(await revertAllMigrations(url())).toBe(applied.length);
    expect(await tableNames(url())).toEqual([]);

    expect(await runMigrations(url())).toEqual(applied);
    expect(await tableNames(url())).toEqual(tablesAfterFirstRun);
  });

  it('have nothing left to apply on a migrated database', async () => {
    expect(await runMigrations(url())).toEqual([]);
  });
});

/** The migrations' source files, oldest first (their names start with the timestamp). */
const MIGRATION_FILES = fs
  .readdirSync(path.join(__dirname, '..', '..', 'migrations'))
  .filter((file) => file.endsWith('.ts'))
  .sort()
  .map((file) => path.join(__dirname, '..', '..', 'migrations', file));

/** A migration source of the first `count` migrations only, so they can be applied one at a time. */
function firstMigrations(url: string, count: number): DataSource {
  return new DataSource({ ...migrationDataSource(url).options, migrations: MIGRATION_FILES.slice(0, count) } as DataSourceOptions);
}

describeWithSuperuser('each migration', () => {
  const own = ownEmptyDatabase('migration_steps');

  it("is undone exactly by its down(): the schema after reverting it is the schema before it (schema.sql's dump)", async () => {
    const before: string[] = [];
    for (let count = 0; count <= MIGRATION_FILES.length; count++) {
      const source = await firstMigrations(own.url(), count).initialize();
      await source.runMigrations({ transaction: 'each' });
      await source.destroy();
      before.push(await withClient(own.url(), dumpSchema));
    }
    const source = await firstMigrations(own.url(), MIGRATION_FILES.length).initialize();
    try {
      for (let count = MIGRATION_FILES.length - 1; count >= 0; count--) {
        await source.undoLastMigration({ transaction: 'each' });
        const reverted = path.basename(MIGRATION_FILES[count]);
        expect({ reverted, schema: await withClient(own.url(), dumpSchema) }).toEqual({ reverted, schema: before[count] });
      }
    } finally {
      await source.destroy();
    }
  });
});
