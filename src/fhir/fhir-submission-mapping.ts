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

/** Where each carried-over value came from: JSON pointer into the submission body → FHIRPath. */
export class PathMap {
  private readonly paths = new Map<string, string>();
  set(pointer: string, path: string): void {
    this.paths.set(pointer, path);
  }
  /** The FHIRPath of a pointer, or of its nearest mapped parent. */
  pathOf(pointer: string): string {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const found = this.paths.get(p);
      if (found) return found;
      if (!p) return '';
    }
  }
  translate(errors: FieldError[]): FhirFieldError[] {
    return errors.map((e) => ({ expression: this.pathOf(e.pointer), detail: e.detail }));
  }
}

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
  private single(extensions: Extension[] | undefined, name: ExtensionName, path: string, pointer: string): Extension | undefined {
    const url = extensionUrl(name);
    const here = `${path}.extension('${url}')`;
    this.paths.set(pointer, here);
    const found = list(extensions).filter((e) => e.url === url);
    if (found.length === 0) return undefined; // missing: the submission names a missing required field
    if (found.length > 1) return this.error(here, `Send the extension ${url} once.`);
    return found[0];
  }

  /** The code of a register extension's Coding, checked against the extension's code system. */
  code(extensions: Extension[] | undefined, name: ExtensionName, path: string, pointer: string): string | undefined {
    const extension = this.single(extensions, name, path, pointer);
    if (!extension) return undefined;
    return this.codingCode(extension.valueCoding, valueSystemOf(EXTENSIONS[name])!, `${path}.extension('${extensionUrl(name)}').value`);
  }

  /** The codes of a repeating register extension (one Coding each), in the order sent. */
  codes(extensions: Extension[] | undefined, name: ExtensionName, path: string, pointer: string): string[] | undefined {
    const url = extensionUrl(name);
    const found = list(extensions).filter((e) => e.url === url);
    this.paths.set(pointer, `${path}.extension('${url}')`);
    if (found.length === 0) return undefined;
    const system = valueSystemOf(EXTENSIONS[name])!;
    return found.map((e, i) => {
      this.paths.set(`${pointer}/${i}`, `${path}.extension('${url}')[${i}].value`);
      return this.codingCode(e.valueCoding, system, `${path}.extension('${url}')[${i}].value`) ?? '';
    });
  }

  /** The value of a register extension of a primitive type (valueDate, valueId). */
  primitive(extensions: Extension[] | undefined, name: ExtensionName, path: string, pointer: string): string | undefined {
    const extension = this.single(extensions, name, path, pointer);
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
  m.paths.set(pointer, path);
  const identifiers = list(resource.identifier);
  if (identifiers.length !== 1) m.error(`${path}.identifier`, "Send exactly one identifier: the institution's own id of the episode.");
  m.paths.set(`${pointer}/externalId`, `${path}.identifier[0].value`);
  m.paths.set(`${pointer}/patient`, `${path}.patient`);
  m.paths.set(`${pointer}/patient/nationalId`, `${path}.patient.identifier.value`);
  m.paths.set(`${pointer}/admissionDate`, `${path}.period.start`);
  m.paths.set(`${pointer}/dischargeDate`, `${path}.period.end`);
  rejectModifiers(m, resource.modifierExtension, path);
  const patient = m.patient(resource.patient, `${path}.patient`);
  const ext = resource.extension;
  const consent = consentOf(m, ext, path, pointer);
  const dto = defined({
    externalId: identifiers[0]?.value,
    patient: { nationalId: patient?.value },
    admissionDate: dateOf(resource.period?.start),
    dischargeDate: dateOf(resource.period?.end),
    setting: m.code(ext, 'setting', path, `${pointer}/setting`),
    serviceLevel: m.code(ext, 'serviceLevel', path, `${pointer}/serviceLevel`),
    programme: m.code(ext, 'programme', path, `${pointer}/programme`),
    mainDiagnosis: m.code(ext, 'mainDiagnosis', path, `${pointer}/mainDiagnosis`),
    dischargeDestination: m.code(ext, 'dischargeDestination', path, `${pointer}/dischargeDestination`),
    consent,
    rehabLevel: m.code(ext, 'rehabLevel', path, `${pointer}/rehabLevel`),
    professions: m.codes(ext, 'profession', path, `${pointer}/professions`),
    individualPlan: m.code(ext, 'individualPlan', path, `${pointer}/individualPlan`),
    coordinator: m.code(ext, 'coordinator', path, `${pointer}/coordinator`),
    referralDate: m.primitive(ext, 'referralDate', path, `${pointer}/referralDate`),
    municipalityNotifiedDate: m.primitive(ext, 'municipalityNotifiedDate', path, `${pointer}/municipalityNotifiedDate`),
    unitId: m.primitive(ext, 'unit', path, `${pointer}/unitId`),
  }) as unknown as SubmissionEpisodeDto;
  return { dto, patient };
}

function consentOf(m: Mapping, extensions: Extension[] | undefined, path: string, pointer: string): SubmissionEpisodeDto['consent'] {
  const url = extensionUrl('consent');
  const here = `${path}.extension('${url}')`;
  m.paths.set(`${pointer}/consent`, here);
  const consent = list(extensions).find((e) => e.url === url);
  if (!consent) return undefined;
  const part = (name: string) => list(consent.extension).find((e) => e.url === name);
  m.paths.set(`${pointer}/consent/status`, `${here}.extension('status')`);
  m.paths.set(`${pointer}/consent/date`, `${here}.extension('date')`);
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
  m.paths.set(pointer, path);
  m.paths.set(`${pointer}/completedDate`, `${path}.authored`);
  m.paths.set(`${pointer}/instrument`, `${path}.questionnaire`);
  m.paths.set(`${pointer}/answers`, `${path}.item`);
  rejectModifiers(m, resource.modifierExtension, path);
  if (resource.status !== 'completed' && resource.status !== 'amended')
    m.error(`${path}.status`, `Only completed questionnaires are registered (status "completed" or "amended", got "${resource.status}").`);
  const questionnaire = questionnaireOf(m, resource.questionnaire, path);
  const instrument = questionnaire && instrumentOfQuestionnaire(questionnaire);
  return defined({
    timepoint: m.code(resource.extension, 'timepoint', path, `${pointer}/timepoint`),
    mode: m.code(resource.extension, 'mode', path, `${pointer}/mode`),
    completedDate: dateOf(resource.authored),
    instrument,
    answers: questionnaire ? answersOf(m, questionnaire, list(resource.item), path, pointer) : {},
  }) as unknown as CreateResponseDto;
}

/** Items by linkId; a choice answer is a Coding of the instrument's answer code system, an integer item (EQ VAS) an integer. */
function answersOf(m: Mapping, questionnaire: QuestionnaireId, items: QuestionnaireResponseItem[], path: string, pointer: string): Json {
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
    m.paths.set(`${pointer}/answers/${definition.id}`, `${here}.answer[0]`);
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
  all.forEach((entry, i) => {
    const path = `Bundle.entry[${i}].resource`;
    if (!checkRequest(m, entry, i)) return;
    if (entry.resource?.resourceType !== 'EpisodeOfCare') return;
    const index = episodes.length;
    const mapped = episodeOf(m, entry.resource, path, `/episodes/${index}`);
    episodes.push({ ...mapped, fullUrl: entry.fullUrl, path });
  });
  all.forEach((entry, i) => {
    const path = `Bundle.entry[${i}].resource`;
    const resource = entry.resource;
    if (resource?.resourceType === 'EpisodeOfCare') {
      const ifNoneExist = entry.request?.ifNoneExist !== undefined;
      entries.push({ kind: 'episode', episode: episodes.findIndex((e) => e.path === path), ...(ifNoneExist ? { ifNoneExist } : {}) });
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
    const index = link
      ? episodes.findIndex(
          (e) =>
            (link.reference !== undefined && e.fullUrl === link.reference) ||
            (link.identifier !== undefined && e.dto.externalId === link.identifier),
        )
      : -1;
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
