import { createTestApp, TestApp } from '../support/test-app';

describe('errors are application/problem+json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT: '1kb' });
  });
  afterAll(() => t.close());

  it('answers an unknown route with 404 problem+json naming the route', async () => {
    const res = await t.http().get('/api/v1/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: 'Not found', instance: '/api/v1/no-such-thing' });
    expect(res.body.detail).toContain('GET /api/v1/no-such-thing');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers malformed JSON with 400 and no parser internals', async () => {
    const res = await t.http().post('/api/v1/anything').set('Content-Type', 'application/json').send('{"broken": ').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:rehabreg:problem:malformed-json', status: 400 });
    expect(JSON.stringify(res.body)).not.toMatch(/SyntaxError|at .*\.js/);
  });

  it('answers a body in the wrong content type with 415 saying what to send', async () => {
    const res = await t.http().post('/api/v1/anything').set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(res.body.detail).toContain('application/json');
  });

  it('answers a body over the configured limit with 413', async () => {
    const res = await t
      .http()
      .post('/api/v1/anything')
      .send({ padding: 'x'.repeat(2048) })
      .expect(413);
    expect(res.body).toMatchObject({ type: 'urn:rehabreg:problem:body-too-large', status: 413 });
  });

  it('keeps a request id offered by the client so logs can be matched', async () => {
    const res = await t.http().get('/nowhere').set('X-Request-Id', 'client-chosen-id-123').expect(404);
    expect(res.headers['x-request-id']).toBe('client-chosen-id-123');
    expect(res.body.requestId).toBe('client-chosen-id-123');
  });
});
