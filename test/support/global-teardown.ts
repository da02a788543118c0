import * as fs from 'node:fs';
import type { EmbeddedCluster } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as Record<string, unknown>).__REHABREG_TEST_DB__ as { cluster: EmbeddedCluster; dataDir: string } | undefined;
  if (!db) return;
  await db.cluster.stop();
  fs.rmSync(db.dataDir, { recursive: true, force: true });
}
