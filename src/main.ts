/** Starts the service: settings, database (embedded unless DATABASE_URL), migrations, demo data, HTTP. */
import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { locateDatabase } from './database/database-location';
import { runMigrations } from './database/migrations';
import { DEMO_PASSWORD, DEMO_USERS, DemoData, demoApiKey } from './demo/demo-data';
import { MetricsService } from './metrics/metrics.service';
import { FirstAdmin } from './users/first-admin';

function demoLoginHelp(base: string): string {
  return (
    `  Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((user) => user.email).join(', ')}\n` +
    `    curl -s -X POST ${base}/api/v1/auth/login -H 'Content-Type: application/json' -d '{"email":"staff.nord@demo.rehabreg.no","password":"${DEMO_PASSWORD}"}'\n` +
    `  Demo API keys (X-Api-Key): nord ${demoApiKey('nord').key}\n                             vest ${demoApiKey('vest').key}\n`
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  let countRestart = () => undefined as void;
  const database = await locateDatabase(config, 'own', {
    onRestart: () => countRestart(),
    onGiveUp: (error) => {
      process.stderr.write(`${error.message}\nrehabreg is stopping so that its supervisor can start it again.\n`);
      process.exit(1);
    },
  });
  if (config.runMigrations) await runMigrations(database.ownerUrl);
  const app = await createApp({ ...config, databaseUrl: database.appUrl, databaseOwnerUrl: database.ownerUrl });
  countRestart = () => app.get(MetricsService).databaseRestarts.inc();
  await app.get(FirstAdmin).ensure();
  if (config.loadDemoData) await app.get(DemoData).ensureLoaded();
  await app.listen(config.port, config.host);

  const base = config.publicBaseUrl;
  process.stdout.write(
    `\nrehabreg is listening on ${base} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)\n` +
      `  API docs:  ${base}/docs   (OpenAPI: ${base}/docs/openapi.json)\n` +
      `  Health:    ${base}/health/ready\n` +
      (database.embedded ? `  Database:  embedded PostgreSQL in ${config.dataDir}/\n` : '') +
      (config.loadDemoData ? demoLoginHelp(base) : '') +
      `Press Ctrl-C to stop.\n\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal} received: finishing open requests, then stopping.\n`);
    app.getHttpServer().closeIdleConnections?.();
    await app.close(); // stops accepting, waits for in-flight requests, closes the pool
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`rehabreg failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
