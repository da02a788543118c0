/** The demo register comes with one ready research extract for the demo researcher, and one ready export for the demo data manager. */
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { DEMO_PASSWORD, DemoData } from '../../src/demo/demo-data';
import { createScratchDatabase } from '../support/database';
import { checkedAgainstContract } from '../support/test-app';

jest.setTimeout(180_000);

it('gives the demo researcher an approved, ready extract with its four files, and the demo data manager a ready export', async () => {
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

    const dataManager = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'datamanager.nord@demo.rehabreg.no', password: DEMO_PASSWORD })
      .expect(200);
    const exports = await http().get('/api/v1/exports').set('Authorization', `Bearer ${dataManager.body.accessToken}`).expect(200);
    expect(exports.body.items).toHaveLength(1);
    const [own] = exports.body.items;
    expect(own).toMatchObject({ status: 'ready', format: 'csv' });
    expect(own.episodeCount).toBeGreaterThan(0);
    expect(own.files.map((f: { name: string }) => f.name)).toEqual(['codebook.csv', 'episodes.csv', 'manifest.json', 'responses.csv']);
  } finally {
    await app.close();
    await scratch.drop();
  }
});
