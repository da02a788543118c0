/**
 * Makes (or finds) the register template the benchmarks on a synthetic register copy, and says where it is:
 *
 *   BENCH_TEMPLATE_DIR=/some/folder npm run bench:template
 *                                   (BENCH_EPISODES [1000000], BENCH_INSTITUTIONS [80], BENCH_SEED [20])
 *
 * The same settings as `npm run bench:extracts` and `npm run bench:results` (test settings: the
 * development pseudonym key unless PSEUDONYM_KEY is set). See bench-support.ts, startBenchRegister.
 *
 * With BENCH_TEMPLATE=<an older template's folder> as well: copies that one, applies this tree's newer
 * migrations and keeps the result as this tree's template (for migrations that only add indexes and
 * the like; one that changes what the generator writes needs a register generated anew).
 */
import 'reflect-metadata';
import { loadConfig } from '../../src/config/config';
import { keepAsTemplate, positiveSetting, startBenchRegister } from './bench-support';

async function main(): Promise<void> {
  if (!process.env.BENCH_TEMPLATE_DIR) throw new Error('Set BENCH_TEMPLATE_DIR to the folder that keeps register templates');
  const spec = {
    episodes: positiveSetting('BENCH_EPISODES', 1_000_000),
    institutions: positiveSetting('BENCH_INSTITUTIONS', 80),
    seed: positiveSetting('BENCH_SEED', 20),
  };
  const configFor = (urls: { appUrl: string; ownerUrl: string }) =>
    loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: urls.appUrl, DATABASE_OWNER_URL: urls.ownerUrl });
  const { db, generated, template } = await startBenchRegister(spec, configFor);
  if (process.env.BENCH_TEMPLATE) {
    console.log(`Migrated ${template!.dir} to ${db.schema}; kept as ${await keepAsTemplate(db, spec, configFor, generated)}`);
    return;
  }
  await db.dispose();
  console.log(JSON.stringify(generated));
  console.log(`${template!.reused ? 'Already there' : 'Made'}: ${template!.dir}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
