/**
 * Incoming FHIR resources → the JSON API's submission body, so that validation, pseudonymization,
 * scoring and the all-or-nothing write stay the submission service's alone. Pure: what the mapping
 * itself must refuse (an unknown identifier system, an answer from another code system, a response
 * without its episode) becomes an error at a FHIRPath; every value it carries over is remembered with
 * the FHIRPath it came from, so an error the submission service reports at a JSON pointer is
 * answered at the element the sender wrote.
 */
import type {
  Bundle,
  BundleEntry,
  Coding,
  EpisodeOfCare,
  Extension,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Reference,
} from '@medplum/fhirtypes';
import type { FieldError } from '../common/problem';
import type { SubmissionDto, SubmissionEpisodeDto } from '../submissions/dto/submission.dto';
import type { CreateResponseDto } from '../episodes/responses/dto/response.dto';
import { INSTRUMENT_DEFINITIONS } from '../instruments/instrument-definitions';
import { parseNationalId } from '../pseudonyms/national-id';
import {
  ANSWER_SYSTEMS,
  canonical,
  codeSystemUrl,
  EXTENSIONS,
  type ExtensionName,
  extensionUrl,
  instrumentOfQuestionnaire,
  isNationalIdSystem,
  NATIONAL_ID_SYSTEMS,
  type NationalIdSystem,
  QUESTIONNAIRE_IDS,
  type QuestionnaireId,
  valueSystemOf,
  WORKFLOW_EPISODE_OF_CARE,
} from './fhir-vocabulary';
import type { FhirFieldError } from './operation-outcome';

type Json = Record<string, unknown>;

/** Medplum's validator lets an object with a resourceType through where R4 wants a primitive or a list, so nothing here trusts a shape. */
const list = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);

/** The FHIRPath (after the resource's own path) of each field of a submission's episode or response, by JSON pointer after its own. */
type FieldPaths = ReadonlyMap<string, string>;

/**
 * Where each carried-over value came from: JSON pointer into the submission body → FHIRPath. An
 * episode or response is mounted once with the table of its fields (the same for every one) rather
 * than a path per field, and a response's answers are found among its items when an error asks:
 * a Bundle of 500 entries would otherwise build some 10,000 paths for the rare refusal.
 */
export class PathMap {
  private readonly paths = new Map<string, string>();
  private readonly mounts = new Map<string, { path: string; fields: FieldPaths; items?: QuestionnaireResponseItem[] }>();
  set(pointer: string, path: string): void {
    this.paths.set(pointer, path);
  }
  /** A resource mapped to `pointer`; with `items`, a response whose answers are `<pointer>/answers/<linkId>`. */
  mount(pointer: string, path: string, fields: FieldPaths, items?: QuestionnaireResponseItem[]): void {
    this.mounts.set(pointer, { path, fields, items });
  }
  /** The FHIRPath of a pointer, or of its nearest mapped parent. */
  pathOf(pointer: string): string {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const found = this.paths.get(p) ?? this.mounted(p);
      if (found) return found;
      if (!p) return '';
    }
  }
  translate(errors: FieldError[]): FhirFieldError[] {
    return errors.map((e) => ({ expression: this.pathOf(e.pointer), detail: e.detail }));
  }
  /** The path of a field of a mounted resource (exactly that field, not a parent of it). */
  private mounted(pointer: string): string | undefined {
    for (let q = pointer; ; q = q.slice(0, q.lastIndexOf('/'))) {
      const mount = this.mounts.get(q);
      if (mount) {
        const rest = pointer.slice(q.length);
        const field = mount.fields.get(rest);
        if (field !== undefined) return mount.path + field;
        const answer = /^\/answers\/([^/]+)$/.exec(rest)?.[1];
        const item = answer === undefined ? -1 : (mount.items ?? []).findIndex((i) => i.linkId === answer);
        if (item >= 0) return `${mount.path}.item[${item}].answer[0]`;
      }
      if (!q) return undefined;
    }
  }
}

const extensionPath = (name: ExtensionName) => `.extension('${extensionUrl(name)}')`;

const EPISODE_FIELDS: FieldPaths = new Map([
  ['', ''],
  ['/externalId', '.identifier[0].value'],
  ['/patient', '.patient'],
  ['/patient/nationalId', '.patient.identifier.value'],
  ['/admissionDate', '.period.start'],
  ['/dischargeDate', '.period.end'],
  ['/setting', extensionPath('setting')],
  ['/serviceLevel', extensionPath('serviceLevel')],
  ['/programme', extensionPath('programme')],
  ['/mainDiagnosis', extensionPath('mainDiagnosis')],
  ['/dischargeDestination', extensionPath('dischargeDestination')],
  ['/consent', extensionPath('consent')],
  ['/consent/status', `${extensionPath('consent')}.extension('status')`],
  ['/consent/date', `${extensionPath('consent')}.extension('date')`],
  ['/rehabLevel', extensionPath('rehabLevel')],
  ['/professions', extensionPath('profession')],
  ['/individualPlan', extensionPath('individualPlan')],
  ['/coordinator', extensionPath('coordinator')],
  ['/referralDate', extensionPath('referralDate')],
  ['/municipalityNotifiedDate', extensionPath('municipalityNotifiedDate')],
  ['/unitId', extensionPath('unit')],
]);

const RESPONSE_FIELDS: FieldPaths = new Map([
  ['', ''],
  ['/completedDate', '.authored'],
  ['/instrument', '.questionnaire'],
  ['/answers', '.item'],
  ['/timepoint', extensionPath('timepoint')],
  ['/mode', extensionPath('mode')],
]);

/** What an entry of the transaction becomes, for the transaction-response. */
export interface EntryPlan {
  kind: 'episode' | 'response';
  /** An EpisodeOfCare entry with request.ifNoneExist: left as it is when the register has it. */
  ifNoneExist?: boolean;
  /** Index of the episode in the submission body. */
  episode: number;
  timepoint?: string;
  instrument?: string;
}

export interface MappedSubmission {
  dto: SubmissionDto;
  paths: PathMap;
  entries: EntryPlan[];
  errors: FhirFieldError[];
}

interface Patient {
  system: NationalIdSystem;
  value: string;
}

/** Checks as the submission does, one place for each message. */
class Mapping {
  readonly errors: FhirFieldError[] = [];
  readonly paths = new PathMap();
  /** The same patient comes again in each of an episode's responses. */
  private readonly kindProblems = new Map<string, string | undefined>();
  constructor(readonly allowSyntheticIds: boolean) {}

  error(expression: string, detail: string): undefined {
    this.errors.push({ expression, detail });
    return undefined;
  }

  /** The national identifier of a Reference given by identifier. */
  patient(reference: Reference | undefined, path: string): Patient | undefined {
    const identifier = reference?.identifier;
    if (!identifier)
      return this.error(
        path,
        'Give the patient by identifier (the national identity number), not by reference: the register keeps no Patient resources.',
      );
    if (!isNationalIdSystem(identifier.system)) {
      const known = Object.entries(NATIONAL_ID_SYSTEMS).map(([system, name]) => `${system} (${name})`);
      return this.error(`${path}.identifier.system`, `Unknown identifier system; use one of ${known.join(', ')}.`);
    }
    if (typeof identifier.value !== 'string')
      return this.error(`${path}.identifier.value`, 'The identifier value (the number) is missing.');
    const patient = { system: identifier.system, value: identifier.value };
    const known = `${patient.system}|${patient.value}`;
    if (!this.kindProblems.has(known)) this.kindProblems.set(known, this.kindProblem(patient));
    const kindProblem = this.kindProblems.get(known);
    if (kindProblem) return this.error(`${path}.identifier.system`, kindProblem);
    return patient;
  }

  /** A valid number of another kind than its system says (a D-number sent as a fødselsnummer) is refused; invalid ones are the pseudonym service's to name. */
  private kindProblem(patient: Patient): string | undefined {
    const parsed = parseNationalId(patient.value, { allowSynthetic: this.allowSyntheticIds });
    if (!parsed.ok || parsed.kind === 'synthetic') return undefined;
    const systemOfKind = Object.keys(NATIONAL_ID_SYSTEMS)[['fnr', 'dnr', 'hnr'].indexOf(parsed.kind)];
    if (systemOfKind === patient.system) return undefined;
    return `The number is a ${NATIONAL_ID_SYSTEMS[systemOfKind as NationalIdSystem]}, but the identifier system says ${NATIONAL_ID_SYSTEMS[patient.system]}; send it with system ${systemOfKind}.`;
  }

  /** A register extension that may appear once (remembered as where the field came from), or undefined. */
  private single(extensions: Extension[] | undefined, name: ExtensionName, path: string): Extension | undefined {
    const url = extensionUrl(name);
    const here = `${path}.extension('${url}')`;
    const found = list(extensions).filter((e) => e.url === url);
    if (found.length === 0) return undefined; // missing: the submission names a missing required field
    if (found.length > 1) return this.error(here, `Send the extension ${url} once.`);
    return found[0];
  }

  /** The code of a register extension's Coding, checked against the extension's code system. */
  code(extensions: Extension[] | undefined, name: ExtensionName, path: string): string | undefined {
    const extension = this.single(extensions, name, path);
    if (!extension) return undefined;
    return this.codingCode(extension.valueCoding, valueSystemOf(EXTENSIONS[name])!, `${path}.extension('${extensionUrl(name)}').value`);
  }

  /** The codes of a repeating register extension (one Coding each), in the order sent. */
  codes(extensions: Extension[] | undefined, name: ExtensionName, path: string, pointer: string): string[] | undefined {
    const url = extensionUrl(name);
    const found = list(extensions).filter((e) => e.url === url);
    if (found.length === 0) return undefined;
    const system = valueSystemOf(EXTENSIONS[name])!;
    return found.map((e, i) => {
      this.paths.set(`${pointer}/${i}`, `${path}.extension('${url}')[${i}].value`);
      return this.codingCode(e.valueCoding, system, `${path}.extension('${url}')[${i}].value`) ?? '';
    });
  }

  /** The value of a register extension of a primitive type (valueDate, valueId). */
  primitive(extensions: Extension[] | undefined, name: ExtensionName, path: string): string | undefined {
    const extension = this.single(extensions, name, path);
    if (!extension) return undefined;
    const type = EXTENSIONS[name].value.type;
    const key = `value${type.charAt(0).toUpperCase()}${type.slice(1)}` as 'valueDate' | 'valueId';
    const value = extension[key];
    if (typeof value !== 'string') return this.error(`${path}.extension('${extensionUrl(name)}').value`, `Expected ${key}.`);
    return value;
  }

  codingCode(coding: Coding | undefined, system: string, path: string): string | undefined {
    if (!coding) return this.error(path, `Expected a Coding from ${system}.`);
    if (coding.system !== system)
      return this.error(
        `${path}.system`,
        `Expected a code from ${system} (got ${typeof coding.system === 'string' ? `"${coding.system.slice(0, 100)}"` : 'no system'}).`,
      );
    if (typeof coding.code !== 'string') return this.error(`${path}.code`, 'The code is missing.');
    return coding.code;
  }
}

const dateOf = (value: string | undefined) => (typeof value === 'string' ? value.slice(0, 10) : undefined);
const defined = <T extends Json>(object: T): T => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;

function episodeOf(m: Mapping, resource: EpisodeOfCare, path: string, pointer: string): { dto: SubmissionEpisodeDto; patient?: Patient } {
  m.paths.mount(pointer, path, EPISODE_FIELDS);
  const identifiers = list(resource.identifier);
  if (identifiers.length !== 1) m.error(`${path}.identifier`, "Send exactly one identifier: the institution's own id of the episode.");
  else if (isNationalIdSystem(identifiers[0].system))
    m.error(
      `${path}.identifier[0].system`,
      "The identifier is your own id of the episode; the patient's national identity number goes in patient.identifier.",
    );
  rejectModifiers(m, resource.modifierExtension, path);
  const patient = m.patient(resource.patient, `${path}.patient`);
  const ext = resource.extension;
  const consent = consentOf(m, ext, path);
  const dto = defined({
    externalId: identifiers[0]?.value,
    patient: { nationalId: patient?.value },
    admissionDate: dateOf(resource.period?.start),
    dischargeDate: dateOf(resource.period?.end),
    setting: m.code(ext, 'setting', path),
    serviceLevel: m.code(ext, 'serviceLevel', path),
    programme: m.code(ext, 'programme', path),
    mainDiagnosis: m.code(ext, 'mainDiagnosis', path),
    dischargeDestination: m.code(ext, 'dischargeDestination', path),
    consent,
    rehabLevel: m.code(ext, 'rehabLevel', path),
    professions: m.codes(ext, 'profession', path, `${pointer}/professions`),
    individualPlan: m.code(ext, 'individualPlan', path),
    coordinator: m.code(ext, 'coordinator', path),
    referralDate: m.primitive(ext, 'referralDate', path),
    municipalityNotifiedDate: m.primitive(ext, 'municipalityNotifiedDate', path),
    unitId: m.primitive(ext, 'unit', path),
  }) as unknown as SubmissionEpisodeDto;
  return { dto, patient };
}

function consentOf(m: Mapping, extensions: Extension[] | undefined, path: string): SubmissionEpisodeDto['consent'] {
  const url = extensionUrl('consent');
  const here = `${path}.extension('${url}')`;
  const consent = list(extensions).find((e) => e.url === url);
  if (!consent) return undefined;
  const part = (name: string) => list(consent.extension).find((e) => e.url === name);
  const status = part('status');
  return defined({
    status: status ? m.codingCode(status.valueCoding, codeSystemUrl('consentStatus'), `${here}.extension('status').value`) : undefined,
    date: part('date')?.valueDate,
  }) as SubmissionEpisodeDto['consent'];
}

function rejectModifiers(m: Mapping, modifiers: Extension[] | undefined, path: string): void {
  if (list(modifiers).length)
    m.error(`${path}.modifierExtension`, 'The register does not understand these modifier extensions, so it cannot take the resource.');
}

function questionnaireOf(m: Mapping, questionnaire: string | undefined, path: string): QuestionnaireId | undefined {
  const [url] = (typeof questionnaire === 'string' ? questionnaire : '').split('|');
  const found = QUESTIONNAIRE_IDS.find((id) => canonical('Questionnaire', id) === url);
  if (found) return found;
  return m.error(
    `${path}.questionnaire`,
    `questionnaire must be one of ${QUESTIONNAIRE_IDS.map((id) => canonical('Questionnaire', id)).join(', ')}.`,
  );
}

function responseOf(m: Mapping, resource: QuestionnaireResponse, path: string, pointer: string): CreateResponseDto {
  m.paths.mount(pointer, path, RESPONSE_FIELDS, list(resource.item));
  rejectModifiers(m, resource.modifierExtension, path);
  if (resource.status !== 'completed' && resource.status !== 'amended')
    m.error(`${path}.status`, `Only completed questionnaires are registered (status "completed" or "amended", got "${resource.status}").`);
  const questionnaire = questionnaireOf(m, resource.questionnaire, path);
  const instrument = questionnaire && instrumentOfQuestionnaire(questionnaire);
  return defined({
    timepoint: m.code(resource.extension, 'timepoint', path),
    mode: m.code(resource.extension, 'mode', path),
    completedDate: dateOf(resource.authored),
    instrument,
    answers: questionnaire ? answersOf(m, questionnaire, list(resource.item), path) : {},
  }) as unknown as CreateResponseDto;
}

/** Items by linkId; a choice answer is a Coding of the instrument's answer code system, an integer item (EQ VAS) an integer. */
function answersOf(m: Mapping, questionnaire: QuestionnaireId, items: QuestionnaireResponseItem[], path: string): Json {
  const instrument = instrumentOfQuestionnaire(questionnaire);
  const definitions = INSTRUMENT_DEFINITIONS[instrument].items;
  const system = codeSystemUrl(ANSWER_SYSTEMS[questionnaire]);
  const answers: Json = questionnaire === 'barthel-20' ? { scale: 20 } : {};
  items.forEach((item, i) => {
    const here = `${path}.item[${i}]`;
    const definition = definitions.find((d) => d.id === item.linkId);
    if (!definition)
      return m.error(
        `${here}.linkId`,
        `"${item.linkId}" is not an item of ${canonical('Questionnaire', questionnaire)}; its items are ${definitions.map((d) => d.id).join(', ')}.`,
      );
    if (Object.hasOwn(answers, definition.id)) return m.error(here, `Item "${definition.id}" appears twice; send each item once.`);
    const answer = list(item.answer);
    if (answer.length > 1) return m.error(`${here}.answer`, `Item "${definition.id}" takes one answer.`);
    if (answer.length === 0) return;
    if (definition.kind === 'integer') {
      if (answer[0].valueInteger === undefined) return m.error(`${here}.answer[0]`, `Item "${definition.id}" takes valueInteger.`);
      answers[definition.id] = answer[0].valueInteger;
      return;
    }
    const code = m.codingCode(answer[0].valueCoding, system, `${here}.answer[0].value`);
    // a code that is not a number is left as text, so the submission says which values the item takes
    if (code !== undefined) answers[definition.id] = /^\d{1,3}$/.test(code) ? Number(code) : code;
  });
  return answers;
}

/** The episode a response points at with the workflow-episodeOfCare extension: a Bundle fullUrl, or an identifier. */
export function episodeLink(resource: QuestionnaireResponse): { reference?: string; identifier?: string } | undefined {
  const link = list(resource.extension).find((e) => e.url === WORKFLOW_EPISODE_OF_CARE)?.valueReference;
  if (!link) return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { reference: text(link.reference), identifier: text(link.identifier?.value) };
}

export interface MappingOptions {
  allowSyntheticIds: boolean;
}

/** A transaction Bundle of EpisodeOfCare and QuestionnaireResponse entries → one submission. */
export function mapTransaction(bundle: Bundle, options: MappingOptions): MappedSubmission {
  const m = new Mapping(options.allowSyntheticIds);
  const episodes: { dto: SubmissionEpisodeDto; patient?: Patient; fullUrl?: string; path: string }[] = [];
  const entries: EntryPlan[] = [];
  const dto: SubmissionDto = { episodes: [] };
  if (bundle.type !== 'transaction') m.error('Bundle.type', `Send a Bundle of type "transaction" (all or nothing); got "${bundle.type}".`);
  const all = list(bundle.entry);
  if (all.length === 0) m.error('Bundle.entry', 'The Bundle holds no entries.');
  // Episodes first, so responses can point at any of them whatever the order.
  const episodeOfEntry = new Map<number, number>();
  all.forEach((entry, i) => {
    const path = `Bundle.entry[${i}].resource`;
    if (!checkRequest(m, entry, i)) return;
    if (entry.resource?.resourceType !== 'EpisodeOfCare') return;
    const index = episodes.length;
    const mapped = episodeOf(m, entry.resource, path, `/episodes/${index}`);
    episodes.push({ ...mapped, fullUrl: entry.fullUrl, path });
    episodeOfEntry.set(i, index);
  });
  const linked = new EpisodeLinks(episodes);
  all.forEach((entry, i) => {
    const path = `Bundle.entry[${i}].resource`;
    const resource = entry.resource;
    if (resource?.resourceType === 'EpisodeOfCare') {
      const ifNoneExist = entry.request?.ifNoneExist !== undefined;
      entries.push({ kind: 'episode', episode: episodeOfEntry.get(i) ?? -1, ...(ifNoneExist ? { ifNoneExist } : {}) });
      return;
    }
    if (resource?.resourceType !== 'QuestionnaireResponse') {
      m.error(
        `Bundle.entry[${i}].resource`,
        `A transaction holds EpisodeOfCare and QuestionnaireResponse entries only (got ${resource?.resourceType ?? 'no resource'}).`,
      );
      return;
    }
    const link = episodeLink(resource);
    const index = link ? linked.indexOf(link) : -1;
    if (index < 0) {
      m.error(
        `${path}.extension('${WORKFLOW_EPISODE_OF_CARE}')`,
        link
          ? 'The episode this response points at is not in the Bundle; point at an EpisodeOfCare entry by its fullUrl or identifier.'
          : `Link the response to its episode with the extension ${WORKFLOW_EPISODE_OF_CARE} (the EpisodeOfCare entry's fullUrl, or its identifier).`,
      );
      return;
    }
    const episode = episodes[index];
    const subject = m.patient(resource.subject, `${path}.subject`);
    if (subject && episode.patient && (subject.value !== episode.patient.value || subject.system !== episode.patient.system))
      m.error(`${path}.subject`, "The response's subject is not the patient of its episode.");
    const responses = (episode.dto.responses ??= []);
    const response = responseOf(m, resource, path, `/episodes/${index}/responses/${responses.length}`);
    responses.push(response);
    entries.push({ kind: 'response', episode: index, timepoint: response.timepoint, instrument: response.instrument });
  });
  dto.episodes = episodes.map((e) => e.dto);
  m.paths.set('/episodes', 'Bundle.entry');
  return { dto, paths: m.paths, entries, errors: m.errors };
}

/** The first episode of the Bundle a response's link names, by its entry's fullUrl or by its identifier (one lookup, not a scan per response). */
class EpisodeLinks {
  private readonly byFullUrl = new Map<string, number>();
  private readonly byIdentifier = new Map<string, number>();
  constructor(episodes: { dto: SubmissionEpisodeDto; fullUrl?: string }[]) {
    episodes.forEach((e, index) => {
      if (typeof e.fullUrl === 'string' && !this.byFullUrl.has(e.fullUrl)) this.byFullUrl.set(e.fullUrl, index);
      if (typeof e.dto.externalId === 'string' && !this.byIdentifier.has(e.dto.externalId)) this.byIdentifier.set(e.dto.externalId, index);
    });
  }
  indexOf(link: { reference?: string; identifier?: string }): number {
    const byReference = link.reference === undefined ? undefined : this.byFullUrl.get(link.reference);
    const byIdentifier = link.identifier === undefined ? undefined : this.byIdentifier.get(link.identifier);
    const first = Math.min(byReference ?? Infinity, byIdentifier ?? Infinity);
    return first === Infinity ? -1 : first;
  }
}

/** POST only (a create, which the register applies as create-or-update by the episode's identifier). */
function checkRequest(m: Mapping, entry: BundleEntry, i: number): boolean {
  const method = entry.request?.method;
  const type = entry.resource?.resourceType;
  if (method !== 'POST') {
    m.error(`Bundle.entry[${i}].request.method`, `Send each entry as a create (POST); got ${method ?? 'no request'}.`);
    return false;
  }
  if (type && entry.request?.url !== type) m.error(`Bundle.entry[${i}].request.url`, `request.url must be "${type}".`);
  const ifNoneExist = entry.request?.ifNoneExist;
  if (ifNoneExist !== undefined && !ifNoneExistMatches(ifNoneExist, entry)) {
    m.error(
      `Bundle.entry[${i}].request.ifNoneExist`,
      'ifNoneExist must be "identifier=<system>|<value>" naming the entry\'s own identifier (EpisodeOfCare only): the register keys episodes by it.',
    );
    return false;
  }
  return true;
}

function ifNoneExistMatches(query: string, entry: BundleEntry): boolean {
  if (entry.resource?.resourceType !== 'EpisodeOfCare') return false;
  const value = identifierQuery(query);
  return value !== undefined && value === entry.resource.identifier?.[0]?.value;
}

/** The value of a condition `identifier=[system|]value`, the one search the register has for episodes; else undefined. */
export function identifierQuery(query: string): string | undefined {
  const params = new URLSearchParams(query);
  const wanted = params.get('identifier');
  if (!wanted || [...params.keys()].length !== 1) return undefined;
  return wanted.includes('|') ? wanted.slice(wanted.indexOf('|') + 1) : wanted;
}

export interface MappedEpisode {
  dto: SubmissionEpisodeDto;
  paths: PathMap;
  errors: FhirFieldError[];
}

/** One EpisodeOfCare (POST /fhir/EpisodeOfCare): the JSON API's episode body. */
export function mapEpisodeOfCare(resource: EpisodeOfCare, options: MappingOptions): MappedEpisode {
  const m = new Mapping(options.allowSyntheticIds);
  const { dto } = episodeOf(m, resource, 'EpisodeOfCare', '');
  return { dto, paths: m.paths, errors: m.errors };
}

export interface MappedResponse {
  dto: CreateResponseDto;
  /** The episode: a register id (`EpisodeOfCare/{id}`) or the institution's identifier value. */
  episode?: { id?: string; externalId?: string };
  subject?: Patient;
  paths: PathMap;
  errors: FhirFieldError[];
}

/** One QuestionnaireResponse (POST /fhir/QuestionnaireResponse) for an episode the register already has. */
export function mapQuestionnaireResponse(resource: QuestionnaireResponse, options: MappingOptions): MappedResponse {
  const m = new Mapping(options.allowSyntheticIds);
  const path = 'QuestionnaireResponse';
  const link = episodeLink(resource);
  const byId = /^EpisodeOfCare\/([^/]+)$/.exec(link?.reference ?? '')?.[1];
  const episode = byId ? { id: byId } : link?.identifier ? { externalId: link.identifier } : undefined;
  if (!episode)
    m.error(
      `${path}.extension('${WORKFLOW_EPISODE_OF_CARE}')`,
      `Link the response to its episode with the extension ${WORKFLOW_EPISODE_OF_CARE}: valueReference.reference "EpisodeOfCare/{id}", or valueReference.identifier with your id of the episode.`,
    );
  const subject = m.patient(resource.subject, `${path}.subject`);
  const dto = responseOf(m, resource, path, '');
  return { dto, episode, subject, paths: m.paths, errors: m.errors };
}
