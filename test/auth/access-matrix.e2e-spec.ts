import { prefixFor } from '../../src/app.factory';
import { CatalogRoute, RouteCatalog } from '../../src/auth/route-catalog';
import { ACTORS, ActorName, OF_INSTITUTION_B, expectedOutcome, fillPath } from '../support/access-matrix';
import {
  Actor,
  createAdmin,
  createApiKey,
  createEpisode,
  createInstitutionWorld,
  createUser,
  EQ5D_WORST,
  InstitutionWorld,
} from '../support/fixtures';
import { startMockOidcProvider, type MockOidcProvider } from '../support/mock-oidc-provider';
import { createTestApp, TestApp } from '../support/test-app';
import { isWorkspacePage } from '../../src/web/page-refusal';
import { signIn } from '../web/web-support';

/** Routes whose parameter names a definition everyone shares, not an object of institution A. */
// Definitions everyone shares, and the results pages' indicators and tables, which name no object of A
// (a staff member of B sees B's own results there).
const isSharedDefinition = (path: string) => /^\/fhir\/(Questionnaire|StructureDefinition|CodeSystem)\/|^\/app\/results\//.test(path);

// every route × eight callers, on a machine shared by parallel suites
jest.setTimeout(180_000);

describe('authorization matrix over the real route table', () => {
  let t: TestApp;
  let routes: CatalogRoute[];
  let admin: Actor;
  let researcher: Actor;
  let dataManagerA: Actor;
  let dataManagerB: Actor;
  let exportA: string;
  let fhirExportA: string;
  let spareStaffA: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let unitA: string;
  let episodeA: string;
  let responseA: string;
  /** Ids of A's objects that must never appear in an answer to B. */
  let foreignIds: string[];
  /** Each person's browser session, for the workspace pages (which take no bearer token). */
  const sessions = new Map<ActorName, { cookie: string; csrf: string }>();
  let oidcProvider: MockOidcProvider;

  beforeAll(async () => {
    // External sign-in configured, so its routes are in the table and answer as they would in use.
    oidcProvider = await startMockOidcProvider();
    t = await createTestApp(oidcProvider.env('https://register.test/login/oidc/callback'));
    routes = t.app.get(RouteCatalog).routes(prefixFor);
    admin = await createAdmin(t);
    researcher = await createUser(t, admin, 'researcher');
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    b = await createInstitutionWorld(t, admin, 'helse-vest');
    unitA = (await t.http().post(`/api/v1/admin/institutions/${a.id}/units`).set(admin.headers).send({ name: 'Unit A' }).expect(201)).body
      .id;
    episodeA = (await createEpisode(t, a.apiKey.headers)).id;
    responseA = (
      await t
        .http()
        .post(`/api/v1/episodes/${episodeA}/responses`)
        .set(a.apiKey.headers)
        .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-02', mode: 'patient_paper', answers: EQ5D_WORST })
        .expect(201)
    ).body.id;
    spareStaffA = await createUser(t, admin, 'staff', [a.id]);
    dataManagerA = await createDataManager(a);
    dataManagerB = await createDataManager(b);
    exportA = (
      await t
        .http()
        .post('/api/v1/exports')
        .set(dataManagerA.headers)
        .send({ periodFrom: '2026-01-01', periodTo: '2026-12-31', format: 'csv' })
        .expect(201)
    ).body.id;
    fhirExportA = (
      await t
        .http()
        .get('/fhir/$export')
        .set({ ...dataManagerA.headers, Prefer: 'respond-async', Accept: 'application/fhir+json' })
        .expect(202)
    ).headers['content-location']
      .split('/')
      .pop() as string;
    foreignIds = [a.staff.id, a.apiKey.id, unitA, episodeA, responseA, dataManagerA.id, exportA, fhirExportA];
    for (const [actor, email] of [
      ['staffA', a.staff.email],
      ['staffB', b.staff.email],
      ['dataManagerA', dataManagerA.email],
      ['dataManagerB', dataManagerB.email],
      ['researcher', researcher.email],
      ['admin', admin.email],
    ] as const) {
      const session = await signIn(t, email);
      sessions.set(actor, { cookie: session.browser.cookie(), csrf: session.csrf });
    }
  });

  async function createDataManager(world: InstitutionWorld): Promise<Actor> {
    const staff = await createUser(t, admin, 'staff', [world.id]);
    await t.http().put(`/api/v1/admin/users/${staff.id}/institutions/${world.id}/data-manager`).set(admin.headers).expect(200);
    return staff;
  }
  afterAll(async () => {
    await t.close();
    await oidcProvider.close();
  });

  function headersOf(actor: ActorName): Record<string, string> {
    return {
      anonymous: {},
      staffA: a.staff.headers,
      staffB: b.staff.headers,
      dataManagerA: dataManagerA.headers,
      dataManagerB: dataManagerB.headers,
      apiKeyA: a.apiKey.headers,
      researcher: researcher.headers,
      admin: admin.headers,
    }[actor];
  }

  /** Fixtures for path parameters, by route. DELETE routes get a disposable object so admin's successful call breaks nothing. */
  async function fixture(route: CatalogRoute, param: string): Promise<string | undefined> {
    if (param === 'institutionId') return a.id;
    if (param === 'unitId') return unitA;
    if (param === 'keyId') return (await createApiKey(t, admin, a.id)).id;
    if (param === 'id' && route.path.startsWith('/api/v1/admin/institutions/')) return a.id;
    // A spare staff member of A, so a successful grant of the data-manager role changes no actor of this test
    if (param === 'id' && route.path.endsWith('/data-manager')) return spareStaffA.id;
    // Ending sessions: the spare staff member, so staffA's browser stays signed in for the pages after it
    if (param === 'id' && route.path.endsWith('/sessions')) return spareStaffA.id;
    if (param === 'id' && route.path.startsWith('/api/v1/admin/users/')) return a.staff.id;
    if ((param === 'id' || param === 'episodeId') && route.path.startsWith('/api/v1/episodes/')) return episodeA;
    if ((param === 'id' || param === 'episodeId') && route.path.startsWith('/app/episodes/')) return episodeA;
    if (param === 'id' && route.path.startsWith('/app/admin/institutions/')) return a.id;
    // Administrators' user pages: the spare staff member, so ending sessions or a change touches no actor of this test
    if (param === 'id' && route.path.startsWith('/app/admin/users/')) return spareStaffA.id;
    if (param === 'responseId') return responseA;
    // A fresh invitation of A's per call, so a successful revoke breaks nothing.
    if (param === 'invitationId')
      return (
        await t
          .http()
          .post(`/api/v1/episodes/${episodeA}/invitations`)
          .set(a.apiKey.headers)
          .send({ timepoint: 'discharge', instrument: 'eq5d-5l' })
          .expect(201)
      ).body.id;
    // The patient form's token is its credential: an unknown one, so every caller gets the same 404.
    if (param === 'token') return 'A'.repeat(32);
    if (param === 'period') return '2026'; // indicator expectations: a period, not an object of A
    // Research extracts: a fresh request of the researcher's per call; a file name of every extract
    if (param === 'id' && /\/extract-requests\/|\/app\/research\/extracts\/|\/app\/admin\/extracts\//.test(route.path))
      return (
        await t
          .http()
          .post('/api/v1/extract-requests')
          .set(researcher.headers)
          .send({
            title: 'Matrix',
            purpose: 'Access matrix',
            legalBasis: 'GDPR art. 6(1)(e) and 9(2)(j)',
            ethicsReference: 'REK 1/1',
            variables: ['patient'],
            periodFrom: '2026-01-01',
            periodTo: '2026-12-31',
          })
          .expect(201)
      ).body.id;
    if (param === 'name' && /\/extract-requests\/|\/app\/research\/extracts\//.test(route.path)) return 'extract.csv';
    // Access reports: one that does not exist (administrators get 404, everyone else is refused first)
    if (param === 'id' && route.path.includes('/access-reports/')) return '00000000-0000-4000-8000-000000000000';
    if (param === 'name' && route.path.includes('/access-reports/')) return 'access-report.json';
    // Own-data exports: institution A's, asked for by its data manager
    if (param === 'indicator' && (route.path.startsWith('/resultater/') || route.path.startsWith('/app/results/'))) return 'outcome.home';
    if (param === 'table' && (route.path.startsWith('/resultater/') || route.path.startsWith('/app/results/')))
      return route.path.includes(':indicator') ? 'funnel' : route.path.includes('/completeness/') ? 'coverage' : 'regions';
    if (param === 'id' && route.path.startsWith('/api/v1/exports/')) return exportA;
    if (param === 'name' && route.path.startsWith('/api/v1/exports/')) return 'episodes.csv';
    if (param === 'id' && route.path.startsWith('/app/exports/')) return exportA;
    if (param === 'name' && route.path.startsWith('/app/exports/')) return 'episodes.csv';
    // FHIR: the facade's conformance resources (shared by everyone), and A's episode and response
    if (param === 'id' && route.path.startsWith('/fhir/Questionnaire/')) return 'eq5d-5l';
    if (param === 'id' && route.path.startsWith('/fhir/StructureDefinition/')) return 'episode-setting';
    if (param === 'id' && route.path.startsWith('/fhir/CodeSystem/')) return 'programme';
    if (param === 'id' && route.path.startsWith('/fhir/EpisodeOfCare/')) return episodeA;
    if (param === 'id' && route.path.startsWith('/fhir/QuestionnaireResponse/')) return responseA;
    // FHIR bulk export: A's, kicked off by its data manager (DELETE cancels it, so later reads may be 404)
    if (param === 'id' && /^\/fhir\/\$export-(status|file)\//.test(route.path)) return fhirExportA;
    if (param === 'name' && route.path.startsWith('/fhir/$export-file/')) return 'episodeofcare.ndjson';
    return undefined;
  }

  it('has an access decision on every route', () => {
    const undeclared = routes
      .filter((route) => !route.access)
      .map((route) => `${route.method} ${route.path} (${route.controller}.${route.handler})`);
    expect(undeclared).toEqual([]);
    expect(routes.length).toBeGreaterThan(10);
  });

  it('gives every caller the right answer on every route', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const actor of ACTORS) {
        const params = new Map<string, string>();
        for (const [, param] of route.path.matchAll(/:(\w+)/g)) {
          const value = await fixture(route, param);
          if (value === undefined) {
            failures.push(`${route.method} ${route.path}: no fixture for :${param}; add one to this test`);
            break;
          }
          params.set(param, value);
        }
        const path = fillPath(route, (_route, param) => params.get(param));
        if (!path) continue;
        const touchesForeignObject = OF_INSTITUTION_B.includes(actor) && params.size > 0 && !isSharedDefinition(route.path);
        const expected = expectedOutcome(route, actor, touchesForeignObject);
        const page = isWorkspacePage(route.path);
        const session = sessions.get(actor);
        const req = t
          .http()
          [route.method.toLowerCase() as 'get'](path)
          .set(page ? { Accept: 'text/html', ...(session ? { Cookie: session.cookie } : {}) } : headersOf(actor));
        const body = page && route.access?.kind === 'session' && session ? { _csrf: session.csrf } : {};
        const res = ['POST', 'PUT', 'PATCH'].includes(route.method) ? await req.type(page ? 'form' : 'json').send(body) : await req;
        if (!expected.allowed.includes(res.status)) {
          failures.push(
            `${route.method} ${path} as ${actor}: got ${res.status}, expected ${expected.description} (${expected.allowed.join('/')})`,
          );
        }
        const errorType = page ? 'text/html' : route.path.startsWith('/fhir') ? 'application/fhir+json' : 'application/problem+json';
        if (res.status >= 400 && !String(res.headers['content-type']).startsWith(errorType)) {
          failures.push(`${route.method} ${path} as ${actor}: error ${res.status} is not ${errorType}`);
        }
        if (OF_INSTITUTION_B.includes(actor) && res.status < 300) {
          const leaked = foreignIds.filter((id) => (page ? res.text : JSON.stringify(res.body)).includes(id));
          if (leaked.length > 0)
            failures.push(`${route.method} ${path} as ${actor}: answer contains institution A's objects ${leaked.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
