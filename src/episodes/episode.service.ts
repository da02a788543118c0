/** Episodes of the caller's own institution(s): register (create or update by externalId), change, list, read. */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InstitutionScope } from '../auth/institution-scope';
import { FieldError, NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem';
import { SqlConditions } from '../common/sql-conditions';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import { PseudonymService } from '../pseudonyms/pseudonym.service';
import {
  CreateEpisodeDto,
  EpisodeDto,
  EpisodePageDto,
  EpisodeQueryDto,
  EpisodeWithResponsesDto,
  UpdateEpisodeDto,
} from './dto/episode.dto';
import {
  consentRefusal,
  EpisodeInput,
  prepareEpisodes,
  Preparation,
  rehabLevelInstitutionProblem,
  rehabLevelServiceLevelProblem,
} from './episode-preparation';
import type { MissingFilter } from './episode.enums';
import { EpisodeRepository, toEpisodeDto } from './episode.repository';
import { ResponseRepository } from './responses/response.repository';
import { EpisodeWriter, WriteSummary } from './episode-writer';
import { RefusedWrites } from './refused-writes';

export class ConsentProblem extends ProblemException {
  constructor(errors: FieldError[]) {
    super(
      422,
      'registration-refused',
      'Registration refused',
      'The register may not hold these episodes; see errors[] for each one.',
      errors,
    );
  }
}

/** An episode's patient is fixed once registered; the answer names the externalId, never a number. */
export class EpisodePatientMismatchProblem extends ProblemException {
  constructor(errors: FieldError[]) {
    super(
      409,
      'episode-patient-mismatch',
      'Episode registered for another patient',
      `${errors.length === 1 ? 'This episode is' : 'These episodes are'} already registered for another patient; see errors[]. Correct a wrongly registered patient with POST /api/v1/episodes/{id}/patient-correction.`,
      errors,
    );
  }
}

@Injectable()
export class EpisodeService {
  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly audit: AuditService,
    private readonly pseudonyms: PseudonymService,
    private readonly writer: EpisodeWriter,
    private readonly refused: RefusedWrites,
    private readonly episodes: EpisodeRepository,
    private readonly responses: ResponseRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Validates, pseudonymizes and writes episodes all or nothing, in the caller's transaction. */
  async register(manager: EntityManager, institutionId: string, inputs: { dto: EpisodeInput; pointer: string }[]): Promise<WriteSummary> {
    const preparation = prepareEpisodes(inputs, this.pseudonyms, this.config.consentModel);
    const checked = await this.writer.check(manager, institutionId, preparation.episodes);
    throwIfProblems({ ...preparation, errors: [...preparation.errors, ...checked.errors], conflicts: checked.conflicts });
    const summary = await this.writer.write(manager, institutionId, preparation.episodes, this.config.responseWindowDays);
    await this.audit.recordMany(manager, [
      { action: 'episode.write', objectType: 'episode', objectIds: summary.episodes.map((e) => e.id), institutionId },
      ...(summary.responses.ids.length
        ? [{ action: 'response.write', objectType: 'response', objectIds: summary.responses.ids, institutionId }]
        : []),
      // who and how many, never which patient
      ...(summary.reenrolled ? [{ action: 'patient.reenrol', objectType: 'patient', rowCount: summary.reenrolled, institutionId }] : []),
    ]);
    return summary;
  }

  async createOrUpdate(dto: CreateEpisodeDto): Promise<{ created: boolean; episode: EpisodeDto }> {
    const institutionId = this.scope.writable(dto.institutionId);
    return this.refused.guard(institutionId, 1, () =>
      this.db.transaction([institutionId], async (manager) => {
        const summary = await this.register(manager, institutionId, [{ dto, pointer: '' }]);
        const [written] = summary.episodes;
        return { created: written.created, episode: toEpisodeDto((await this.episodes.findVisible(manager, written.id))!) };
      }),
    );
  }

  async update(id: string, dto: UpdateEpisodeDto): Promise<EpisodeDto> {
    const institutionIds = this.scope.readable();
    return this.db.transaction(institutionIds, async (manager) => {
      const row = await this.episodes.findVisible(manager, id);
      if (!row) throw new NotFoundProblem('The episode');
      const merged = { ...toEpisodeDto(row), ...dto };
      checkDateOrder(merged);
      await this.checkRehabLevel(manager, merged, row.institution_id, dto.rehabLevel === undefined ? '/serviceLevel' : '/rehabLevel');
      const refusal = dto.consent ? consentRefusal(dto.consent.status, this.config.consentModel) : undefined;
      if (refusal) throw new ConsentProblem([{ pointer: '/consent', detail: refusal }]);
      if (dto.unitId) {
        // units belong to the institutions feature, which has no repository for them yet
        const units: unknown[] = await manager.query(`SELECT 1 FROM units WHERE id = $1 AND institution_id = $2`, [
          dto.unitId,
          row.institution_id,
        ]);
        if (units.length === 0) throw new ValidationProblem([{ pointer: '/unitId', detail: 'unitId is not a unit of this institution' }]);
      }
      await this.episodes.update(manager, id, merged);
      await this.responses.refreshWindows(manager, [id], this.config.responseWindowDays);
      await this.audit.record(manager, {
        action: 'episode.update',
        objectType: 'episode',
        objectIds: [id],
        institutionId: row.institution_id,
      });
      return toEpisodeDto((await this.episodes.findVisible(manager, id))!);
    });
  }

  /** The level must go with the episode's service level (after the change) and with the institution's kind. */
  private async checkRehabLevel(
    manager: EntityManager,
    episode: Pick<EpisodeDto, 'rehabLevel' | 'serviceLevel'>,
    institutionId: string,
    pointer: string,
  ): Promise<void> {
    if (!episode.rehabLevel) return;
    const kind = await this.writer.institutionKind(manager, institutionId);
    const detail =
      rehabLevelServiceLevelProblem(episode.rehabLevel, episode.serviceLevel) ??
      (kind ? rehabLevelInstitutionProblem(episode.rehabLevel, kind) : undefined);
    if (detail) throw new ValidationProblem([{ pointer, detail }]);
  }

  async list(query: EpisodeQueryDto): Promise<EpisodePageDto> {
    const institutionIds = this.scope.readable(query.institutionId);
    return this.db.transaction(institutionIds, async (manager) => {
      const page = await this.episodes.keysetPage(
        manager,
        episodeFilters(query, institutionIds),
        query.sort ?? '-admissionDate',
        query.limit ?? 50,
        query.cursor,
      );
      await this.audit.recordMany(
        manager,
        institutionIds.map((institutionId) => ({
          action: 'episode.list',
          objectType: 'episode',
          objectIds: page.items.filter((r) => r.institution_id === institutionId).map((r) => r.id),
          institutionId,
        })),
      );
      return { ...page, items: page.items.map(toEpisodeDto) };
    });
  }

  async get(id: string): Promise<EpisodeWithResponsesDto> {
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const row = await this.episodes.findVisible(manager, id);
      if (!row) throw new NotFoundProblem('The episode');
      const responses = await this.responses.currentOfEpisode(manager, id);
      await this.audit.record(manager, {
        action: 'episode.read',
        objectType: 'episode',
        objectIds: [id],
        institutionId: row.institution_id,
      });
      return { ...toEpisodeDto(row), responses, patientCorrections: await this.episodes.patientCorrections(manager, id) };
    });
  }
}

export function throwIfProblems(preparation: Pick<Preparation, 'errors' | 'refusals'> & { conflicts?: FieldError[] }): void {
  if (preparation.errors.length > 0) throw new ValidationProblem(preparation.errors);
  if (preparation.conflicts?.length) throw new EpisodePatientMismatchProblem(preparation.conflicts);
  if (preparation.refusals.length > 0) throw new ConsentProblem(preparation.refusals);
}

function checkDateOrder(episode: { referralDate: string | null; admissionDate: string; dischargeDate: string | null }): void {
  const errors: FieldError[] = [];
  if (episode.dischargeDate && episode.dischargeDate < episode.admissionDate)
    errors.push({ pointer: '/dischargeDate', detail: 'dischargeDate must be on or after admissionDate' });
  if (episode.referralDate && episode.referralDate > episode.admissionDate)
    errors.push({ pointer: '/referralDate', detail: 'referralDate must be on or before admissionDate' });
  if (errors.length) throw new ValidationProblem(errors);
}

/**
 * Each "missing" filter on the episode's form flags (no anti-join over responses), written as the
 * predicates of its partial index (migration 1764000000275) so the planner reads the page from it.
 */
const MISSING_CONDITIONS: Record<MissingFilter, string> = {
  'admission-eq5d': '(NOT e.has_admission_eq5d)',
  'discharge-eq5d': '(e.discharge_date IS NOT NULL AND NOT e.has_discharge_eq5d)',
  barthel: '(NOT e.has_admission_barthel OR (e.discharge_date IS NOT NULL AND NOT e.has_discharge_barthel))',
  'out-of-window': '(e.has_response_out_of_window)',
};

/** The visible episodes (local-only ones are their institution's like any other), as the list indexes' predicate says it. */
const VISIBLE_EPISODE = '(e.withdrawn_at IS NULL OR e.local_only)';

function episodeFilters(query: EpisodeQueryDto, institutionIds: string[]): SqlConditions {
  // One institution as `=`, so the planner walks that institution's part of the sort's index in order.
  const conditions =
    institutionIds.length === 1
      ? new SqlConditions().add('e.institution_id = ?', institutionIds[0])
      : new SqlConditions().add('e.institution_id = ANY (?)', institutionIds);
  conditions.add(VISIBLE_EPISODE);
  if (query.externalId) conditions.add('e.external_id = ?', query.externalId);
  if (query.programme) conditions.add('e.programme = ?', query.programme);
  if (query.setting) conditions.add('e.setting = ?', query.setting);
  if (query.admittedFrom) conditions.add('e.admission_date >= ?', query.admittedFrom);
  if (query.admittedTo) conditions.add('e.admission_date <= ?', query.admittedTo);
  if (query.open === 'true') conditions.add('e.discharge_date IS NULL');
  if (query.open === 'false') conditions.add('e.discharge_date IS NOT NULL');
  if (query.missing) conditions.add(MISSING_CONDITIONS[query.missing]);
  return conditions;
}
