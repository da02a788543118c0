/** `npm run openapi`: writes the OpenAPI document generated from the code to openapi/openapi.json. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { locateDatabase } from '../src/database/database-location';
import { runMigrations } from '../src/database/migrations';
import { buildOpenApiDocument, openApiJson } from '../src/openapi/openapi';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
  const database = await locateDatabase(config, 'create'); // a development tool: may create the local register
  try {
    await runMigrations(database.ownerUrl);
    const app = await createApp({ ...config, databaseUrl: database.appUrl, databaseOwnerUrl: database.ownerUrl });
    const target = path.join(__dirname, '..', '..', 'openapi', 'openapi.json');
    fs.writeFileSync(target, openApiJson(buildOpenApiDocument(app)));
    await app.close();
    process.stdout.write(`Wrote ${path.relative(process.cwd(), target)}\n`);
  } finally {
    await database.close(); // also on failure: an embedded server we started must not outlive us
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
