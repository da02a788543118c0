/**
 * Property-based: generated bad payloads at every write route of the real route table must get a
 * 4xx problem+json (an OperationOutcome on /fhir), never a 5xx, and leave the database exactly as it was. Workspace pages
 * (/login, /logout, /app/...) answer with 4xx HTML pages instead, and are sent the payloads from a
 * signed-in administrator's browser session, with its CSRF token on the routes behind the session.
 */
import fc from 'fast-check';
import { prefixFor } from '../../src/app.factory';
import { CatalogRoute, RouteCatalog } from '../../src/auth/route-catalog';
import { createScratchDatabase, withClient } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, InstitutionWorld, routeParams } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { isWorkspacePage } from '../../src/web/page-refusal';
import { signIn } from '../web/web-support';

const RUNS_PER_ROUTE = 25;

/** Objects with at least one field no DTO has, or wrong-typed values; and top-level non-objects. */
const badPayload = fc.oneof(
  fc.dictionary(
    fc.string({ minLength: 1, maxLength: 12 }).map((key) => `x_${key}`),
    fc.anything(),
    { minKeys: 1, maxKeys: 4 },
  ),
  fc.record(
    { episodes: fc.anything(), timepoint: fc.anything(), answers: fc.anything(), email: fc.anything(), name: fc.integer() },
    { requiredKeys: ['name'] },
  ),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.boolean()),
);

async function databaseFingerprint(ownerUrl: string): Promise<string> {
  return withClient(ownerUrl, async (c) => {
    // Every table but bookkeeping: rate-limit counters count refused requests too, as they should, and
    // the administrator's web session records when it was last used.
    const tables: string[] = (
      await c.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'rate_limit_windows', 'web_sessions') ORDER BY 1`,
      )
    ).rows.map((r: { tablename: string }) => r.tablename);
    const parts: string[] = [];
    for (const table of tables) {
      const { rows } = await c.query(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${table}" t`,
      );
      parts.push(`${table}:${rows[0].n}:${rows[0].h}`);
    }
    return parts.join('\n');
  });
}

describe('write routes under generated bad input', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  const params: Record<string, string> = {};
  let adminSession: { cookie: string; csrf: string };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
    Object.assign(params, await routeParams(t, admin, a));
    const session = await signIn(t, admin.email);
    adminSession = { cookie: session.browser.cookie(), csrf: session.csrf };
  });
  afterAll(async () => {
    await t.close();
    await scratch.drop();
  });

  function headersFor(route: CatalogRoute): Record<string, string> {
    if (isWorkspacePage(route.path)) return { Cookie: adminSession.cookie, Accept: 'text/html' };
    if (route.access?.kind !== 'allow') return {};
    if (route.access.audiences.includes('admin')) return admin.headers;
    if (route.access.audiences.includes('api_client')) return a.apiKey.headers;
    return a.staff.headers;
  }

  function pathFor(route: CatalogRoute): string {
    return route.path.replace(/:(\w+)/g, (_m, name: string) =>
      name === 'id'
        ? route.path.startsWith('/api/v1/admin/users')
          ? admin.id
          : route.path.startsWith('/api/v1/admin')
            ? a.id
            : params.episodeId
        : params[name],
    );
  }

  /** Pages refuse with a page, the FHIR facade with an OperationOutcome, the API with problem+json. */
  function errorTypeOf(route: CatalogRoute): string {
    if (isWorkspacePage(route.path)) return 'text/html';
    return route.path.startsWith('/fhir') ? 'application/fhir+json' : 'application/problem+json';
  }

  /** Behind a session, the payload carries the session's CSRF token, so it reaches the page's own checks. */
  function withCsrf(route: CatalogRoute, payload: unknown): unknown {
    const isObject = typeof payload === 'object' && payload !== null && !Array.isArray(payload);
    return route.access?.kind === 'session' && isObject ? { ...payload, _csrf: adminSession.csrf } : payload;
  }

  it('answers every bad payload with 4xx problem+json (4xx pages on workspace pages) and changes nothing', async () => {
    const routes = t.app
      .get(RouteCatalog)
      .routes(prefixFor)
      .filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    expect(routes.length).toBeGreaterThan(5);
    const before = await databaseFingerprint(scratch.ownerUrl);
    const failures: string[] = [];
    for (const route of routes) {
      const path = pathFor(route);
      await fc
        .assert(
          fc.asyncProperty(badPayload, async (payload) => {
            const res = await t
              .http()
              [route.method.toLowerCase() as 'post'](path)
              .set(headersFor(route))
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(withCsrf(route, payload)));
            const type = errorTypeOf(route);
            const ok = res.status >= 400 && res.status < 500 && String(res.headers['content-type']).startsWith(type);
            if (!ok) failures.push(`${route.method} ${route.path} ${JSON.stringify(payload)} -> ${res.status}`);
            return ok;
          }),
          { numRuns: RUNS_PER_ROUTE, seed: 20261125 },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(scratch.ownerUrl)).toEqual(before);
    // 25 payloads × every write route, each workspace POST also counted against the write budget (a statement
    // more since issue 21's page rate limit): more than the default minute on a loaded 2-core machine
  }, 180_000);

  it('answers broken JSON and wrong content types on every write route with 4xx problem+json', async () => {
    const routes = t.app
      .get(RouteCatalog)
      .routes(prefixFor)
      .filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && /^\/(api|fhir)(\/|$)/.test(r.path));
    const before = await databaseFingerprint(scratch.ownerUrl);
    for (const route of routes) {
      for (const [type, body] of [
        ['application/json', '{"episodes": [ {'],
        ['text/csv', 'a,b\n1,2'],
        ['application/x-www-form-urlencoded', 'a=1'],
      ]) {
        const res = await t
          .http()
          [route.method.toLowerCase() as 'post'](pathFor(route))
          .set(headersFor(route))
          .set('Content-Type', type)
          .send(body);
        expect({
          route: route.path,
          type,
          status: res.status < 500 && res.status >= 400,
          problem: String(res.headers['content-type']).startsWith(errorTypeOf(route)),
        }).toEqual({ route: route.path, type, status: true, problem: true });
      }
    }
    expect(await databaseFingerprint(scratch.ownerUrl)).toEqual(before);
  });
});
