/** Builds the real application (same factory as main.ts) against the test database. */
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/config';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', AUDIT_SEAL_INTERVAL_MS: '0', LOGIN_RATE_LIMIT_PER_MINUTE: '10000', WRITE_RATE_LIMIT_PER_MINUTE: '100000', ...overrides });
  const app = await createApp(config);
  return { app, config, http: () => request(app.getHttpServer()), close: () => app.close() };
}
