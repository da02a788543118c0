/**
 * Speed of the synthetic register generator (`demo:generate`):
 *
 *   npm run bench:generator          (BENCH_EPISODES [50000], BENCH_INSTITUTIONS [80], BENCH_SEED [1])
 *
 * A private embedded PostgreSQL, migrated; generates the register once and prints episodes per second.
 */
import 'reflect-metadata';
import { loadConfig } from '../../src/config/config';
import { generateSyntheticRegister } from '../../src/demo/synthetic-register';
import { disposeOnInterrupt, positiveSetting, startBenchDatabase } from './bench-support';

async function main(): Promise<void> {
  const episodes = positiveSetting('BENCH_EPISODES', 50_000);
  const institutions = positiveSetting('BENCH_INSTITUTIONS', 80);
  const seed = positiveSetting('BENCH_SEED', 1);
  const db = await startBenchDatabase();
  disposeOnInterrupt(db);
  try {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.ownerUrl });
    const generated = await generateSyntheticRegister(db.ownerUrl, config, {
      episodes,
      institutions,
      seed,
      year: 2025,
      today: '2026-11-30',
    });
    console.log(JSON.stringify(generated));
  } finally {
    await db.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
