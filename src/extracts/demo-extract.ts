/**
 * The demo researcher's extract (demo data only): one approved request over last year's demo
 * register, built at once so the researcher pages and the download route have files to show.
 */
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ScopedDb } from '../database/scoped-db';
import { ExtractBuilder } from './extract-builder';
import { ExtractRequestRepository } from './extract-request.repository';

const DAY = 24 * 60 * 60 * 1000;

@Injectable()
export class DemoExtract {
  constructor(
    private readonly db: ScopedDb,
    private readonly requests: ExtractRequestRepository,
    private readonly builder: ExtractBuilder,
  ) {}

  /** Applies as `researcherEmail`, approved by `adminEmail`, and builds; returns the request id. */
  async load(researcherEmail: string, adminEmail: string, ttlDays: number): Promise<string> {
    const year = new Date().getUTCFullYear() - 1;
    const id = await this.db.registerTransaction(async (manager) => {
      const users: { id: string; email: string }[] = await manager.query(`SELECT id, email FROM users WHERE email = ANY ($1::text[])`, [
        [researcherEmail, adminEmail],
      ]);
      const researcherId = users.find((u) => u.email === researcherEmail)!.id;
      const adminId = users.find((u) => u.email === adminEmail)!.id;
      const row = await this.requests.insert(manager, {
        researcherId,
        title: 'Demo: function at discharge after stroke rehabilitation',
        purpose: 'A demonstration extract over the synthetic demo register.',
        legalBasis: 'GDPR art. 6(1)(e) and 9(2)(j); health register act § 19 b (demo)',
        ethicsReference: 'REK demo/0001',
        variables: [
          'patient',
          'episode',
          'age_band',
          'sex',
          'region',
          'institution',
          'programme',
          'admission_month',
          'length_of_stay_days',
          'barthel_admission_total',
          'barthel_discharge_total',
          'eq5d_admission_index',
          'eq5d_discharge_index',
          'eq5d_value_set',
        ],
        periodFrom: `${year}-01-01`,
        periodTo: `${year}-12-31`,
        filters: { programmes: ['stroke'] },
      });
      await this.requests.addEvent(manager, row.id, 'submitted', researcherId);
      const note = 'Demo approval';
      const expiresAt = new Date(Date.now() + ttlDays * DAY);
      await this.requests.decide(manager, row.id, { status: 'approved', note, by: adminId, expiresAt, projectKey: randomBytes(32) });
      await this.requests.addEvent(manager, row.id, 'approved', adminId, note);
      return row.id;
    });
    await this.builder.build(id);
    return id;
  }
}
