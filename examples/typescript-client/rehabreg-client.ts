/**
 * How an EHR integration talks to rehabreg with a client generated from the OpenAPI document:
 * submit an episode with its admission questionnaires as one idempotent batch, read back the scores
 * the register computed, and turn a refusal (problem+json) into a message per field. `register-episode.ts`
 * runs it from the command line.
 */
import createClient from 'openapi-fetch';
import { randomUUID } from 'node:crypto';
import type { components, paths } from './rehabreg-api';

export type Episode = components['schemas']['SubmissionEpisodeDto'];
export type Problem = components['schemas']['Problem'];
export type ScoredEpisode = components['schemas']['EpisodeWithResponsesDto'];
export type ListedEpisode = components['schemas']['EpisodeDto'];
export type EpisodeListQuery = NonNullable<paths['/api/v1/episodes']['get']['parameters']['query']>;

export function rehabregClient(baseUrl: string, apiKey: string, fetchImpl: typeof fetch = fetch) {
  return createClient<paths>({ baseUrl, headers: { 'X-Api-Key': apiKey }, fetch: fetchImpl });
}
export type RehabregClient = ReturnType<typeof rehabregClient>;

/** A refusal as one line per field, e.g. "/episodes/0/admissionDate: admissionDate must not be in the future". */
export function describeProblem(problem: Problem): string {
  const fields = (problem.errors ?? []).map((error) => `  ${error.pointer}: ${error.detail}`);
  return [`${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`, ...fields].join('\n');
}

export class RegisterRefused extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(describeProblem(problem));
    this.problem = problem;
  }
}

/**
 * Submits the episodes, all or nothing. The Idempotency-Key is made once per batch and kept with it: if the
 * answer is lost (timeout, 503), sending the same batch with the same key again is applied once.
 */
export async function submitEpisodes(client: RehabregClient, episodes: Episode[], idempotencyKey: string = randomUUID()) {
  const { data, error } = await client.POST('/api/v1/submissions', {
    params: { header: { 'Idempotency-Key': idempotencyKey } },
    body: { episodes },
  });
  if (error) throw new RegisterRefused(error);
  return data;
}

export async function scoredEpisode(client: RehabregClient, id: string): Promise<ScoredEpisode> {
  const { data, error } = await client.GET('/api/v1/episodes/{id}', { params: { path: { id } } });
  if (error) throw new RegisterRefused(error);
  return data;
}

/**
 * Every episode the query selects, page by page: each answer's `nextCursor` is the next request's
 * `cursor` (the other parameters stay as they were) until it is null. `count` on the first page says
 * how many to expect, up to 1,000 (`countIsExact` false beyond).
 */
export async function* allEpisodes(client: RehabregClient, query: Omit<EpisodeListQuery, 'cursor'> = {}): AsyncGenerator<ListedEpisode> {
  let cursor: string | undefined;
  do {
    const { data, error } = await client.GET('/api/v1/episodes', { params: { query: { ...query, ...(cursor ? { cursor } : {}) } } });
    if (error) throw new RegisterRefused(error);
    yield* data.items;
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
}

/** One stroke episode at admission: EQ-5D-5L answered by the patient on the web, Barthel rated by a clinician. */
export function strokeAdmission(externalId: string, nationalId: string, admissionDate: string): Episode {
  return {
    externalId,
    patient: { nationalId },
    admissionDate,
    setting: 'inpatient',
    serviceLevel: 'specialist',
    programme: 'stroke',
    mainDiagnosis: 'I63.9',
    consent: { status: 'given', date: admissionDate },
    responses: [
      {
        timepoint: 'admission',
        instrument: 'eq5d-5l',
        mode: 'patient_web',
        completedDate: admissionDate,
        answers: { mobility: 3, selfCare: 2, usualActivities: 4, painDiscomfort: 2, anxietyDepression: 1, vas: 55 },
      },
      {
        timepoint: 'admission',
        instrument: 'barthel',
        mode: 'clinician',
        completedDate: admissionDate,
        answers: {
          feeding: 5,
          bathing: 0,
          grooming: 5,
          dressing: 5,
          bowels: 10,
          bladder: 10,
          toiletUse: 5,
          transfers: 10,
          mobility: 10,
          stairs: 0,
        },
      },
    ],
  };
}
