/**
 * Attacks on the audit log by someone with the database owner's rights (or the app role's), each
 * caught by the verifier with the right problem named. Every attack gets a register of its own.
 */
import { createHash, createHmac, createPublicKey, verify as verifySignature } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import { AuditEvidence } from '../../src/audit/audit-evidence';
import { AuditSealer } from '../../src/audit/audit-sealer';
import { AuditProblemKind, AuditVerifier } from '../../src/audit/audit-verifier';
import { runCli } from '../../src/cli/main';
import { createScratchDatabase, withClient } from '../support/database';
import { Actor, createAdmin, createInstitution } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const OTHER_KEY = Buffer.from('another-audit-chain-key-for-rotation-tests!!').toString('base64');

interface Register {
  t: TestApp;
  admin: Actor;
  owner: <T>(work: (c: Client) => Promise<T>) => Promise<T>;
  /** Seals, journals and checkpoints, as the sealer's tick does. */
  seal(): Promise<void>;
  kinds(): Promise<{ kind: AuditProblemKind; chainSeq?: number }[]>;
  close(): Promise<void>;
}

async function register(
  settings: Record<string, string> = {},
  existing?: Awaited<ReturnType<typeof createScratchDatabase>>,
): Promise<Register> {
  const scratch = existing ?? (await createScratchDatabase());
  const t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl, ...settings });
  const admin = await createAdmin(t);
  for (let i = 0; i < 6; i++) await createInstitution(t, admin);
  return {
    t,
    admin,
    owner: (work) => withClient(scratch.ownerUrl, work),
    async seal() {
      await t.app.get(AuditSealer).sealPending();
      await t.app.get(AuditEvidence).flushJournal();
      await t.app.get(AuditEvidence).checkpoint();
    },
    async kinds() {
      const result = await t.app.get(AuditVerifier).verify();
      return result.problems.map(({ kind, chainSeq }) => ({ kind, chainSeq }));
    },
    async close() {
      await t.close();
      if (!existing) await scratch.drop();
    },
  };
}

/** Rewrites the chain from position `from` on as `hash` computes links (an insider's re-hash). */
async function rehash(c: Client, from: number, hash: (previous: Buffer, canonical: string) => Buffer): Promise<void> {
  const rows = (
    await c.query(
      `SELECT id, chain_seq, prev_hash, audit_canonical(a) AS canonical FROM audit_events a WHERE chain_seq >= $1 ORDER BY chain_seq`,
      [from],
    )
  ).rows as { id: string; prev_hash: Buffer; canonical: string }[];
  let previous = rows[0].prev_hash;
  for (const row of rows) {
    const next = hash(previous, row.canonical);
    await c.query(`UPDATE audit_events SET prev_hash = $2, hash = $3 WHERE id = $1`, [row.id, previous, next]);
    previous = next;
  }
}

describe('the audit log against an insider', () => {
  const open: Register[] = [];
  const fresh = async (settings: Record<string, string> = {}) => {
    const r = await register(settings);
    open.push(r);
    await r.seal();
    expect(await r.kinds()).toEqual([]);
    return r;
  };
  afterAll(async () => {
    for (const r of open) await r.close();
  });

  it('refuses chain columns in an insert by the app role', async () => {
    const r = await fresh();
    const scratchApp = r.t.config.databaseUrl!;
    await expect(
      withClient(scratchApp, (c) =>
        c.query(
          `INSERT INTO audit_events (actor_type, action, object_type, chain_seq, prev_hash, hash) VALUES ('system', 'x', 'x', 1000000, '\\x00', '\\x00')`,
        ),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withClient(scratchApp, (c) =>
        c.query(`INSERT INTO audit_events (actor_type, action, object_type, occurred_at) VALUES ('system', 'x', 'x', '2020-01-01')`),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('reports truncation of the tail after a checkpoint', async () => {
    const r = await fresh();
    await r.owner((c) => c.query(`DELETE FROM audit_events WHERE chain_seq > (SELECT max(chain_seq) - 3 FROM audit_events)`));
    expect((await r.kinds()).map((p) => p.kind)).toContain('truncated');
  });

  it('reports an edit re-hashed with the old unkeyed formula', async () => {
    const r = await fresh();
    await r.owner(async (c) => {
      await c.query(`UPDATE audit_events SET action = 'nothing.happened' WHERE chain_seq = 3`);
      await rehash(c, 3, (previous, canonical) => createHash('sha256').update(previous).update(canonical).digest());
    });
    const problems = await r.kinds();
    expect(problems).toContainEqual({ kind: 'edited', chainSeq: 3 });
    expect(problems.map((p) => p.kind)).toContain('rewritten');
  });

  it('reports an edit re-hashed with a guessed key', async () => {
    const r = await fresh();
    await r.owner(async (c) => {
      await c.query(`UPDATE audit_events SET row_count = 99 WHERE chain_seq = 2`);
      await rehash(c, 2, (previous, canonical) => createHmac('sha256', 'rehabreg').update(previous).update(canonical).digest());
    });
    expect(await r.kinds()).toContainEqual({ kind: 'edited', chainSeq: 2 });
  });

  it('reports committed rows deleted before they were sealed', async () => {
    const r = await fresh();
    await createInstitution(r.t, r.admin);
    await r.t.app.get(AuditEvidence).flushJournal(); // as every sealer tick does, before the rows are sealed
    await r.owner((c) => c.query(`DELETE FROM audit_events WHERE chain_seq IS NULL`));
    await r.seal();
    expect((await r.kinds()).map((p) => p.kind)).toContain('missing_committed_row');
  });

  it('reports a row inserted in the middle', async () => {
    const r = await fresh();
    await r.owner(async (c) => {
      await c.query(`UPDATE audit_events SET chain_seq = -chain_seq - 1 WHERE chain_seq >= 3`);
      await c.query(`UPDATE audit_events SET chain_seq = -chain_seq WHERE chain_seq < 0`);
      const [two] = (await c.query(`SELECT hash FROM audit_events WHERE chain_seq = 2`)).rows;
      await c.query(
        `INSERT INTO audit_events (actor_type, action, object_type, chain_seq, prev_hash, hash, key_version) VALUES ('system', 'inserted', 'x', 3, $1, $2, 1)`,
        [two.hash, createHash('sha256').update('forged').digest()],
      );
    });
    const problems = await r.kinds();
    expect(problems).toContainEqual({ kind: 'edited', chainSeq: 3 });
    expect(problems).toContainEqual({ kind: 'out_of_order', chainSeq: 4 });
  });

  it('reports two problems at once, and writes the report for the record', async () => {
    const r = await fresh();
    await r.owner(async (c) => {
      await c.query(`UPDATE audit_events SET action = 'nothing.happened' WHERE chain_seq = 2`);
      await c.query(`DELETE FROM audit_events WHERE chain_seq = 5`);
    });
    const problems = await r.kinds();
    expect(problems).toEqual(
      expect.arrayContaining([
        { kind: 'edited', chainSeq: 2 },
        { kind: 'deleted', chainSeq: 5 },
      ]),
    );

    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-audit-')), 'report.json');
    const saved = { DATABASE_URL: process.env.DATABASE_URL, DATABASE_OWNER_URL: process.env.DATABASE_OWNER_URL };
    Object.assign(process.env, { DATABASE_URL: r.t.config.databaseUrl, DATABASE_OWNER_URL: r.t.config.databaseOwnerUrl });
    let stdout = '';
    try {
      const code = await runCli(['audit:verify', '--report', report], {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stdout += text),
      });
      expect(code).toBe(1);
    } finally {
      Object.assign(process.env, saved);
    }
    const written = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(written.ok).toBe(false);
    expect(written.problems.map((p: { kind: string }) => p.kind)).toEqual(expect.arrayContaining(['edited', 'deleted']));
  });

  it('verifies on a schedule: a broken chain shows in /metrics and /health/ready', async () => {
    const r = await fresh({ AUDIT_VERIFY_INTERVAL_MS: '100' });
    await r.owner((c) => c.query(`UPDATE audit_events SET action = 'nothing.happened' WHERE chain_seq = 2`));
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const metrics = await r.t.http().get('/metrics');
      if (/^audit_chain_problems [1-9]/m.test(metrics.text)) break;
    }
    expect((await r.t.http().get('/metrics')).text).toMatch(/^audit_chain_problems 1$/m);
    const ready = await r.t.http().get('/health/ready').expect(200);
    expect(ready.body.checks.auditChain).toEqual({ ok: false, error: '1 problem(s); run audit:verify' });
  });

  it('verifies a clean chain across a key rotation, and publishes verifiable checkpoints', async () => {
    const before = await fresh();
    const scratch = { appUrl: before.t.config.databaseUrl!, ownerUrl: before.t.config.databaseOwnerUrl!, drop: async () => undefined };
    const current = before.t.config.auditChainKeys.map((k) => k.toString('base64')).join(',');
    const after = await register({ AUDIT_CHAIN_KEY: `${current},${OTHER_KEY}` }, scratch);
    open.push(after);
    await after.seal();
    expect(await after.kinds()).toEqual([]);
    const versions = (await after.owner((c) => c.query(`SELECT DISTINCT key_version FROM audit_events ORDER BY 1`))).rows.map(
      (row) => row.key_version,
    );
    expect(versions).toEqual([1, 2]);

    const listed = await after.t.http().get('/api/v1/admin/audit-checkpoints').set(after.admin.headers).expect(200);
    expect(listed.body.items.length).toBeGreaterThanOrEqual(2);
    const key = createPublicKey({ key: Buffer.from(listed.body.publicKey, 'base64'), format: 'der', type: 'spki' });
    const [newest] = listed.body.items;
    const text = Buffer.from(`${listed.body.registerId}|${newest.chainSeq}|${newest.headHash}|${newest.at}`);
    expect(verifySignature(null, text, key, Buffer.from(newest.signature, 'base64'))).toBe(true);
    const read = await after.t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ action: 'audit.checkpoints.read' })
      .set(after.admin.headers)
      .expect(200);
    expect(read.body.items).toHaveLength(1);
  });
});
