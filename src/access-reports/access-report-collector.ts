/**
 * Gathers what the register holds about one patient (by pseudonym) in a transaction whose row-level
 * security is already set to the report's scope: one institution (staff, on the patient's behalf) or
 * every institution (the register's report). Each table is read through its owner's repository.
 *
 * An institution's part must not say anything about other institutions (docs/privacy.md, no
 * oracle): RLS keeps their episodes, responses and inclusions out; the withdrawal is shown only
 * when it covers one of the institution's own episodes; an episode kept for the institution only
 * (registered after a withdrawal elsewhere) is shown as an ordinary episode; and only reads made at
 * the institution are listed.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiClientService } from '../api-clients/api-client.service';
import { AuditService, type PersonReadRow } from '../audit/audit.service';
import { toEpisodeDto, EpisodeRepository, type PatientEpisodeRow } from '../episodes/episode.repository';
import type { ResponseDto } from '../episodes/responses/dto/response.dto';
import { ResponseRepository } from '../episodes/responses/response.repository';
import { ExtractRequestRepository } from '../extracts/extract-request.repository';
import type { FormLanguage } from '../forms/messages';
import { fill } from '../common/page-render';
import { InstitutionService } from '../institutions/institution.service';
import { UserRepository } from '../users/user.repository';
import { WithdrawalService, type WithdrawalRecord } from '../withdrawals/withdrawal.service';
import { ACCESS_REPORT_MESSAGES } from './access-report-messages';
import type { AccessReportDto, AccessReportEpisodeDto, AccessReportReadDto, AccessReportWithdrawalDto } from './dto/access-report.dto';

export type AccessReportScope = { kind: 'institution'; institutionId: string } | { kind: 'register' };

/** Reads that an institution's part leaves out: the register's own report, made by an administrator. */
const REGISTER_ONLY_ACTIONS = new Set(['access_report.include']);

@Injectable()
export class AccessReportCollector {
  constructor(
    private readonly episodes: EpisodeRepository,
    private readonly responses: ResponseRepository,
    private readonly withdrawals: WithdrawalService,
    private readonly audit: AuditService,
    private readonly extracts: ExtractRequestRepository,
    private readonly institutions: InstitutionService,
    private readonly users: UserRepository,
    private readonly apiClients: ApiClientService,
  ) {}

  /** The patient's episode ids in the transaction's scope: what the report's own audit rows name. */
  async episodeIds(manager: EntityManager, pseudonym: string): Promise<{ id: string; institutionId: string }[]> {
    const rows = await this.episodes.episodesOfPatient(manager, pseudonym);
    return rows.map((r) => ({ id: r.id, institutionId: r.institution_id }));
  }

  async collect(manager: EntityManager, pseudonym: string, scope: AccessReportScope, language: FormLanguage): Promise<AccessReportDto> {
    const register = scope.kind === 'register';
    const episodeRows = await this.episodes.episodesOfPatient(manager, pseudonym);
    const episodeIds = episodeRows.map((e) => e.id);
    const responses = await this.responses.allVersionsOfEpisodes(manager, episodeIds);
    const corrections = await this.episodes.patientCorrectionsOf(manager, episodeIds);
    const withdrawal = await this.withdrawals.recordOf(manager, pseudonym);
    const shownWithdrawal = register || episodeRows.some((e) => e.withdrawn_at && !e.local_only) ? withdrawal : undefined;
    const readRows = (
      await this.audit.personReads(manager, [...episodeIds, ...responses.map((r) => r.id)], register ? null : scope.institutionId)
    ).filter((r) => register || !REGISTER_ONLY_ACTIONS.has(r.action));
    const inclusions = await this.extracts.inclusionsOfPatient(manager, pseudonym);

    const names = await this.names(manager, episodeRows, readRows, register ? [] : [scope.institutionId]);
    const institution = (id: string) => ({ id, name: names.institutions.get(id) ?? id });
    const m = ACCESS_REPORT_MESSAGES[language];
    const episodes = episodeRows.map((row): AccessReportEpisodeDto => ({
      institution: institution(row.institution_id),
      episode: toEpisodeDto(row),
      withdrawnAt: register || !row.local_only ? (row.withdrawn_at?.toISOString() ?? null) : null,
      keptForInstitutionOnly: register ? row.local_only : null,
      responses: responses.filter((r) => r.episodeId === row.id),
      patientCorrections: corrections.filter((c) => c.episodeId === row.id).map(({ correctedAt, reason }) => ({ correctedAt, reason })),
    }));
    const reads = readRows.map((r): AccessReportReadDto => ({
      date: r.day,
      institution: r.institution_id ? institution(r.institution_id) : null,
      actorType: r.actor_type,
      actor: actorName(r, names, m.labels),
      action: r.action,
      count: r.reads,
    }));
    return {
      language,
      scope: scope.kind,
      institution: register ? null : institution(scope.institutionId),
      generatedAt: new Date().toISOString(),
      title: m.title,
      about: register ? m.aboutRegister : fill(m.aboutInstitution, { institution: institution(scope.institutionId).name }),
      episodes,
      withdrawals: shownWithdrawal ? [toWithdrawalDto(shownWithdrawal)] : [],
      reads,
      extracts: inclusions.map((i) => ({
        title: i.title,
        build: i.build,
        builtAt: i.built_at.toISOString(),
        expiresAt: i.expires_at?.toISOString() ?? null,
        episodes: i.episodes,
      })),
      labels: labelsOf(episodes, responses, reads, m.labels),
    };
  }

  private async names(manager: EntityManager, episodes: PatientEpisodeRow[], reads: PersonReadRow[], more: string[]) {
    const idsOf = (type: string) => [...new Set(reads.filter((r) => r.actor_type === type && r.actor_id).map((r) => r.actor_id!))];
    const institutionIds = [
      ...new Set([...episodes.map((e) => e.institution_id), ...reads.flatMap((r) => r.institution_id ?? []), ...more]),
    ];
    return {
      institutions: await this.institutions.namesOf(manager, institutionIds),
      users: await this.users.emailsOf(manager, idsOf('user')),
      apiClients: await this.apiClients.namesOf(manager, idsOf('api_client')),
    };
  }
}

function actorName(
  read: PersonReadRow,
  names: { users: Map<string, string>; apiClients: Map<string, string> },
  labels: Record<string, string>,
): string {
  const label = labels[`actor.${read.actor_type}`] ?? read.actor_type;
  if (read.actor_type === 'user') return names.users.get(read.actor_id ?? '') ?? label;
  if (read.actor_type === 'api_client') return `${label}: ${names.apiClients.get(read.actor_id ?? '') ?? read.actor_id}`;
  return label;
}

function toWithdrawalDto(w: WithdrawalRecord): AccessReportWithdrawalDto {
  return {
    withdrawnAt: w.withdrawnAt.toISOString(),
    erasureDueAt: w.erasureDueAt.toISOString(),
    cancelledAt: w.cancelledAt?.toISOString() ?? null,
    cancelReason: w.cancelReason,
    reenrolledAt: w.reenrolledAt?.toISOString() ?? null,
    erasedAt: w.erasedAt?.toISOString() ?? null,
  };
}

/** The words for every coded value the report holds, keyed `field.code`. */
function labelsOf(
  episodes: AccessReportEpisodeDto[],
  responses: ResponseDto[],
  reads: AccessReportReadDto[],
  labels: Record<string, string>,
): Record<string, string> {
  const keys = [
    ...episodes.flatMap(({ episode: e }) => [
      `sex.${e.sex}`,
      `programme.${e.programme}`,
      `setting.${e.setting}`,
      `serviceLevel.${e.serviceLevel}`,
      `dischargeDestination.${e.dischargeDestination}`,
      `consent.${e.consent?.status}`,
    ]),
    ...responses.flatMap((r) => [`timepoint.${r.timepoint}`, `instrument.${r.instrument}`, `mode.${r.mode}`]),
    ...reads.flatMap((r) => [`action.${r.action}`, `actor.${r.actorType}`]),
  ];
  return Object.fromEntries(keys.filter((k) => k in labels).map((k) => [k, labels[k]]));
}
