/**
 * Demo data for `npm start` on the embedded database: two institutions in different regions, a
 * staff user for each, an administrator, a researcher and an API key per institution. Loaded once:
 * a second start finds the demo institutions and changes nothing. Never in production (config refuses).
 */
import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApiClient } from '../api-clients/api-client.entity';
import { hashApiKeySecret } from '../auth/credentials';
import { ScopedDb } from '../database/scoped-db';
import { Institution } from '../institutions/institution.entity';
import { UserService } from '../users/user.service';

export const DEMO_PASSWORD = 'demo-password-2026';

export const DEMO_INSTITUTIONS = [
  { key: 'nord', name: 'Demo Nord rehabilitering HF', orgNumber: '999100007', kind: 'health_trust', region: 'helse-nord' },
  { key: 'vest', name: 'Demo Vest rehabiliteringssenter', orgNumber: '999200001', kind: 'private', region: 'helse-vest' },
] as const;

export const DEMO_USERS = [
  { email: 'admin@demo.rehabreg.no', role: 'admin' },
  { email: 'researcher@demo.rehabreg.no', role: 'researcher' },
  { email: 'staff.nord@demo.rehabreg.no', role: 'staff', institution: 'nord' },
  { email: 'staff.vest@demo.rehabreg.no', role: 'staff', institution: 'vest' },
] as const;

/** Demo API keys are fixed so the README can list them; they are well known and only for demo data. */
export function demoApiKey(institutionKey: string): { key: string; prefix: string; secret: string } {
  const prefix = `demo${institutionKey}00`.slice(0, 10).padEnd(10, '0');
  const secret = createHash('sha256').update(`rehabreg-demo-api-key-${institutionKey}`).digest('base64url').slice(0, 32);
  return { key: `rr_${prefix}_${secret}`, prefix, secret };
}

@Injectable()
export class DemoData {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly db: ScopedDb,
    private readonly users: UserService,
  ) {}

  async ensureLoaded(): Promise<'loaded' | 'already-loaded'> {
    return this.db.registerTransaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(727274)`);
      const institutions = manager.getRepository(Institution);
      if (await institutions.existsBy({ orgNumber: DEMO_INSTITUTIONS[0].orgNumber })) return 'already-loaded';
      const ids = new Map<string, string>();
      for (const demo of DEMO_INSTITUTIONS) {
        const saved = await institutions.save(institutions.create({ name: demo.name, orgNumber: demo.orgNumber, kind: demo.kind, region: demo.region, active: true }));
        ids.set(demo.key, saved.id);
        await this.createDemoApiKey(manager, demo.key, saved.id);
      }
      for (const demo of DEMO_USERS) {
        const institutionIds = 'institution' in demo ? [ids.get(demo.institution)!] : undefined;
        await this.users.createIn(manager, { email: demo.email, password: DEMO_PASSWORD, role: demo.role, institutionIds });
      }
      this.logger.log('Loaded demo institutions, users and API keys');
      return 'loaded';
    });
  }

  private async createDemoApiKey(manager: EntityManager, institutionKey: string, institutionId: string): Promise<void> {
    const { prefix, secret } = demoApiKey(institutionKey);
    await manager.getRepository(ApiClient).insert({ institutionId, name: 'Demo system', keyPrefix: prefix, keyHash: hashApiKeySecret(secret), revokedAt: null });
  }
}
