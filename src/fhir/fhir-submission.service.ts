/**
 * Submissions through FHIR: an incoming resource is validated against R4, mapped to the JSON API's
 * submission body, validated as that body is, and written by the submission service (all or nothing,
 * once per Idempotency-Key). Every refusal on the way is an OperationOutcome at the sender's elements.
 */
import { Inject, Injectable, ValidationPipe } from '@nestjs/common';
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ProblemException, type ProblemDetails } from '../common/problem';
import { createValidationPipe } from '../common/validation';
import { ScopedDb } from '../database/scoped-db';
import { ResponseRepository } from '../episodes/responses/response.repository';
import { SubmissionDto, type SubmissionResultDto } from '../submissions/dto/submission.dto';
import { fastCheckSubmission } from '../submissions/submission-fast-check';
import { SubmissionService } from '../submissions/submission.service';
import { type EntryPlan, mapTransaction, type MappedSubmission, type PathMap } from './fhir-submission-mapping';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async transaction(body: unknown, idempotencyKey: string | undefined): Promise<TransactionOutcome> {
    if (!isResource(body, 'Bundle'))
      throw invalid([{ expression: 'Bundle', detail: 'POST /fhir takes a transaction Bundle (resourceType "Bundle").' }]);
    checkR4(body);
    const mapped = mapTransaction(body as Bundle, { allowSyntheticIds: this.config.allowSyntheticIds });
    if (mapped.errors.length) throw invalid(mapped.errors);
    const dto = await this.validated(mapped);
    const outcome = await this.submit(idempotencyKey, body, dto, mapped.paths);
    return { bundle: await this.transactionResponse(outcome.body, mapped.entries), replayed: outcome.replayed };
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

export function isResource<T extends string>(body: unknown, type: T): body is { resourceType: T } {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as { resourceType?: unknown }).resourceType === type;
}

/** A problem of the submission, its JSON pointers turned into the sender's FHIRPaths. */
function placed(error: unknown, paths: PathMap): unknown {
  if (!(error instanceof ProblemException)) return error;
  const problem = error.getResponse() as ProblemDetails;
  return new OperationOutcomeException(error.getStatus(), problem, paths.translate(problem.errors ?? []));
}
