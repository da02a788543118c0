/** Direct database access for tests that must look under the API: as the owner, or as the app role. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/migrations';
import { withClient } from '../../src/database/with-client';
import { PseudonymService } from '../../src/pseudonyms/pseudonym.service';
import type { TestApp } from './test-app';

export { withClient };

export const asOwner = <T>(work: (client: Client) => Promise<T>) => withClient(process.env.DATABASE_OWNER_URL!, work);
export const asAppRole = <T>(work: (client: Client) => Promise<T>) => withClient(process.env.DATABASE_URL!, work);

/** The URL of another database on the same server, as the same role. */
function onDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function superuserUrl(): string {
  const url = process.env.TEST_SUPERUSER_URL;
  if (!url)
    throw new Error(
      'Tests with a database of their own need TEST_SUPERUSER_URL (a role that may CREATE DATABASE) when DATABASE_URL is set.',
    );
  return url;
}

/**
 * Migrates one empty database for the run and marks it a template that nobody connects to, so each
 * scratch database is a file copy of it (CREATE DATABASE ... TEMPLATE) instead of a run of every
 * migration. Called by the global setup; the name reaches the test workers through the environment.
 */
export async function createTemplateDatabase(): Promise<string> {
  const name = `rehabreg_template_${randomBytes(4).toString('hex')}`;
  await withClient(superuserUrl(), (c) => c.query(`CREATE DATABASE ${name} OWNER rehabreg_owner`));
  await runMigrations(onDatabase(process.env.DATABASE_OWNER_URL!, name));
  await withClient(superuserUrl(), (c) => c.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`));
  return name;
}

export async function dropTemplateDatabase(name: string): Promise<void> {
  await withClient(superuserUrl(), async (c) => {
    await c.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/** A database of its own (migrated, with the app role allowed in), for tests that need an empty register. */
export async function createScratchDatabase(): Promise<{ appUrl: string; ownerUrl: string; drop: () => Promise<void> }> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!template)
    throw new Error('TEST_TEMPLATE_DATABASE is not set: scratch databases are copies of the template the global setup migrates.');
  const name = `scratch_${randomBytes(4).toString('hex')}`;
  await withClient(superuserUrl(), async (c) => {
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${template} OWNER rehabreg_owner`);
    // Privileges on a database are not copied with its template; those on its tables and schemas are.
    await c.query(`GRANT CONNECT ON DATABASE ${name} TO rehabreg_app`);
  });
  // A copy of the template is a register of its own: its audit checkpoints must not be mistaken for another's.
  await withClient(onDatabase(process.env.DATABASE_OWNER_URL!, name), (c) =>
    c.query(`UPDATE register_identity SET id = gen_random_uuid()`),
  );
  return {
    appUrl: onDatabase(process.env.DATABASE_URL!, name),
    ownerUrl: onDatabase(process.env.DATABASE_OWNER_URL!, name),
    drop: () => withClient(superuserUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** The stored pseudonym of a national identity number, for tests that look at rows as the owner. */
export function pseudonymOf(t: TestApp, nationalId: string): string {
  const result = t.app.get(PseudonymService).pseudonymize(nationalId);
  if (!result.ok) throw new Error(result.reason);
  return result.patient.pseudonym;
}
