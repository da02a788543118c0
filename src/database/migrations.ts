/** Runs and reverts the schema migrations in `migrations/`, always as the owner role. */
import * as path from 'node:path';
import { DataSource } from 'typeorm';

export function migrationDataSource(ownerUrl: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: ownerUrl,
    // ts under jest, js when built into dist/
    migrations: [path.join(__dirname, '..', '..', 'migrations', `*.${__filename.endsWith('.ts') ? 'ts' : 'js'}`)],
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
  });
}

async function withMigrationSource<T>(ownerUrl: string, work: (source: DataSource) => Promise<T>): Promise<T> {
  const source = await migrationDataSource(ownerUrl).initialize();
  try {
    return await work(source);
  } finally {
    await source.destroy();
  }
}

/** Applies every pending migration, each in its own transaction; returns their names. */
export function runMigrations(ownerUrl: string): Promise<string[]> {
  return withMigrationSource(ownerUrl, async (source) => {
    const applied = await source.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  });
}

/** Reverts every applied migration, newest first. */
export function revertAllMigrations(ownerUrl: string): Promise<number> {
  return withMigrationSource(ownerUrl, async (source) => {
    let reverted = 0;
    while (await hasApplied(source)) {
      await source.undoLastMigration({ transaction: 'each' });
      reverted += 1;
    }
    return reverted;
  });
}

async function hasApplied(source: DataSource): Promise<boolean> {
  const rows: unknown[] = await source.query(`SELECT 1 FROM schema_migrations LIMIT 1`).catch(() => []);
  return rows.length > 0;
}

/** The name of this release's newest migration: the schema version it writes and expects. */
export function latestMigrationName(ownerUrl: string): Promise<string> {
  return withMigrationSource(ownerUrl, async (source) => {
    const names = source.migrations.map((migration) => migration.name ?? migration.constructor.name);
    return names.sort((a, b) => Number(a.match(/\d+$/)?.[0]) - Number(b.match(/\d+$/)?.[0])).at(-1)!;
  });
}
