/**
 * `npm run schema`: migrates a throwaway embedded PostgreSQL from nothing and writes its schema to
 * schema.sql (src/database/schema-dump.ts). A fresh cluster, not the local register, so the file
 * shows what the migrations create and nothing a developer's database picked up on the way.
 * `--output FILE` writes elsewhere (to compare two versions of the migrations).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { provisionDatabase, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrations';
import { dumpSchema } from '../src/database/schema-dump';
import { withClient } from '../src/database/with-client';

async function main(): Promise<void> {
  const outputFlag = process.argv.indexOf('--output');
  const target = outputFlag > 0 ? path.resolve(process.argv[outputFlag + 1]) : path.join(__dirname, '..', '..', 'schema.sql');
  // os.tmpdir() is world-traversable, so the `postgres` OS user can reach the data directory when run as root.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-schema-'));
  fs.chmodSync(dataDir, 0o755);
  const cluster = await startEmbeddedPostgres(dataDir);
  try {
    const { ownerUrl } = await provisionDatabase(cluster, dataDir, 'rehabreg');
    await runMigrations(ownerUrl);
    fs.writeFileSync(target, await withClient(ownerUrl, dumpSchema));
    process.stdout.write(`Wrote ${path.relative(process.cwd(), target)}\n`);
  } finally {
    await cluster.stop(); // also on failure: the server we started must not outlive us
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
