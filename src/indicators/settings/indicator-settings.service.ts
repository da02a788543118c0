/**
 * The indicator settings in force (parameters and targets), read by every indicator computation
 * inside its own transaction, and changed by administrators as a new version with a reason.
 * Live views follow a change at once (cubes are keyed by the parameters they sum with);
 * publications keep the settings they were published with.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { actorOf } from '../../auth/principal';
import { RequestContext } from '../../auth/request-context';
import { ValidationProblem } from '../../common/problem';
import { ScopedDb } from '../../database/scoped-db';
import type { IndicatorSettingsDto, PutIndicatorSettingsDto } from './dto/indicator-settings.dto';
import type { IndicatorId } from '../indicator-specs';
import { DEFAULT_INDICATOR_PARAMETERS, type IndicatorParameters } from './indicator-parameters';
import { defaultIndicatorSettings, type IndicatorSettings } from './indicator-settings';
import { targetErrors, type IndicatorTargets } from './indicator-targets';

/** A row of indicator_settings; id is a bigint, which pg returns as text. */
interface SettingsRow {
  id: string;
  changed_at: Date;
  changed_by: string | null;
  reason: string;
  parameters: IndicatorParameters;
  targets: IndicatorTargets;
}

@Injectable()
export class IndicatorSettingsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly context: RequestContext,
  ) {}

  /** The settings in force, read in the caller's transaction so a computation sees one consistent version. */
  async current(m: EntityManager): Promise<IndicatorSettings> {
    return settingsOf(await newest(m));
  }

  async get(): Promise<IndicatorSettingsDto> {
    return this.db.registerTransaction(async (m) => {
      const row = await newest(m);
      return settingsDto(settingsOf(row), row);
    });
  }

  async history(): Promise<IndicatorSettingsDto[]> {
    return this.db.registerTransaction(async (m) => {
      const rows = await m.query<SettingsRow[]>(`SELECT * FROM indicator_settings ORDER BY id DESC`);
      return rows.map((row) => settingsDto(settingsOf(row), row));
    });
  }

  async replace(dto: PutIndicatorSettingsDto): Promise<IndicatorSettingsDto> {
    const errors = targetErrors(dto.targets, '/targets');
    if (errors.length) throw new ValidationProblem(errors);
    const targets = Object.fromEntries(dto.targets.map((t) => [t.indicator, { minimum: t.minimum, target: t.target }]));
    const p = dto.parameters;
    const parameters: IndicatorParameters = {
      eq5dMid: p.eq5dMid,
      barthelMcid: p.barthelMcid,
      barthelIndependenceThreshold: p.barthelIndependenceThreshold,
      coverageWarning: p.coverageWarning,
      suppressionThreshold: p.suppressionThreshold,
      overdispersionMinInstitutions: p.overdispersionMinInstitutions,
      liveMinContributors: p.liveMinContributors,
      liveMaxContributorShare: p.liveMaxContributorShare,
      publicationGraceDays: p.publicationGraceDays,
      protectionMargin: p.protectionMargin ?? DEFAULT_INDICATOR_PARAMETERS.protectionMargin,
    };
    return this.db.registerTransaction(async (m) => {
      const [row] = await m.query<SettingsRow[]>(
        `INSERT INTO indicator_settings (changed_by, reason, parameters, targets) VALUES ($1, $2, $3, $4) RETURNING *`,
        [actorOf(this.context.principal).actorId, dto.reason.trim(), JSON.stringify(parameters), JSON.stringify(targets)],
      );
      await this.audit.record(m, { action: 'indicator_settings.change', objectType: 'indicator_settings', objectIds: [String(row.id)] });
      return settingsDto(settingsOf(row), row);
    });
  }
}

async function newest(m: EntityManager): Promise<SettingsRow | undefined> {
  const [row] = await m.query<SettingsRow[]>(`SELECT * FROM indicator_settings ORDER BY id DESC LIMIT 1`);
  return row;
}

function settingsOf(row: SettingsRow | undefined): IndicatorSettings {
  const defaults = defaultIndicatorSettings();
  if (!row) return defaults;
  return {
    ...defaults,
    version: Number(row.id),
    parameters: { ...defaults.parameters, ...row.parameters },
    targets: row.targets,
  };
}

function settingsDto(settings: IndicatorSettings, row: SettingsRow | undefined): IndicatorSettingsDto {
  return {
    version: settings.version,
    parameters: settings.parameters,
    targets: Object.entries(settings.targets).map(([indicator, t]) => ({
      indicator: indicator as IndicatorId,
      minimum: t!.minimum,
      target: t!.target,
    })),
    valueSet: settings.valueSet,
    changedAt: row ? new Date(row.changed_at).toISOString() : null,
    changedBy: row?.changed_by ?? null,
    reason: row?.reason ?? null,
  };
}
