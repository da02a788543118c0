/**
 * The TypeScript client an integrator generates from the document (openapi-typescript + openapi-fetch,
 * shipped in examples/typescript-client): it is generated from today's document, compiles under strict
 * TypeScript, and drives a real flow against the service, every answer checked against the contract.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  allEpisodes,
  RegisterRefused,
  rehabregClient,
  scoredEpisode,
  strokeAdmission,
  submitEpisodes,
} from '../../examples/typescript-client/rehabreg-client';
import { assertMatchesContract } from '../support/openapi-contract';
import { createAdmin, createInstitutionWorld, type InstitutionWorld, newNationalId } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'typescript-client');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

/** fetch, with every answer checked against the OpenAPI document like the supertest clients' answers. */
const checkedFetch: typeof fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const response = await fetch(request);
  const text = await response.clone().text();
  assertMatchesContract({
    method: request.method,
    url: request.url,
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined,
    hasBody: text.length > 0,
  });
  return response;
};

describe('the generated TypeScript client in examples/', () => {
  it('is generated from the checked-in document', () => {
    const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'client-')), 'rehabreg-api.d.ts');
    execFileSync(bin('openapi-typescript'), [path.join(ROOT, 'openapi', 'openapi.json'), '-o', fresh], { stdio: 'pipe' });
    expect(fs.readFileSync(path.join(EXAMPLE, 'rehabreg-api.d.ts'), 'utf8')).toBe(fs.readFileSync(fresh, 'utf8'));
  });

  it('compiles under strict TypeScript', () => {
    expect(() => execFileSync(bin('tsc'), ['-p', path.join(EXAMPLE, 'tsconfig.json')], { stdio: 'pipe' })).not.toThrow();
  });

  describe('against the running service', () => {
    let t: TestApp;
    let world: InstitutionWorld;
    let baseUrl: string;

    beforeAll(async () => {
      t = await createTestApp();
      world = await createInstitutionWorld(t, await createAdmin(t));
      await t.app.listen(0, '127.0.0.1');
      baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    });
    afterAll(() => t.close());

    it('submits an episode once however often the batch is retried, and reads back the scores', async () => {
      const client = rehabregClient(baseUrl, world.apiKey.key, checkedFetch);
      const batch = [strokeAdmission(`EPJ-${Date.now()}`, newNationalId(), '2026-03-02')];
      const first = await submitEpisodes(client, batch, 'batch-0001');
      const retried = await submitEpisodes(client, batch, 'batch-0001');
      expect(retried).toEqual(first);
      expect(first.episodes).toEqual([expect.objectContaining({ status: 'created' })]);
      expect(first.responses).toEqual({ created: 2, corrected: 0, unchanged: 0 });

      const episode = await scoredEpisode(client, first.episodes[0].id);
      const barthel = episode.responses.find((r) => r.instrument === 'barthel');
      const eq5d = episode.responses.find((r) => r.instrument === 'eq5d-5l');
      expect(barthel?.scores.total100).toBe(60);
      expect(eq5d?.scores.state).toBe('32421');
      expect(eq5d?.scores.vas).toBe(55);
      expect(typeof eq5d?.scores.index).toBe('number');
    });

    it('walks the episode list page by page with the cursor', async () => {
      const client = rehabregClient(baseUrl, world.apiKey.key, checkedFetch);
      const externalIds = Array.from({ length: 5 }, (_, i) => `LIST-${Date.now()}-${i}`);
      await submitEpisodes(
        client,
        externalIds.map((id) => strokeAdmission(id, newNationalId(), '2026-02-03')),
      );
      const listed: string[] = [];
      for await (const episode of allEpisodes(client, {
        admittedFrom: '2026-02-03',
        admittedTo: '2026-02-03',
        limit: 2,
        sort: 'externalId',
      }))
        listed.push(episode.externalId);
      expect(listed).toEqual(externalIds);
    });

    it('turns a refusal into a message per field', async () => {
      const client = rehabregClient(baseUrl, world.apiKey.key, checkedFetch);
      const future = strokeAdmission(`EPJ-${Date.now()}`, newNationalId(), '2999-01-01');
      const refusal = await submitEpisodes(client, [future]).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(RegisterRefused);
      expect((refusal as RegisterRefused).problem.status).toBe(400);
      expect((refusal as RegisterRefused).message).toMatch(/^ {2}\/episodes\/0\/admissionDate: /m);
    });
  });
});
