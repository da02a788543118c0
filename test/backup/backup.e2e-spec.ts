/**
 * Backup round trip through the operator commands, on a register with the demo data: restore into
 * an empty database, every table's rows and checksum as in the manifest, the audit chain intact;
 * a tampered audit row in the source is caught after restore; a database that is not empty is refused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AuditEvidence } from '../../src/audit/audit-evidence';
import { AuditSealer } from '../../src/audit/audit-sealer';
import { runCli } from '../../src/cli/main';
import { DemoData } from '../../src/demo/demo-data';
import { createScratchDatabase, withClient } from '../support/database';
import { createTestApp, type TestApp } from '../support/test-app';

type Urls = { appUrl: string; ownerUrl: string };

/** Runs an operator command against the database at `urls`, as `DATABASE_URL=... npm run -s cli -- ...` would. */
async function cli(urls: Urls & { checkpointDir?: string }, ...argv: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_OWNER_URL: process.env.DATABASE_OWNER_URL,
    AUDIT_CHECKPOINT_DIR: process.env.AUDIT_CHECKPOINT_DIR,
  };
  process.env.DATABASE_URL = urls.appUrl;
  process.env.DATABASE_OWNER_URL = urls.ownerUrl;
  if (urls.checkpointDir) process.env.AUDIT_CHECKPOINT_DIR = urls.checkpointDir;
  let stdout = '';
  let stderr = '';
  try {
    const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    return { code, json: JSON.parse(stdout || stderr) };
  } finally {
    Object.assign(process.env, saved);
  }
}

/** A new, empty database the app and owner roles may use. */
async function emptyDatabase(): Promise<Urls & { name: string }> {
  const name = `restore_${randomBytes(4).toString('hex')}`;
  await withClient(process.env.TEST_SUPERUSER_URL!, async (c) => {
    await c.query(`CREATE DATABASE ${name} OWNER rehabreg_owner`);
    await c.query(`GRANT CONNECT ON DATABASE ${name} TO rehabreg_app`);
  });
  const on = (url: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
  return { name, appUrl: on(process.env.DATABASE_URL!), ownerUrl: on(process.env.DATABASE_OWNER_URL!) };
}

const tableCounts = (ownerUrl: string) =>
  withClient(ownerUrl, async (c) => {
    const tables = (
      await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`)
    ).rows;
    const counts: Record<string, number> = {};
    for (const { tablename } of tables) counts[tablename] = (await c.query(`SELECT count(*)::int AS n FROM "${tablename}"`)).rows[0].n;
    return counts;
  });

describe('backup and restore', () => {
  let source: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  const targets: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-backup-'));

  beforeAll(async () => {
    source = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: source.appUrl, DATABASE_OWNER_URL: source.ownerUrl });
    await t.app.get(DemoData).ensureLoaded();
    await t.app.get(AuditSealer).sealPending();
    await t.app.get(AuditEvidence).flushJournal();
    await t.app.get(AuditEvidence).checkpoint();
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await source.drop();
    for (const name of targets)
      await withClient(process.env.TEST_SUPERUSER_URL!, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores the demo register into an empty database, checked against the manifest and the audit chain', async () => {
    const file = path.join(dir, 'register.backup');
    const backup = await cli(source, 'backup:create', '--out', file);
    expect(backup.code).toBe(0);
    const manifest = backup.json as {
      schemaVersion: string;
      tables: Record<string, { rows: number; sha256: string }>;
      auditChainHead: { chainSeq: number };
    };
    expect(manifest.tables.episodes.rows).toBeGreaterThanOrEqual(4000);
    expect(manifest.auditChainHead.chainSeq).toBeGreaterThan(0);
    const sourceCounts = await tableCounts(source.ownerUrl);
    expect(Object.fromEntries(Object.entries(manifest.tables).map(([table, d]) => [table, d.rows]))).toEqual(sourceCounts);

    const target = await emptyDatabase();
    targets.push(target.name);
    // restored on another machine: the checkpoints and journal come from the backup
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-restored-checkpoints-'));
    const restored = await cli({ ...target, checkpointDir: elsewhere }, 'backup:restore', '--in', file);
    expect(restored.json).toMatchObject({ ok: true, schemaVersion: manifest.schemaVersion, audit: { ok: true, unsealed: 0 } });
    expect((restored.json.audit as { checkpoints: number; journaled: number }).checkpoints).toBeGreaterThanOrEqual(1);
    expect((restored.json.audit as { checkpoints: number; journaled: number }).journaled).toBeGreaterThan(0);
    fs.rmSync(elsewhere, { recursive: true, force: true });
    expect(restored.code).toBe(0);
    expect(await tableCounts(target.ownerUrl)).toEqual(sourceCounts);

    // a restored register is a register: the service's reads work on it
    const served = await createTestApp({ DATABASE_URL: target.appUrl, DATABASE_OWNER_URL: target.ownerUrl });
    try {
      const year = new Date().getUTCFullYear() - 1;
      const published = await served
        .http()
        .get('/api/v1/public/indicators')
        .query({ period: String(year) })
        .expect(200);
      const original = await t
        .http()
        .get('/api/v1/public/indicators')
        .query({ period: String(year) })
        .expect(200);
      expect(published.body).toEqual(original.body);
    } finally {
      await served.close();
    }

    const again = await cli(target, 'backup:restore', '--in', file);
    expect(again.code).toBe(1);
    expect(again.json.error).toContain('not empty');
  });

  it("refuses --method pg_dump without a pg_dump of the server's version, saying which it found", async () => {
    const forced = await cli(source, 'backup:create', '--out', path.join(dir, 'never.backup'), '--method', 'pg_dump');
    expect(forced.code).toBe(1);
    expect(forced.json.error).toMatch(/needs pg_dump \d+ on the PATH \(found (pg_dump \d+|none)\)/);
  });

  it('catches an audit row edited in the source: the restore reports the broken chain and exits 1', async () => {
    await withClient(source.ownerUrl, (c) => c.query(`UPDATE audit_events SET action = 'tampered' WHERE chain_seq = 3`));
    const file = path.join(dir, 'tampered.backup');
    expect((await cli(source, 'backup:create', '--out', file)).code).toBe(0);
    const target = await emptyDatabase();
    targets.push(target.name);
    const restored = await cli(target, 'backup:restore', '--in', file);
    expect(restored.code).toBe(1);
    expect(restored.json).toMatchObject({ ok: false, audit: { ok: false, firstBroken: { chainSeq: 3 } } });
  });
});
