/**
 * Where the database is: DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR
 * (started, or joined if `npm start` already runs it). Used by the service and by the operator CLI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import { provisionDatabase, startEmbeddedPostgres, type EmbeddedMode, type Supervision } from './embedded-postgres';

export interface DatabaseLocation {
  appUrl: string;
  ownerUrl: string;
  embedded: boolean;
  /** Stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export async function locateDatabase(config: AppConfig, mode: EmbeddedMode = 'own', supervision?: Supervision): Promise<DatabaseLocation> {
  if (config.databaseUrl) {
    return {
      appUrl: config.databaseUrl,
      ownerUrl: config.databaseOwnerUrl ?? config.databaseUrl,
      embedded: false,
      close: async () => undefined,
    };
  }
  assertReachableByPostgresUser(config.dataDir);
  const cluster = await startEmbeddedPostgres(config.dataDir, mode, supervision);
  const urls = await provisionDatabase(cluster, config.dataDir, 'rehabreg');
  return { ...urls, embedded: true, close: () => cluster.stop() };
}

/** As root, PostgreSQL runs as the OS user `postgres`, which must be able to traverse every folder above DATA_DIR. */
function assertReachableByPostgresUser(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  let dir = path.dirname(path.resolve(dataDir));
  for (;;) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `DATA_DIR ${dataDir} is inside ${dir}, which other users cannot enter; the embedded PostgreSQL runs as the OS user "postgres" when started as root. ` +
          `Run "chmod o+x ${dir}" or set DATA_DIR to a folder under /tmp or /var/lib.`,
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
