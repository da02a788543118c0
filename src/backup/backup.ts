/**
 * A consistent logical backup of the register and its restore (docs/operations.md), written by
 * the service itself because the machines it runs on may have no pg_dump of the server's version:
 * one REPEATABLE READ snapshot, each table streamed with COPY (FORMAT binary), and a manifest
 * (schema version, rows and SHA-256 per table, audit chain head). A restore migrates an empty
 * database to the same schema version, copies the tables back in foreign-key order with their
 * triggers off (the rows are already what the triggers would have made), sets the sequences, and
 * checks every table's rows and checksum against the manifest.
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { latestMigrationName, runMigrations } from '../database/migrations';
import { BACKUP_FORMAT, BackupHeader, BackupReader, BackupTrailer, BackupWriter, TableDigest } from './backup-file';

export type BackupManifest = BackupHeader & BackupTrailer & { method: string };

export interface RestoreReport {
  schemaVersion: string;
  tables: Record<string, { rows: number; matches: boolean }>;
  ok: boolean;
}

async function withOwner<T>(ownerUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The register's tables, parents before children (foreign keys), the migrations' own table left out. */
async function tablesInRestoreOrder(client: Client): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
    )
  ).rows.map((r) => r.name);
  const references = (
    await client.query<{ child: string; parent: string }>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`,
    )
  ).rows;
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && references.every((r) => r.child !== t || placed.has(r.parent)));
    if (ready.length === 0) throw new Error('The foreign keys between the tables form a cycle; no restore order exists.');
    for (const table of ready) {
      ordered.push(table);
      placed.add(table);
    }
  }
  return ordered;
}

export async function createBackup(ownerUrl: string, path: string): Promise<BackupManifest> {
  return withOwner(ownerUrl, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        createdAt: new Date().toISOString(),
        schemaVersion: (await client.query<{ name: string }>(`SELECT name FROM schema_migrations ORDER BY timestamp DESC LIMIT 1`)).rows[0]
          .name,
        tableOrder: await tablesInRestoreOrder(client),
      };
      const out = new BackupWriter(path);
      await out.json(header);
      const digests: Record<string, TableDigest> = {};
      for (const table of header.tableOrder) digests[table] = await backUpTable(client, out, table);
      const head = await client.query<{ chain_seq: string; hash: string }>(
        `SELECT chain_seq, encode(hash, 'hex') AS hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`,
      );
      const trailer: BackupTrailer = {
        tables: digests,
        auditChainHead: head.rows[0] ? { chainSeq: Number(head.rows[0].chain_seq), hash: head.rows[0].hash } : null,
      };
      await out.json(trailer);
      await out.close();
      return { ...header, ...trailer, method: 'built-in logical backup: COPY (FORMAT binary) in one repeatable-read snapshot' };
    } finally {
      await client.query('COMMIT');
    }
  });
}

async function backUpTable(client: Client, out: BackupWriter, table: string): Promise<TableDigest> {
  const rows = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of client.query(copyTo(`COPY "${table}" TO STDOUT (FORMAT binary)`)) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    await out.frame(chunk);
  }
  await out.frame(Buffer.alloc(0));
  return { rows, bytes, sha256: hash.digest('hex') };
}

/** Restores into an empty database; refuses a database that holds anything, or a backup of another schema version. */
export async function restoreBackup(ownerUrl: string, path: string): Promise<RestoreReport> {
  const input = new BackupReader(path);
  try {
    const header = await input.json<BackupHeader>();
    if (header.format !== BACKUP_FORMAT) throw new Error(`Not a register backup (format ${JSON.stringify(header.format)}).`);
    const latest = await latestMigrationName(ownerUrl);
    if (header.schemaVersion !== latest)
      throw new Error(
        `The backup is of schema version ${header.schemaVersion}; this release's is ${latest}. Restore with the release that made it.`,
      );
    await withOwner(ownerUrl, async (client) => {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
      if (Number(rows[0].n) > 0) throw new Error('The target database is not empty; restore into a new, empty database.');
    });
    await runMigrations(ownerUrl);
    return await withOwner(ownerUrl, async (client) => {
      await client.query('BEGIN');
      await client.query(`TRUNCATE ${header.tableOrder.map((t) => `"${t}"`).join(', ')}`); // rows the migrations seeded
      const copied: Record<string, string> = {};
      for (const table of header.tableOrder) copied[table] = await restoreTable(client, input, table);
      await resetSequences(client);
      const trailer = await input.json<BackupTrailer>();
      const tables: RestoreReport['tables'] = {};
      for (const table of header.tableOrder) {
        const count = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
        const expected = trailer.tables[table];
        tables[table] = { rows: count, matches: count === expected.rows && copied[table] === expected.sha256 };
      }
      const ok = Object.values(tables).every((t) => t.matches);
      await client.query(ok ? 'COMMIT' : 'ROLLBACK');
      return { schemaVersion: header.schemaVersion, tables, ok };
    });
  } finally {
    input.close();
  }
}

async function restoreTable(client: Client, input: BackupReader, table: string): Promise<string> {
  const hash = createHash('sha256');
  await client.query(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
  await input.pipeTable(client.query(copyFrom(`COPY "${table}" FROM STDIN (FORMAT binary)`)), (chunk) => hash.update(chunk));
  await client.query(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
  return hash.digest('hex');
}

/** Serial columns continue after the restored rows. */
async function resetSequences(client: Client): Promise<void> {
  const serials = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
  );
  for (const { table_name: table, column_name: column } of serials.rows) {
    await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max("${column}") FROM "${table}"), 0) + 1, false)`, [
      table,
      column,
    ]);
  }
}
