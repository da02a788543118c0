/**
 * Starts one throwaway embedded PostgreSQL for the whole test run (or uses DATABASE_URL when set),
 * migrates it, and hands the connection URLs to the test workers through the environment. Where a
 * role may create databases, it also migrates the template that scratch databases are copied from.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runMigrations } from '../../src/database/migrations';
import { provisionDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { createTemplateDatabase } from './database';

export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  // Audit checkpoints and journals of every test app go to one folder of the run (register ids keep databases apart).
  process.env.AUDIT_CHECKPOINT_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-test-checkpoints-'));
  // One extract store for every test app, as every instance of a deployment shares EXTRACT_DIR: any app's worker may build a job.
  process.env.EXTRACT_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-test-extracts-'));
  if (process.env.DATABASE_URL) {
    process.env.DATABASE_OWNER_URL ??= process.env.DATABASE_URL;
  } else {
    // os.tmpdir() is world-traversable, so the `postgres` OS user can reach the data directory when we run as root.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-test-'));
    fs.chmodSync(dataDir, 0o755);
    const cluster = await startEmbeddedPostgres(dataDir);
    const urls = await provisionDatabase(cluster, dataDir, 'rehabreg_test');
    process.env.DATABASE_URL = urls.appUrl;
    process.env.DATABASE_OWNER_URL = urls.ownerUrl;
    process.env.TEST_SUPERUSER_URL = cluster.superuserUrl();
    process.env.TEST_POSTGRES_LOG = path.join(dataDir, 'postgres.log');
    (globalThis as Record<string, unknown>).__REHABREG_TEST_DB__ = { cluster, dataDir };
  }
  await runMigrations(process.env.DATABASE_OWNER_URL!);
  if (process.env.TEST_SUPERUSER_URL) process.env.TEST_TEMPLATE_DATABASE = await createTemplateDatabase();
}
