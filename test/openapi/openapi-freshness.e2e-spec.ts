import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOpenApiDocument, openApiJson } from '../../src/openapi/openapi';
import { createTestApp, TestApp } from '../support/test-app';

describe('the checked-in OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is exactly what the code generates (run `npm run openapi` after changing a route or DTO)', () => {
    const checkedIn = fs.readFileSync(path.join(__dirname, '..', '..', 'openapi', 'openapi.json'), 'utf8');
    expect(checkedIn).toEqual(openApiJson(buildOpenApiDocument(t.app)));
  });

  it('is the document served at /docs/openapi.json', async () => {
    const served = await t.http().get('/docs/openapi.json').expect(200);
    expect(served.body).toEqual(buildOpenApiDocument(t.app));
  });
});
