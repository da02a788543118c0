/**
 * Submissions through FHIR: an incoming resource is validated against R4, mapped to the JSON API's
 * submission body, validated as that body is, and written by the submission service (all or nothing,
 * once per Idempotency-Key). Every refusal on the way is an OperationOutcome at the sender's elements.
 */
import { Inject, Injectable, ValidationPipe } from '@nestjs/common';
import type { Bundle, BundleEntry, EpisodeOfCare, QuestionnaireResponse } from '@medplum/fhirtypes';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ProblemException, type ProblemDetails } from '../common/problem';
import { createValidationPipe } from '../common/validation';
import { ScopedDb } from '../database/scoped-db';
import { ResponseRepository } from '../episodes/responses/response.repository';
import { SubmissionDto, type SubmissionEpisodeDto, type SubmissionResultDto } from '../submissions/dto/submission.dto';
import { CreateResponseDto, type ResponseDto } from '../episodes/responses/dto/response.dto';
import { ResponseService } from '../episodes/responses/response.service';
import { EpisodeRepository, toEpisodeDto } from '../episodes/episode.repository';
import { EpisodeService } from '../episodes/episode.service';
import { CreateEpisodeDto } from '../episodes/dto/episode.dto';
import { InstitutionScope } from '../auth/institution-scope';
import { PseudonymService } from '../pseudonyms/pseudonym.service';
import { normalizeAnswers } from '../episodes/responses/response-scoring';
import type { EpisodeDto } from '../episodes/dto/episode.dto';
import { episodeOfCare, questionnaireResponse } from './fhir-resources';
import { notFound } from './fhir-conformance.service';
import { fastCheckSubmission } from '../submissions/submission-fast-check';
import { SubmissionService } from '../submissions/submission.service';
import {
  type EntryPlan,
  identifierQuery,
  mapEpisodeOfCare,
  mapQuestionnaireResponse,
  mapTransaction,
  type MappedSubmission,
  type PathMap,
} from './fhir-submission-mapping';
import { r4Errors } from './fhir-validator';
import { type FhirFieldError, OperationOutcomeException } from './operation-outcome';

const INVALID = { type: 'urn:rehabreg:problem:validation-error', title: 'Invalid request' };

export function invalid(errors: FhirFieldError[], detail = 'The request has invalid elements; see each issue.'): OperationOutcomeException {
  return new OperationOutcomeException(400, { ...INVALID, detail }, errors);
}

/** Refuses a resource R4 itself does not allow, with the validator's own paths and messages. */
export function checkR4(resource: unknown): void {
  const issues = r4Errors(resource);
  if (issues.length === 0) return;
  throw invalid(
    issues.map((issue) => ({ expression: issue.expression?.[0] ?? '', detail: issue.details?.text ?? issue.diagnostics ?? 'Invalid' })),
    'The resource is not valid FHIR R4; see each issue.',
  );
}

export interface TransactionOutcome {
  bundle: Bundle;
  replayed: boolean;
}

@Injectable()
export class FhirSubmissionService {
  /** The same validation as the JSON API's body (and its fast path for batches). */
  private readonly validation: ValidationPipe = createValidationPipe(new Map([[SubmissionDto, fastCheckSubmission]]));

  constructor(
    private readonly submissions: SubmissionService,
    private readonly db: ScopedDb,
    private readonly responses: ResponseRepository,
    private readonly responseService: ResponseService,
    private readonly episodeRows: EpisodeRepository,
    private readonly scope: InstitutionScope,
    private readonly pseudonyms: PseudonymService,
    private readonly episodes: EpisodeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One episode: created (201), or updated when the register has its identifier (200), as
   * POST /api/v1/episodes does. With If-None-Exist (`identifier=[system|]value`, the resource's own
   * identifier) it is FHIR's conditional create: an episode you can see with that identifier is
   * answered as it is (200, nothing changed), two or more are 412, none is a create.
   */
  async episodeOfCare(body: unknown, ifNoneExist: string | undefined): Promise<{ created: boolean; resource: EpisodeOfCare }> {
    if (!isResource(body, 'EpisodeOfCare'))
      throw invalid([{ expression: 'EpisodeOfCare', detail: 'POST /fhir/EpisodeOfCare takes an EpisodeOfCare.' }]);
    checkR4(body);
    const mapped = mapEpisodeOfCare(body as EpisodeOfCare, { allowSyntheticIds: this.config.allowSyntheticIds });
    if (mapped.errors.length) throw invalid(mapped.errors);
    if (ifNoneExist !== undefined) {
      const existing = await this.matching(ifNoneExist, mapped.dto.externalId);
      if (existing) return { created: false, resource: episodeOfCare(existing) };
    }
    try {
      const dto = (await this.validation.transform(mapped.dto, { type: 'body', metatype: CreateEpisodeDto })) as CreateEpisodeDto;
      const { created, episode } = await this.episodes.createOrUpdate(dto);
      return { created, resource: episodeOfCare(episode) };
    } catch (error) {
      throw placed(error, mapped.paths);
    }
  }

  /** The one episode the caller can see with the condition's identifier (the read is audited), or none; several are 412. */
  private async matching(condition: string, ownIdentifier: string | undefined): Promise<EpisodeDto | undefined> {
    const value = identifierQuery(condition);
    if (value === undefined || value !== ownIdentifier)
      throw invalid([
        {
          expression: 'If-None-Exist',
          detail:
            'If-None-Exist must be "identifier=[system|]value" naming the resource\'s own identifier: the register keys episodes by it.',
        },
      ]);
    const { items } = await this.episodes.list({ externalId: value, limit: 2 });
    if (items.length > 1)
      throw new OperationOutcomeException(
        412,
        {
          type: 'urn:rehabreg:problem:multiple-matches',
          title: 'Precondition failed',
          detail: 'More than one episode you can see has this identifier (one in each of your institutions); nothing was created.',
        },
        [{ expression: 'If-None-Exist', detail: 'More than one episode you can see has this identifier; nothing was created.' }],
      );
    return items[0];
  }

  /**
   * One response for an episode the register has: stored new (201), as a correction when the episode
   * has one at that timepoint with that instrument (200), or left as it is when re-sent unchanged (200).
   */
  async questionnaireResponse(body: unknown): Promise<{ created: boolean; resource: QuestionnaireResponse }> {
    if (!isResource(body, 'QuestionnaireResponse'))
      throw invalid([{ expression: 'QuestionnaireResponse', detail: 'POST /fhir/QuestionnaireResponse takes a QuestionnaireResponse.' }]);
    checkR4(body);
    const mapped = mapQuestionnaireResponse(body as QuestionnaireResponse, { allowSyntheticIds: this.config.allowSyntheticIds });
    if (mapped.errors.length) throw invalid(mapped.errors);
    let dto: CreateResponseDto;
    try {
      dto = (await this.validation.transform(mapped.dto, { type: 'body', metatype: CreateResponseDto })) as CreateResponseDto;
    } catch (error) {
      throw placed(error, mapped.paths);
    }
    const { episode, existing } = await this.target(mapped.episode!, mapped.subject!, dto);
    try {
      if (existing && sameResponse(existing, dto)) return { created: false, resource: questionnaireResponse(existing, episode) };
      const stored = existing
        ? await this.responseService.correct(episode.id, existing.id, dto)
        : await this.responseService.create(episode.id, dto);
      return { created: !existing, resource: questionnaireResponse(stored, episode) };
    } catch (error) {
      throw placed(error, mapped.paths);
    }
  }

  /** The episode (own institution only) and its current response at the timepoint with the instrument; the subject must be its patient. */
  private target(link: { id?: string; externalId?: string }, subject: { value: string }, dto: CreateResponseDto) {
    const where = `QuestionnaireResponse.extension('http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare')`;
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const ids = link.id ? [link.id] : await this.episodeRows.idsByExternalId(manager, link.externalId!);
      const row = ids.length === 1 && /^[0-9a-f-]{36}$/i.test(ids[0]) ? await this.episodeRows.findVisible(manager, ids[0]) : undefined;
      if (!row)
        throw new OperationOutcomeException(404, notFound('EpisodeOfCare', link.id ?? link.externalId!).problem, [
          { expression: where, detail: 'The episode was not found, or you do not have access to it.' },
        ]);
      const patient = this.pseudonyms.pseudonymize(subject.value);
      if (!patient.ok) throw invalid([{ expression: 'QuestionnaireResponse.subject.identifier.value', detail: patient.reason }]);
      if (patient.patient.pseudonym !== (await this.episodeRows.pseudonymOf(manager, row.id)))
        throw new OperationOutcomeException(
          409,
          {
            type: 'urn:rehabreg:problem:episode-patient-mismatch',
            title: 'Episode registered for another patient',
            detail: "The response's subject is not the patient of its episode.",
          },
          [{ expression: 'QuestionnaireResponse.subject', detail: "The response's subject is not the patient of its episode." }],
        );
      const current = await this.responses.currentOfEpisode(manager, row.id);
      const existing = current.find((r) => r.timepoint === dto.timepoint && r.instrument === dto.instrument);
      return { episode: toEpisodeDto(row) as EpisodeDto, existing };
    });
  }

  /** `rawBody` (the bytes sent) is what the Idempotency-Key is kept with; without it, the parsed body. */
  async transaction(body: unknown, idempotencyKey: string | undefined, rawBody?: Buffer): Promise<TransactionOutcome> {
    if (!isResource(body, 'Bundle'))
      throw invalid([{ expression: 'Bundle', detail: 'POST /fhir takes a transaction Bundle (resourceType "Bundle").' }]);
    checkR4(body);
    const mapped = mapTransaction(body as Bundle, { allowSyntheticIds: this.config.allowSyntheticIds });
    if (mapped.errors.length) throw invalid(mapped.errors);
    await this.keepExisting(mapped);
    const dto = await this.validated(mapped);
    const outcome = await this.submit(idempotencyKey, rawBody ?? body, dto, mapped.paths);
    return { bundle: await this.transactionResponse(outcome.body, mapped.entries), replayed: outcome.replayed };
  }

  /**
   * An EpisodeOfCare entry with ifNoneExist whose episode the register has (in the institution the
   * Bundle is written to, where identifiers are unique) is not changed: it takes the stored fields,
   * and its responses are added to it, as FHIR resolves the entry to the existing resource.
   */
  private async keepExisting(mapped: MappedSubmission): Promise<void> {
    const conditional = mapped.entries.filter((e) => e.kind === 'episode' && e.ifNoneExist).map((e) => mapped.dto.episodes[e.episode]);
    if (conditional.length === 0) return;
    const institutionId = this.scope.writable(mapped.dto.institutionId);
    await this.db.transaction([institutionId], async (manager) => {
      for (const episode of conditional) {
        if (typeof episode.externalId !== 'string') continue;
        const [id] = await this.episodeRows.idsByExternalId(manager, episode.externalId);
        const row = id ? await this.episodeRows.findVisible(manager, id) : undefined;
        if (row) Object.assign(episode, storedFields(toEpisodeDto(row) as EpisodeDto));
      }
    });
  }

  private async validated(mapped: MappedSubmission): Promise<SubmissionDto> {
    try {
      return (await this.validation.transform(mapped.dto, { type: 'body', metatype: SubmissionDto })) as SubmissionDto;
    } catch (error) {
      throw placed(error, mapped.paths);
    }
  }

  private async submit(key: string | undefined, body: unknown, dto: SubmissionDto, paths: PathMap) {
    try {
      return await this.submissions.submit(key, body, dto);
    } catch (error) {
      throw placed(error, paths);
    }
  }

  /** One entry per request entry, in order: its status and where the resource now is. */
  private async transactionResponse(result: SubmissionResultDto, plan: EntryPlan[]): Promise<Bundle> {
    const episodeIds = result.episodes.map((e) => e.id);
    const current = await this.db.transaction([result.institutionId], (manager) =>
      this.responses.currentIdsOfEpisodes(manager, episodeIds),
    );
    const responseId = new Map(current.map((r) => [`${r.episode_id}/${r.timepoint}/${r.instrument}`, r.id]));
    const entry: BundleEntry[] = plan.map((step) => {
      const episode = result.episodes[step.episode];
      const status = episode.status === 'created' ? '201 Created' : '200 OK';
      if (step.kind === 'episode') return { response: { status, location: `EpisodeOfCare/${episode.id}` } };
      const id = responseId.get(`${episode.id}/${step.timepoint}/${step.instrument}`);
      return { response: { status, location: `QuestionnaireResponse/${id}` } };
    });
    return { resourceType: 'Bundle', type: 'transaction-response', entry };
  }
}

/** The fields of a stored episode as a submission sends them (all but the patient and the identifier). */
function storedFields(episode: EpisodeDto): Partial<SubmissionEpisodeDto> {
  const fields = {
    unitId: episode.unitId,
    referralDate: episode.referralDate,
    admissionDate: episode.admissionDate,
    dischargeDate: episode.dischargeDate,
    setting: episode.setting,
    serviceLevel: episode.serviceLevel,
    programme: episode.programme,
    mainDiagnosis: episode.mainDiagnosis,
    dischargeDestination: episode.dischargeDestination,
    consent: episode.consent,
    rehabLevel: episode.rehabLevel,
    professions: episode.professions,
    individualPlan: episode.individualPlan,
    coordinator: episode.coordinator,
    municipalityNotifiedDate: episode.municipalityNotifiedDate,
  };
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v ?? undefined])) as Partial<SubmissionEpisodeDto>;
}

function sameResponse(existing: ResponseDto, dto: CreateResponseDto): boolean {
  return (
    existing.completedDate === dto.completedDate &&
    existing.mode === dto.mode &&
    JSON.stringify(existing.answers) === JSON.stringify(normalizeAnswers(dto.answers))
  );
}

export function isResource<T extends string>(body: unknown, type: T): body is { resourceType: T } {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as { resourceType?: unknown }).resourceType === type;
}

/** A problem of the submission, its JSON pointers turned into the sender's FHIRPaths. */
function placed(error: unknown, paths: PathMap): unknown {
  if (!(error instanceof ProblemException)) return error;
  const problem = error.getResponse() as ProblemDetails;
  return new OperationOutcomeException(error.getStatus(), problem, paths.translate(problem.errors ?? []));
}
