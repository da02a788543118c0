/** Direct database access for tests that must look under the API: as the owner, or as the app role. */
import { Client } from 'pg';

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const asOwner = <T>(work: (client: Client) => Promise<T>) => withClient(process.env.DATABASE_OWNER_URL!, work);
export const asAppRole = <T>(work: (client: Client) => Promise<T>) => withClient(process.env.DATABASE_URL!, work);

/** A database of its own (migrated, with the app role allowed in), for tests that need an empty register. */
export async function createScratchDatabase(): Promise<{ appUrl: string; ownerUrl: string; drop: () => Promise<void> }> {
  const { randomBytes } = await import('node:crypto');
  const { runMigrations } = await import('../../src/database/migrations');
  const name = `scratch_${randomBytes(4).toString('hex')}`;
  const superuserUrl = process.env.TEST_SUPERUSER_URL;
  if (!superuserUrl) throw new Error('Tests with a database of their own need TEST_SUPERUSER_URL (a role that may CREATE DATABASE) when DATABASE_URL is set.');
  await withClient(superuserUrl, async (c) => {
    await c.query(`CREATE DATABASE ${name} OWNER rehabreg_owner`);
    await c.query(`GRANT CONNECT ON DATABASE ${name} TO rehabreg_app`);
  });
  const withDatabase = (url: string) => {
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    return parsed.toString();
  };
  const ownerUrl = withDatabase(process.env.DATABASE_OWNER_URL!);
  await runMigrations(ownerUrl);
  return {
    appUrl: withDatabase(process.env.DATABASE_URL!),
    ownerUrl,
    drop: () => withClient(superuserUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
