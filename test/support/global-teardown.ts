import * as fs from 'node:fs';
import type { EmbeddedCluster } from '../../src/database/embedded-postgres';
import { dropTemplateDatabase } from './database';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as Record<string, unknown>).__REHABREG_TEST_DB__ as { cluster: EmbeddedCluster; dataDir: string } | undefined;
  if (!db) {
    // a server of the caller's: leave it as found
    if (process.env.TEST_TEMPLATE_DATABASE) await dropTemplateDatabase(process.env.TEST_TEMPLATE_DATABASE);
    return;
  }
  await db.cluster.stop();
  fs.rmSync(db.dataDir, { recursive: true, force: true });
}
