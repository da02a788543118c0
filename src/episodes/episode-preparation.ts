/**
 * Checks that need more than one field, and turns validated DTOs into rows: the identity number
 * becomes a pseudonym here and goes no further. Problems are collected for the whole input, with
 * JSON pointers, so a batch reports every error at once. Pure apart from the pseudonym service.
 */
import type { ConsentModel } from '../config/config';
import type { FieldError } from '../common/problem';
import { normalizeIcd10 } from '../common/validators';
import type { PseudonymizedPatient, PseudonymService } from '../pseudonyms/pseudonym.service';
import type { CreateResponseDto } from './responses/dto/response.dto';
import { normalizeAnswers, ResponseScoreColumns, scoreResponse } from './responses/response-scoring';
import type { CreateEpisodeDto } from './dto/episode.dto';
import {
  canonicalProfessions,
  type Coordinator,
  type IndividualPlan,
  type Profession,
  type RehabLevel,
  serviceLevelOf,
} from './episode.enums';

export interface PreparedResponse {
  timepoint: string;
  instrument: string;
  completedDate: string;
  mode: string;
  answers: Record<string, number>;
  scores: ResponseScoreColumns;
  pointer: string;
}

export interface PreparedEpisode {
  externalId: string;
  unitId: string | null;
  patient: PseudonymizedPatient;
  referralDate: string | null;
  admissionDate: string;
  dischargeDate: string | null;
  setting: string;
  serviceLevel: string;
  programme: string;
  mainDiagnosis: string;
  dischargeDestination: string | null;
  consentStatus: string | null;
  consentDate: string | null;
  rehabLevel: RehabLevel | null;
  /** In PROFESSIONS' order, each once; null when not recorded */
  professions: Profession[] | null;
  individualPlan: IndividualPlan | null;
  coordinator: Coordinator | null;
  municipalityNotifiedDate: string | null;
  responses: PreparedResponse[];
  pointer: string;
}

export interface Preparation {
  episodes: PreparedEpisode[];
  /** Invalid input: answered 400. */
  errors: FieldError[];
  /** Valid input the register may not hold (consent): answered 422. */
  refusals: FieldError[];
}

export type EpisodeInput = CreateEpisodeDto & { responses?: CreateResponseDto[] };

export function prepareEpisodes(
  inputs: { dto: EpisodeInput; pointer: string }[],
  pseudonyms: PseudonymService,
  consentModel: ConsentModel,
): Preparation {
  const result: Preparation = { episodes: [], errors: [], refusals: [] };
  const seenExternalIds = new Map<string, string>();
  for (const { dto, pointer } of inputs) {
    const earlier = seenExternalIds.get(dto.externalId);
    if (earlier)
      result.errors.push({
        pointer: `${pointer}/externalId`,
        detail: `externalId "${dto.externalId}" appears twice in this request (also at ${earlier})`,
      });
    seenExternalIds.set(dto.externalId, pointer);
    const episode = prepareEpisode(dto, pointer, pseudonyms, consentModel, result);
    if (episode) result.episodes.push(episode);
  }
  return result;
}

function prepareEpisode(
  dto: EpisodeInput,
  pointer: string,
  pseudonyms: PseudonymService,
  consentModel: ConsentModel,
  result: Preparation,
): PreparedEpisode | undefined {
  const pseudonymized = pseudonyms.pseudonymize(dto.patient.nationalId, dto.patient.sex);
  if (!pseudonymized.ok) {
    result.errors.push({ pointer: `${pointer}/patient/nationalId`, detail: pseudonymized.reason });
    return undefined;
  }
  const patient = pseudonymized.patient;
  if (patient.birthDate > dto.admissionDate)
    result.errors.push({ pointer: `${pointer}/admissionDate`, detail: 'admissionDate is before the patient was born' });
  const levelProblem = rehabLevelServiceLevelProblem(dto.rehabLevel, dto.serviceLevel);
  if (levelProblem) result.errors.push({ pointer: `${pointer}/rehabLevel`, detail: levelProblem });
  const refusal = consentRefusal(dto.consent?.status, consentModel);
  if (refusal) result.refusals.push({ pointer: `${pointer}/consent`, detail: refusal });
  return {
    externalId: dto.externalId,
    unitId: dto.unitId ?? null,
    patient,
    referralDate: dto.referralDate ?? null,
    admissionDate: dto.admissionDate,
    dischargeDate: dto.dischargeDate ?? null,
    setting: dto.setting,
    serviceLevel: dto.serviceLevel,
    programme: dto.programme,
    mainDiagnosis: normalizeIcd10(dto.mainDiagnosis),
    dischargeDestination: dto.dischargeDestination ?? null,
    consentStatus: dto.consent?.status ?? null,
    consentDate: dto.consent?.date ?? null,
    rehabLevel: dto.rehabLevel ?? null,
    professions: dto.professions ? canonicalProfessions(dto.professions) : null,
    individualPlan: dto.individualPlan ?? null,
    coordinator: dto.coordinator ?? null,
    municipalityNotifiedDate: dto.municipalityNotifiedDate ?? null,
    responses: prepareResponses(dto.responses ?? [], `${pointer}/responses`, result),
    pointer,
  };
}

export function prepareResponses(dtos: CreateResponseDto[], pointer: string, result: Pick<Preparation, 'errors'>): PreparedResponse[] {
  const seen = new Set<string>();
  return dtos.map((dto, i) => {
    const key = `${dto.timepoint}/${dto.instrument}`;
    if (seen.has(key))
      result.errors.push({
        pointer: `${pointer}/${i}`,
        detail: `A second ${dto.instrument} response at ${dto.timepoint} in this request; send one per timepoint and instrument`,
      });
    seen.add(key);
    return prepareResponse(dto, `${pointer}/${i}`);
  });
}

export function prepareResponse(dto: CreateResponseDto, pointer: string): PreparedResponse {
  const answers = normalizeAnswers(dto.answers);
  return {
    timepoint: dto.timepoint,
    instrument: dto.instrument,
    completedDate: dto.completedDate,
    mode: dto.mode,
    answers,
    scores: scoreResponse(dto.instrument, answers),
    pointer,
  };
}

/** DOMAIN.md: `consent` registers only with recorded consent; `objection` registers unless the patient objected. */
export function consentRefusal(status: string | undefined, model: ConsentModel): string | undefined {
  if (model === 'consent' && status !== 'given') {
    return `This register is consent-based: register an episode only when consent.status is "given" (got ${status ? `"${status}"` : 'no consent'}).`;
  }
  if (model === 'objection' && (status === 'objected' || status === 'refused')) {
    return `The patient has ${status === 'objected' ? 'objected to' : 'refused'} registration; the episode may not be registered.`;
  }
  return undefined;
}

/** Levels 1-4 go with service level municipal, 5.x with specialist (DOMAIN.md). */
export function rehabLevelServiceLevelProblem(level: RehabLevel | null | undefined, serviceLevel: string): string | undefined {
  if (!level || serviceLevelOf(level) === serviceLevel) return undefined;
  return `rehabLevel "${level}" is a ${serviceLevelOf(level)} level, but serviceLevel is "${serviceLevel}"; levels 1-4 go with municipal, 5.1-5.3 with specialist`;
}

/** Which rehabilitation levels an institution of this kind registers: a private institution may do either. */
export function rehabLevelInstitutionProblem(level: RehabLevel | null | undefined, institutionKind: string): string | undefined {
  if (!level || institutionKind === 'private') return undefined;
  const levelKind = serviceLevelOf(level);
  if (institutionKind === 'municipality' && levelKind === 'specialist')
    return `rehabLevel "${level}" is a specialist level; a municipality registers levels 1-4`;
  if (institutionKind === 'health_trust' && levelKind === 'municipal')
    return `rehabLevel "${level}" is a municipal level; a health trust registers levels 5.1-5.3`;
  return undefined;
}
