import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { withClient } from '../support/database';
import { randomOrgNumber, uniqueEmail } from '../support/fixtures';

async function cli(...argv: string[]): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, json: stdout ? JSON.parse(stdout) : JSON.parse(stderr), stderr };
}

describe('operator CLI (npm run -s cli -- ...)', () => {
  it('bootstraps an institution, a staff user and an API key, printing JSON', async () => {
    const institution = await cli(
      'institution:create',
      '--name',
      'CLI HF',
      '--org-number',
      randomOrgNumber(),
      '--kind',
      'municipality',
      '--region',
      'helse-midt-norge',
    );
    expect(institution.code).toBe(0);
    expect(institution.json).toMatchObject({ name: 'CLI HF', kind: 'municipality', region: 'helse-midt-norge', active: true });

    const email = uniqueEmail('cli');
    const user = await cli(
      'user:create',
      '--email',
      email,
      '--password',
      'a long enough password',
      '--role',
      'staff',
      '--institution',
      institution.json.id as string,
    );
    expect(user.code).toBe(0);
    expect(user.json).toMatchObject({ email, role: 'staff', institutionIds: [institution.json.id] });

    const granted = await cli('user:grant-data-manager', '--user', user.json.id as string, '--institution', institution.json.id as string);
    expect(granted.code).toBe(0);
    expect(granted.json).toMatchObject({ id: user.json.id, dataManagerInstitutionIds: [institution.json.id] });
    const removed = await cli('user:remove-data-manager', '--user', user.json.id as string, '--institution', institution.json.id as string);
    expect(removed.code).toBe(0);
    expect(removed.json).toMatchObject({ institutionIds: [institution.json.id], dataManagerInstitutionIds: [] });
    const notUuid = await cli('user:grant-data-manager', '--user', 'someone', '--institution', institution.json.id as string);
    expect(notUuid.code).not.toBe(0);

    const key = await cli('api-key:create', '--institution', institution.json.id as string, '--name', 'EPJ');
    expect(key.code).toBe(0);
    expect(key.json.key).toMatch(/^rr_[a-z0-9]{10}_[A-Za-z0-9_-]{32}$/);
  });

  it('never creates a register: a DATA_DIR without one, or an empty database, is an error', async () => {
    const saved = {
      DATABASE_URL: process.env.DATABASE_URL,
      DATABASE_OWNER_URL: process.env.DATABASE_OWNER_URL,
      DATA_DIR: process.env.DATA_DIR,
    };
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-cli-'));
    const empty = `cli_empty_${Date.now()}`;
    try {
      delete process.env.DATABASE_URL;
      delete process.env.DATABASE_OWNER_URL;
      process.env.DATA_DIR = dataDir;
      const noCluster = await cli('audit:verify');
      expect(noCluster.code).toBe(1);
      expect(noCluster.json.error).toContain('There is no register under DATA_DIR');
      expect(fs.readdirSync(dataDir)).toEqual([]);

      await withClient(process.env.TEST_SUPERUSER_URL!, (c) => c.query(`CREATE DATABASE ${empty} OWNER rehabreg_owner`));
      const url = new URL(saved.DATABASE_OWNER_URL!);
      url.pathname = `/${empty}`;
      process.env.DATABASE_URL = process.env.DATABASE_OWNER_URL = url.toString();
      const emptyDatabase = await cli('audit:verify');
      expect(emptyDatabase.code).toBe(1);
      expect(emptyDatabase.json.error).toContain('holds no register');
    } finally {
      Object.assign(process.env, saved);
      if (saved.DATA_DIR === undefined) delete process.env.DATA_DIR;
      fs.rmSync(dataDir, { recursive: true, force: true });
      await withClient(process.env.TEST_SUPERUSER_URL!, (c) => c.query(`DROP DATABASE IF EXISTS ${empty} WITH (FORCE)`));
    }
  });

  it('prints the public key of the audit checkpoints without touching a database', async () => {
    const printed = await cli('audit:public-key');
    expect(printed.code).toBe(0);
    expect(printed.json.publicKey).toMatch(/^MCowBQYDK2VwAyEA[A-Za-z0-9+/]{43}=$/); // Ed25519 SPKI DER, base64
  });

  it('erases withdrawn patients whose grace period has ended, as the hourly job does', async () => {
    const erased = await cli('withdrawals:erase');
    expect(erased.code).toBe(0);
    expect(erased.json).toEqual({ patients: expect.any(Number), episodes: expect.any(Number) });
  });

  it('publishes the indicators of a period once, and after that only a correction with its reason', async () => {
    // A period of its own: the shared test database (or a reused external one) keeps what is published.
    const period = `${1000 + Math.floor(Math.random() * 900)}-Q${1 + Math.floor(Math.random() * 4)}`;
    const first = await cli('indicators:publish', '--period', period);
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ period, version: 1, correctionReason: null });
    const again = await cli('indicators:publish', '--period', period);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('correctionReason');
    const corrected = await cli(
      'indicators:publish',
      '--period',
      period,
      '--correction-reason',
      'Expected institutions were listed wrongly',
    );
    expect(corrected.code).toBe(0);
    expect(corrected.json).toMatchObject({
      period,
      version: 2,
      latestVersion: 2,
      correctionReason: 'Expected institutions were listed wrongly',
    });
    // A period that has not ended is not published, forced or not.
    const future = await cli('indicators:publish', '--period', '2999', '--force', '--reason', 'The board asked for it early');
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('ends on 2999-12-31');
  });

  it('puts problems on stderr with a non-zero exit and says which flag is wrong', async () => {
    const bad = await cli('institution:create', '--name', 'X', '--org-number', '123', '--kind', 'hospital', '--region', 'helse-vest');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('orgNumber');
    expect(bad.stderr).toContain('kind must be one of health_trust, private, municipality');

    const missing = await cli('user:create', '--email', 'x@y.no');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--password is required');

    const unknownInstitution = await cli('api-key:create', '--institution', '00000000-0000-4000-8000-000000000000', '--name', 'EPJ');
    expect(unknownInstitution.code).toBe(1);
    expect(unknownInstitution.stderr).toContain('not found');

    const unknown = await cli('make-coffee');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command');
  });
});
