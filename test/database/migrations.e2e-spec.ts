import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { revertAllMigrations, runMigrations } from '../../src/database/migrations';

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

describeWithSuperuser('schema migrations', () => {
  const database = `migration_roundtrip_${randomBytes(4).toString('hex')}`;
  let url: string;

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

  it('apply on an empty database, revert completely, and apply again to the same schema', async () => {
    const applied = await runMigrations(url);
    expect(applied.length).toBeGreaterThan(0);
    const tablesAfterFirstRun = await tableNames(url);

    expect(await revertAllMigrations(url)).toBe(applied.length);
    expect(await tableNames(url)).toEqual([]);

    expect(await runMigrations(url)).toEqual(applied);
    expect(await tableNames(url)).toEqual(tablesAfterFirstRun);
  });

  it('have nothing left to apply on a migrated database', async () => {
    expect(await runMigrations(url)).toEqual([]);
  });
});
