/**
 * Demo data for `npm start` on the embedded database: two institutions in different regions, a
 * staff user for each, one of both, a data manager of Nord, an administrator, a researcher and an API key per
 * institution, and a small synthetic register around them (last year's indicators published, this
 * year's live, one ready research extract for the researcher, one ready export of last year's
 * episodes of Nord for its data manager, and one FHIR transaction Bundle sent by Nord's system). Loaded once: a second start finds the demo
 * institutions and changes nothing. Never in production (config refuses).
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApiClient } from '../api-clients/api-client.entity';
import { hashApiKeySecret } from '../auth/credentials';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../clock/clock';
import { todayInNorway } from '../common/validators';
import { ScopedDb } from '../database/scoped-db';
import { DemoExport } from '../exports/demo-export';
import { DemoExtract } from '../extracts/demo-extract';
import { DemoFhir } from '../fhir/demo-fhir';
import { parsePeriod } from '../indicators/indicator-query';
import { periodTiming } from '../indicators/publishing/publication-timing';
import { PublicationService } from '../indicators/publishing/publication.service';
import { DEFAULT_INDICATOR_PARAMETERS } from '../indicators/settings/indicator-parameters';
import { Institution } from '../institutions/institution.entity';
import { UserService } from '../users/user.service';
import { generateSyntheticRegister } from './synthetic-register';

export const DEMO_PASSWORD = 'demo-password-2026';

export const DEMO_INSTITUTIONS = [
  { key: 'nord', name: 'Demo Nord rehabilitering HF', orgNumber: '999100007', kind: 'health_trust', region: 'helse-nord' },
  { key: 'vest', name: 'Demo Vest rehabiliteringssenter', orgNumber: '999200001', kind: 'private', region: 'helse-vest' },
] as const;

export const DEMO_USERS = [
  { email: 'admin@demo.rehabreg.no', role: 'admin' },
  { email: 'researcher@demo.rehabreg.no', role: 'researcher' },
  { email: 'staff.nord@demo.rehabreg.no', role: 'staff', institutions: ['nord'] },
  { email: 'staff.vest@demo.rehabreg.no', role: 'staff', institutions: ['vest'] },
  { email: 'datamanager.nord@demo.rehabreg.no', role: 'staff', institutions: ['nord'], dataManager: true },
  // a member of both: chooses the institution to work in after sign-in, and switches in the header
  { email: 'staff.nordvest@demo.rehabreg.no', role: 'staff', institutions: ['nord', 'vest'] },
] as const;

/**
 * The demo register: episodes around last year (published) and this year (live), at the demo institutions and
 * `syntheticInstitutions` synthetic ones per generated year; the README says what that gives (checked by test/demo).
 */
export const DEMO_REGISTER = { lastYear: 3000, thisYear: 1000, syntheticInstitutions: 8, seed: 2026 } as const;

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
    private readonly snapshots: PublicationService,
    private readonly demoExtract: DemoExtract,
    private readonly demoExport: DemoExport,
    private readonly demoFhir: DemoFhir,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async ensureLoaded(): Promise<'loaded' | 'already-loaded'> {
    const institutionIds = await this.loadAccounts();
    if (!institutionIds) return 'already-loaded';
    await this.loadRegister(institutionIds);
    return 'loaded';
  }

  /**
   * Episodes with scored responses through the synthetic generator (the domain's scoring and
   * pseudonyms, set-based writes), then last year's indicators published, so the indicator,
   * funnel and public routes have figures to show from the first start.
   */
  private async loadRegister(institutionIds: string[]): Promise<void> {
    const today = todayInNorway(this.clock.now());
    const lastYear = Number(today.slice(0, 4)) - 1;
    const common = { institutions: DEMO_REGISTER.syntheticInstitutions, alsoAt: institutionIds, today };
    const ownerUrl = this.config.databaseOwnerUrl ?? this.config.databaseUrl!;
    await generateSyntheticRegister(ownerUrl, this.config, {
      ...common,
      episodes: DEMO_REGISTER.lastYear,
      seed: DEMO_REGISTER.seed,
      year: lastYear,
    });
    await generateSyntheticRegister(ownerUrl, this.config, {
      ...common,
      episodes: DEMO_REGISTER.thisYear,
      seed: DEMO_REGISTER.seed + 1,
      year: lastYear + 1,
    });
    await this.snapshots.publish({ period: String(lastYear), ...this.earlyPublication(String(lastYear)) });
    await this.demoExtract.load('researcher@demo.rehabreg.no', 'admin@demo.rehabreg.no', this.config.extractTtlDays);
    await this.demoExport.load('datamanager.nord@demo.rehabreg.no', lastYear, this.config.extractTtlDays);
    await this.demoFhir.load(demoApiKey('nord').prefix, this.clock.now());
    this.logger.log(
      `Loaded a demo register of ${DEMO_REGISTER.lastYear + DEMO_REGISTER.thisYear} episodes; published the indicators of ${lastYear}`,
    );
  }

  /**
   * Early in the year last year is within its grace period (docs/indicators.md, "Publishing rules"):
   * the demo publishes it all the same, with force and the reason, so the public routes have figures.
   */
  private earlyPublication(period: string): { force?: true; reason?: string } {
    const timing = periodTiming(parsePeriod(period), this.clock.now(), DEFAULT_INDICATOR_PARAMETERS.publicationGraceDays);
    return timing.kind === 'grace'
      ? { force: true, reason: 'Demo data: published at first start so the public figures have something to show' }
      : {};
  }

  /** The demo institutions, users and keys; their institution ids, or null when they were there already. */
  private async loadAccounts(): Promise<string[] | null> {
    return this.db.registerTransaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(727274)`);
      const institutions = manager.getRepository(Institution);
      if (await institutions.existsBy({ orgNumber: DEMO_INSTITUTIONS[0].orgNumber })) return null;
      const ids = new Map<string, string>();
      for (const demo of DEMO_INSTITUTIONS) {
        const saved = await institutions.save(
          institutions.create({ name: demo.name, orgNumber: demo.orgNumber, kind: demo.kind, region: demo.region, active: true }),
        );
        ids.set(demo.key, saved.id);
        await this.createDemoApiKey(manager, demo.key, saved.id);
      }
      for (const demo of DEMO_USERS) {
        const institutionIds = 'institutions' in demo ? demo.institutions.map((key) => ids.get(key)!) : undefined;
        const user = await this.users.createIn(manager, { email: demo.email, password: DEMO_PASSWORD, role: demo.role, institutionIds });
        if ('dataManager' in demo) await this.users.setDataManagerIn(manager, user.id, institutionIds![0], true);
      }
      this.logger.log('Loaded demo institutions, users and API keys');
      return [...ids.values()];
    });
  }

  private async createDemoApiKey(manager: EntityManager, institutionKey: string, institutionId: string): Promise<void> {
    const { prefix, secret } = demoApiKey(institutionKey);
    await manager
      .getRepository(ApiClient)
      .insert({ institutionId, name: 'Demo system', keyPrefix: prefix, keyHash: hashApiKeySecret(secret), revokedAt: null });
  }
}
