/**
 * Hostile input anywhere a client can put it: NUL bytes, over-long strings and bracket soup in every
 * query parameter of the OpenAPI document, over-long values in the headers the API reads, JSON nested
 * thousands of levels deep on every write route (signed in or not), and tokens without an expiry.
 * Every answer is a 4xx problem+json or a success, never a 5xx, and the service stays healthy.
 */
import { SignJWT } from 'jose';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../src/auth/token.service';
import { Actor, createAdmin, createInstitutionWorld, InstitutionWorld, routeParams } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

interface Operation {
  method: string;
  path: string;
  query: string[];
}

const HOSTILE_VALUES = ['a\u0000b', '\u0000', 'x'.repeat(10_000), '['.repeat(5_000), '%00', '\ud800', "'; DROP TABLE episodes; --"];

function operations(): Operation[] {
  const document = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'openapi', 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
  };
  return Object.entries(document.paths).flatMap(([route, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method,
      path: route,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    })),
  );
}

describe('hostile input', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  const params: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
    Object.assign(params, await routeParams(t, admin, a));
  });
  afterAll(() => t.close());

  const headersFor = (route: string): Record<string, string> =>
    route.startsWith('/api/v1/admin') ? admin.headers : route.startsWith('/api/v1/episodes') ? a.staff.headers : a.apiKey.headers;
  const pathFor = (route: string) =>
    route.replace(/\{(\w+)\}/g, (_m, name: string) =>
      name === 'id'
        ? route.startsWith('/api/v1/admin/users')
          ? admin.id
          : route.startsWith('/api/v1/admin')
            ? a.id
            : params.episodeId
        : params[name],
    );
  const isProblemOrSuccess = (res: { status: number; headers: Record<string, string> }) =>
    res.status < 400 || (res.status < 500 && String(res.headers['content-type']).startsWith('application/problem+json'));

  it('answers NUL bytes, long strings and bracket soup in every query parameter without a 5xx', async () => {
    const failures: string[] = [];
    const gets = operations().filter((op) => op.method === 'get' && op.query.length > 0);
    expect(gets.length).toBeGreaterThan(5);
    for (const op of gets) {
      for (const name of op.query) {
        for (const value of HOSTILE_VALUES) {
          const res = await t
            .http()
            .get(pathFor(op.path))
            .query({ [name]: value })
            .set(headersFor(op.path));
          if (!isProblemOrSuccess(res)) failures.push(`GET ${op.path}?${name}=${JSON.stringify(value.slice(0, 20))} -> ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers over-long and odd values in the headers the API reads without a 5xx', async () => {
    const failures: string[] = [];
    const values = ['x'.repeat(4_000), '\u00e6\u00f8\u00e5', ' ', 'Bearer ' + 'a.'.repeat(1_500)];
    for (const header of [
      'X-Api-Key',
      'Authorization',
      'Idempotency-Key',
      'X-Request-Id',
      'Accept-Language',
      'X-Forwarded-For',
      'Content-Type',
    ]) {
      for (const value of values) {
        for (const [method, route] of [
          ['get', '/api/v1/episodes'],
          ['post', '/api/v1/submissions'],
          ['post', '/api/v1/auth/login'],
        ] as const) {
          const res = await t
            .http()
            [method](route)
            .set(route === '/api/v1/auth/login' ? {} : a.apiKey.headers)
            .set(header, value)
            .send(method === 'post' ? JSON.stringify({ episodes: [] }) : undefined);
          if (!isProblemOrSuccess(res)) failures.push(`${method} ${route} ${header}: ${value.slice(0, 20)} -> ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses JSON nested thousands of levels deep on every write route with 400 problem+json, signed in or not', async () => {
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const failures: string[] = [];
    for (const op of operations().filter((o) => ['post', 'put', 'patch'].includes(o.method) && o.path.startsWith('/api/'))) {
      for (const body of [deep(5_000), `{"episodes": ${deep(3_000)}}`, `{"email": "a", "password": ${deep(10_000)}}`]) {
        const res = await t
          .http()
          [op.method as 'post'](pathFor(op.path))
          .set(headersFor(op.path))
          .set('Content-Type', 'application/json')
          .send(body);
        if (res.status !== 400 || res.body.type !== 'urn:rehabreg:problem:json-too-deep')
          failures.push(`${op.method} ${op.path} -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    const shallow = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'nobody@example.org', password: [[[['x']]]] }));
    expect(shallow.status).toBe(400);
    expect(shallow.body.type).not.toBe('urn:rehabreg:problem:json-too-deep');
  });

  it('refuses a correctly signed token without exp or iat', async () => {
    const secret = t.config.jwtSecret;
    const sign = (claims: { exp?: boolean; iat?: boolean }) => {
      let jwt = new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(admin.id)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE);
      if (claims.iat) jwt = jwt.setIssuedAt();
      if (claims.exp) jwt = jwt.setExpirationTime('5m');
      return jwt.sign(secret);
    };
    for (const claims of [{ iat: true }, { exp: true }, {}]) {
      const res = await t
        .http()
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${await sign(claims)}`);
      expect([res.status, JSON.stringify(claims)]).toEqual([401, JSON.stringify(claims)]);
    }
    await t
      .http()
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${await sign({ exp: true, iat: true })}`)
      .expect(200);
  });

  it('is healthy afterwards', async () => {
    await t.http().get('/health/ready').expect(200);
  });
});
