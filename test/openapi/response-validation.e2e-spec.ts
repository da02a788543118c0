/**
 * The response validator that every e2e suite's HTTP client runs is itself tested here: it must fail a
 * test on an answer the document does not describe, and pass the real service's answers.
 */
import * as http from 'node:http';
import request from 'supertest';
import { DISCHARGE_DESTINATIONS } from '../../src/episodes/episode.enums';
import { buildOpenApiDocument } from '../../src/openapi/openapi';
import { contractViolations, type ReceivedResponse } from '../support/openapi-contract';
import { checkedAgainstContract, createTestApp, type TestApp } from '../support/test-app';

const me = (overrides: Partial<ReceivedResponse>): ReceivedResponse => ({
  method: 'GET',
  url: '/api/v1/auth/me',
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: { kind: 'user', id: 'u1', email: null, role: 'staff', institutionIds: [], dataManagerInstitutionIds: [] },
  hasBody: true,
  ...overrides,
});

describe('the contract check on answers', () => {
  it('passes an answer as documented', () => {
    expect(contractViolations(me({}))).toEqual([]);
  });

  it('names each way an answer can differ from the document', () => {
    expect(
      contractViolations(me({ body: { kind: 'user', id: 'u1', role: 'staff', institutionIds: [], dataManagerInstitutionIds: [] } })),
    ).toEqual([expect.stringMatching(/GET \/api\/v1\/auth\/me → 200: body must have required property 'email'/)]);
    expect(
      contractViolations(
        me({ body: { kind: 'user', id: 'u1', email: {}, role: 'staff', institutionIds: [], dataManagerInstitutionIds: [] } }),
      ),
    ).toEqual([expect.stringMatching(/body\/email must be string/)]);
    expect(contractViolations(me({ status: 418 }))).toEqual([expect.stringMatching(/status not documented/)]);
    expect(contractViolations(me({ headers: { 'content-type': 'text/html' } }))).toEqual([
      expect.stringMatching(/content type "text\/html" not documented/),
    ]);
    expect(
      contractViolations(me({ status: 401, body: { title: 'no type' }, headers: { 'content-type': 'application/problem+json' } })),
    ).toEqual([expect.stringMatching(/must have required property 'type'/), expect.stringMatching(/must have required property 'status'/)]);
    expect(contractViolations(me({ url: '/api/v1/nowhere', status: 200 }))).toEqual([expect.stringMatching(/no such operation/)]);
  });

  it('checks the documented Retry-After header of a 503', () => {
    const unavailable = me({
      status: 503,
      headers: { 'content-type': 'application/problem+json' },
      body: { type: 'urn:rehabreg:problem:database-unavailable', title: 'Unavailable', status: 503 },
    });
    expect(contractViolations(unavailable)).toEqual([expect.stringMatching(/required header Retry-After missing/)]);
    expect(contractViolations({ ...unavailable, headers: { ...unavailable.headers, 'retry-after': '5' } })).toEqual([]);
  });

  it('leaves HTML pages outside the JSON contract alone', () => {
    expect(contractViolations(me({ url: '/forms/abc', headers: { 'content-type': 'text/html' }, body: undefined }))).toEqual([]);
  });
});

describe('the test HTTP client', () => {
  let wrongServer: http.Server;
  let t: TestApp;

  beforeAll(async () => {
    // a deliberately wrong service: the document's /auth/me, with email as a number
    wrongServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'user', id: 'u1', email: 42, role: 'staff', institutionIds: [], dataManagerInstitutionIds: [] }));
    });
    t = await createTestApp();
  });
  afterAll(async () => {
    wrongServer.close();
    await t.close();
  });

  it('fails the request of a test that receives a wrong answer', async () => {
    await expect(checkedAgainstContract(request(wrongServer)).get('/api/v1/auth/me')).rejects.toThrow(
      /Answer not as the OpenAPI document says:\nGET \/api\/v1\/auth\/me → 200: body\/email must be string/,
    );
  });

  it('lets the real service’s answers through, errors included', async () => {
    await t.http().get('/api/v1/instruments').expect(200);
    await t.http().get('/api/v1/auth/me').expect(401);
    await t.http().get('/api/v1/nowhere').expect(404);
  });

  it('spells out nullable enums in the document without changing the lists the service validates with', () => {
    const before = [...DISCHARGE_DESTINATIONS];
    const document = buildOpenApiDocument(t.app) as unknown as {
      components: { schemas: Record<string, { properties: Record<string, { enum?: unknown[] }> }> };
    };
    expect(document.components.schemas.EpisodeDto.properties.dischargeDestination.enum).toEqual([...before, null]);
    expect(DISCHARGE_DESTINATIONS).toEqual(before);
  });
});
