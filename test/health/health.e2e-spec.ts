import { createTestApp, TestApp } from '../support/test-app';

describe('health and operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is live without asking the database', async () => {
    await t.http().get('/health/live').expect(200);
  });

  it('is ready when the database answers', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: { ok: true } } });
  });

  it('serves Prometheus metrics with latency by route pattern and the pool size', async () => {
    await t.http().get('/health/ready');
    const res = await t.http().get('/metrics').expect(200);
    expect(res.text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/health/ready",status="200"}');
    expect(res.text).toMatch(/db_pool_connections_total \d+/);
  });

  it('serves Swagger UI and the OpenAPI document', async () => {
    await t.http().get('/docs').expect(200);
    const res = await t.http().get('/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
  });
});
