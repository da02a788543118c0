/**
 * Errors are in the contract: every operation of the JSON API documents the errors it can give as
 * application/problem+json with the one Problem schema, and real error answers are documented for
 * their operation and have that shape. (Issue 16 goes further: every response of every e2e suite
 * validated against the document.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Actor,
  createAdmin,
  createEpisode,
  createInstitutionWorld,
  episodeBody,
  InstitutionWorld,
  newNationalId,
} from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

interface Operation {
  summary?: string;
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }>; headers?: Record<string, unknown> }>;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { required: string[]; properties: Record<string, unknown> }> };
};

const document = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'openapi', 'openapi.json'), 'utf8')) as Document;
const apiOperations = Object.entries(document.paths)
  .filter(([route]) => route.startsWith('/api/'))
  .flatMap(([route, methods]) => Object.entries(methods).map(([method, op]) => ({ route, method, op })));
const problemOf = (op: Operation, status: string) => op.responses[status]?.content?.['application/problem+json']?.schema?.$ref;

describe('errors in the OpenAPI document', () => {
  it('are documented for every operation as problem+json, by what the operation is', () => {
    const missing: string[] = [];
    const expect_ = (ok: boolean, what: string) => ok || missing.push(what);
    for (const { route, method, op } of apiOperations) {
      const name = `${method.toUpperCase()} ${route}`;
      const statuses = [
        '503',
        ...(op.security?.length ? ['401', '403'] : []),
        ...(/\{\w+\}/.test(route) ? ['404'] : []),
        ...(op.requestBody ? ['400', '413', '415'] : []),
      ];
      for (const status of statuses) expect_(problemOf(op, status) === '#/components/schemas/Problem', `${name} ${status}`);
      for (const status of Object.keys(op.responses))
        if (Number(status) >= 400) expect_(problemOf(op, status) === '#/components/schemas/Problem', `${name} ${status} not problem+json`);
      for (const status of ['429', '503'])
        if (op.responses[status]) expect_(Boolean(op.responses[status].headers?.['Retry-After']), `${name} ${status} Retry-After`);
      expect_(Array.isArray(op.security), `${name} security`);
    }
    for (const [route, methods] of Object.entries(document.paths))
      for (const [method, op] of Object.entries(methods))
        expect_(Boolean(op.summary && op.operationId && op.tags?.length), `${method.toUpperCase()} ${route} summary, operationId, tags`);
    expect(apiOperations.length).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });
});

describe('real error answers', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  const problem = document.components.schemas.Problem;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  /** The answer is documented for its operation, as problem+json, and has the Problem's shape and no other fields. */
  function expectDocumentedProblem(
    route: string,
    method: string,
    res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  ) {
    expect(problemOf(document.paths[route][method], String(res.status))).toBe('#/components/schemas/Problem');
    expect(res.headers['content-type']).toContain('application/problem+json');
    for (const field of problem.required) expect(res.body).toHaveProperty(field);
    expect(Object.keys(res.body).filter((key) => !(key in problem.properties))).toEqual([]);
  }

  it('400, 401, 403, 404 and 409 are what the document says', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    expectDocumentedProblem(
      '/api/v1/episodes',
      'post',
      await t.http().post('/api/v1/episodes').set(a.apiKey.headers).send({ externalId: 5 }).expect(400),
    );
    expectDocumentedProblem('/api/v1/episodes', 'get', await t.http().get('/api/v1/episodes').expect(401));
    expectDocumentedProblem(
      '/api/v1/admin/institutions',
      'get',
      await t.http().get('/api/v1/admin/institutions').set(a.staff.headers).expect(403),
    );
    expectDocumentedProblem(
      '/api/v1/episodes/{id}',
      'get',
      await t.http().get('/api/v1/episodes/00000000-0000-4000-8000-000000000000').set(a.staff.headers).expect(404),
    );
    expectDocumentedProblem(
      '/api/v1/episodes',
      'post',
      await t
        .http()
        .post('/api/v1/episodes')
        .set(a.apiKey.headers)
        .send(episodeBody({ externalId: episode.body.externalId, patient: { nationalId: newNationalId(1990) } }))
        .expect(409),
    );
  });
});
