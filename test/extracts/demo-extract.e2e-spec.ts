/** The demo register comes with one ready research extract for the demo researcher. */
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { DEMO_PASSWORD, DemoData } from '../../src/demo/demo-data';
import { createScratchDatabase } from '../support/database';
import { checkedAgainstContract } from '../support/test-app';

jest.setTimeout(180_000);

it('gives the demo researcher an approved, ready extract with its four files', async () => {
  const scratch = await createScratchDatabase();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: scratch.appUrl,
    DATABASE_OWNER_URL: scratch.ownerUrl,
    AUDIT_SEAL_INTERVAL_MS: '0',
  });
  const app = await createApp(config);
  try {
    expect(await app.get(DemoData).ensureLoaded()).toBe('loaded');
    const http = () => checkedAgainstContract(request(app.getHttpServer()));
    const login = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'researcher@demo.rehabreg.no', password: DEMO_PASSWORD })
      .expect(200);
    const list = await http().get('/api/v1/extract-requests').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(list.body.items).toHaveLength(1);
    const [extract] = list.body.items;
    expect(extract.status).toBe('ready');
    expect(extract.rowCount).toBeGreaterThan(0);
    expect(extract.files.map((f: { name: string }) => f.name).sort()).toEqual([
      'codebook.csv',
      'extract.csv',
      'extract.parquet',
      'manifest.json',
    ]);
  } finally {
    await app.close();
    await scratch.drop();
  }
});
