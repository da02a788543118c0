/** Builds the real application (same factory as main.ts) against the test database. */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/config';
import { assertMatchesContract } from './openapi-contract';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    AUDIT_SEAL_INTERVAL_MS: '0',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    // Limits are shared through the database by every app of the run (they all call from 127.0.0.1), so
    // they are high here; a test of a limit sets it low and calls from an address of its own (fromAddress).
    FORM_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000',
    FORM_RATE_LIMIT_PER_TOKEN_PER_MINUTE: '100000',
    ...overrides,
  });
  const app = await createApp(config);
  return { app, config, http: () => checkedAgainstContract(request(app.getHttpServer())), close: () => app.close() };
}

/** For tests of per-address limits: an app that trusts one proxy, and a client address no other test uses. */
export const TRUST_ONE_PROXY = { TRUST_PROXY_HOPS: '1' };
export function fromAddress(): { 'X-Forwarded-For': string } {
  // a /64 of its own: per-address limits may group IPv6 addresses by subnet
  const hex = randomBytes(4).toString('hex');
  return { 'X-Forwarded-For': `2001:db8:${hex.slice(0, 4)}:${hex.slice(4)}::1` };
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/**
 * A supertest client whose every request checks its answer against the OpenAPI document before the test's
 * own assertions, so a response that drifts from the contract fails the test that received it.
 */
export function checkedAgainstContract<Client extends object>(client: Client): Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !HTTP_METHODS.has(property) || typeof value !== 'function') return value;
      return (...args: unknown[]) => (value.apply(target, args) as request.Test).expect(checkContract);
    },
  });
}

function checkContract(res: request.Response): void {
  const req = (res as unknown as { request: { method: string; url: string } }).request;
  const text = (res as unknown as { text?: string }).text;
  const hasBody = (text ?? '').length > 0 || (Buffer.isBuffer(res.body) && res.body.length > 0);
  assertMatchesContract({ method: req.method, url: req.url, status: res.status, headers: res.headers, body: res.body, hasBody });
}
