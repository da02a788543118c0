/**
 * Reading back own data through FHIR: the episode and response services' reads (their scope, RLS
 * and audit), shown as FHIR resources. Another institution's resource is not found, as in the JSON API.
 */
import { Injectable } from '@nestjs/common';
import type { Bundle, EpisodeOfCare, QuestionnaireResponse } from '@medplum/fhirtypes';
import { AuditService } from '../audit/audit.service';
import { InstitutionScope } from '../auth/institution-scope';
import { NotFoundProblem } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { EpisodeRepository, toEpisodeDto } from '../episodes/episode.repository';
import { EpisodeService } from '../episodes/episode.service';
import { ResponseRepository } from '../episodes/responses/response.repository';
import { searchSet, notFound } from './fhir-conformance.service';
import { episodeOfCare, questionnaireResponse } from './fhir-resources';
import { invalid } from './fhir-submission.service';
import { isNationalIdSystem } from './fhir-vocabulary';
import { EXTERNAL_ID_MAX_LENGTH } from '../episodes/dto/episode.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class FhirReadService {
  constructor(
    private readonly episodes: EpisodeService,
    private readonly episodeRows: EpisodeRepository,
    private readonly responses: ResponseRepository,
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly audit: AuditService,
  ) {}

  async episodeOfCare(id: string): Promise<EpisodeOfCare> {
    return episodeOfCare(await this.episode(id));
  }

  /** The episode and its current responses. */
  async everything(id: string): Promise<Bundle> {
    const episode = await this.episode(id);
    return searchSet([episodeOfCare(episode), ...episode.responses.map((r) => questionnaireResponse(r, episode))]);
  }

  /**
   * `identifier=[system|]value`, FHIR's token search, on the institution's own episode id. The
   * register keeps one id per episode, unique within the institution, and not its system (episodes
   * are given back with the value alone): so `value`, `|value` (no system) and `system|value` all
   * find the episode with that value, whichever system the hospital's system gives its ids. A
   * national identifier system is refused (the patient's number is not an episode's id, and has no
   * place in a URL), as is a system without a value. Values separated by commas are alternatives.
   */
  async searchByIdentifier(identifier: string): Promise<Bundle> {
    const values = identifierValues(identifier);
    const found = new Map<string, EpisodeOfCare>();
    for (const value of values) {
      const page = await this.episodes.list({ externalId: value, limit: 500 });
      for (const episode of page.items) found.set(episode.id, episodeOfCare(episode));
    }
    return searchSet([...found.values()]);
  }

  /** The response (current or earlier version); its read is audited as a read of its episode. */
  async questionnaireResponse(id: string): Promise<QuestionnaireResponse> {
    if (!UUID.test(id)) throw notFound('QuestionnaireResponse', id);
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const response = await this.responses.findById(manager, id);
      const row = response && (await this.episodeRows.findVisible(manager, response.episodeId));
      if (!response || !row) throw notFound('QuestionnaireResponse', id);
      await this.audit.record(manager, {
        action: 'episode.read',
        objectType: 'episode',
        objectIds: [row.id],
        institutionId: row.institution_id,
      });
      return questionnaireResponse(response, toEpisodeDto(row));
    });
  }

  private async episode(id: string) {
    if (!UUID.test(id)) throw notFound('EpisodeOfCare', id);
    try {
      return await this.episodes.get(id);
    } catch (error) {
      if (error instanceof NotFoundProblem) throw notFound('EpisodeOfCare', id);
      throw error;
    }
  }
}

const MAX_IDENTIFIERS = 50;

/** The values of a token search `[system|]value[,[system|]value...]` (`\,` `\|` `\\` escape), checked as searchByIdentifier says. */
export function identifierValues(search: string): string[] {
  const refuse = (detail: string) => invalid([{ expression: 'identifier', detail }], 'Unsupported search.');
  const tokens = splitUnescaped(search, ',');
  if (tokens.length > MAX_IDENTIFIERS) throw refuse(`Give at most ${MAX_IDENTIFIERS} identifiers, separated by commas.`);
  return tokens.map((token) => {
    const parts = splitUnescaped(token, '|');
    if (parts.length > 2) throw refuse('An identifier is [system|]value: one "|" at most (write a "|" in a value as "\\|").');
    const [system, value] = parts.length === 2 ? parts.map(unescapeToken) : [undefined, unescapeToken(parts[0])];
    if (isNationalIdSystem(system))
      throw refuse("Search episodes by your own id of the episode: a national identity number is the patient's, not the episode's.");
    if (value.length < 1 || value.length > EXTERNAL_ID_MAX_LENGTH)
      throw refuse(
        `identifier must be [system|]value, the value 1 to ${EXTERNAL_ID_MAX_LENGTH} characters (the register keeps your id's value, not its system).`,
      );
    return value;
  });
}

/** Splits at each `separator` not escaped by a backslash. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const unescapeToken = (text: string) => text.replace(/\\([\\,|$])/g, '$1');
