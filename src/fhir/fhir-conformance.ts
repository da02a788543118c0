/**
 * The conformance resources the facade serves: Questionnaires of the instruments, the
 * StructureDefinitions of its extensions, its CodeSystems, and the CapabilityStatement. All are
 * built from the register's own definitions (instrument items, vocabularies), never written twice.
 */
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CodeSystem,
  ElementDefinition,
  Extension,
  Questionnaire,
  QuestionnaireItem,
  StructureDefinition,
} from '@medplum/fhirtypes';
import type { Eq5dWording } from '../forms/eq5d-wording';
import {
  INSTRUMENT_DEFINITIONS,
  INSTRUMENT_LANGUAGES,
  type InstrumentLanguage,
  type ItemDefinition,
} from '../instruments/instrument-definitions';
import {
  ANSWER_SYSTEMS,
  canonical,
  CODE_SYSTEMS,
  CONFORMANCE_DATE,
  CONFORMANCE_VERSION,
  codeSystemUrl,
  EXTENSIONS,
  type ExtensionSpec,
  FHIR_BASE,
  FHIR_CONTENT_TYPE,
  FHIR_VERSION,
  instrumentOfQuestionnaire,
  QUESTIONNAIRE_IDS,
  type QuestionnaireId,
  SCORE_PARTS,
  valueSystemOf,
} from './fhir-vocabulary';

const PUBLISHER = 'rehabreg';
const COMMON = { version: CONFORMANCE_VERSION, status: 'active', date: CONFORMANCE_DATE, publisher: PUBLISHER } as const;

/** A computable name (FHIR's name rule: starts with a capital, letters and digits only). */
function computableName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export function codeSystems(): CodeSystem[] {
  return Object.values(CODE_SYSTEMS).map((spec) => ({
    resourceType: 'CodeSystem',
    id: spec.id,
    url: canonical('CodeSystem', spec.id),
    ...COMMON,
    name: computableName(spec.id),
    title: spec.title,
    description: spec.description,
    caseSensitive: true,
    content: 'complete',
    count: spec.concepts.length,
    concept: spec.concepts.map((c) => ({ code: c.code, display: c.display })),
  }));
}

export function structureDefinitions(): StructureDefinition[] {
  return Object.values(EXTENSIONS).map((spec: ExtensionSpec) => {
    const url = canonical('StructureDefinition', spec.id);
    const root: ElementDefinition = {
      id: 'Extension',
      path: 'Extension',
      short: spec.title,
      definition: spec.description,
      min: 0,
      max: spec.repeats ? '*' : '1',
    };
    const value = spec.value;
    const elements: ElementDefinition[] =
      value.type === 'consent'
        ? consentElements(url, root)
        : value.type === 'scores'
          ? scoresElements(url, root)
          : [
              root,
              { id: 'Extension.extension', path: 'Extension.extension', max: '0' },
              { id: 'Extension.url', path: 'Extension.url', fixedUri: url },
              {
                id: 'Extension.value[x]',
                path: 'Extension.value[x]',
                min: 1,
                type: [{ code: value.type }],
                ...(value.type === 'Coding' ? { patternCoding: { system: valueSystemOf(spec) } } : {}),
              },
            ];
    const use = spec.readOnly
      ? `On the ${spec.context} resources the register answers (computed; ignored when sent)`
      : `${spec.required ? 'Required' : 'Optional'} on ${spec.context}${spec.repeats ? ', once per value' : ''}`;
    return {
      resourceType: 'StructureDefinition',
      id: spec.id,
      url,
      ...COMMON,
      name: computableName(spec.id),
      title: spec.title,
      description: `${spec.description} ${use}; the register's field "${spec.field}".`,
      fhirVersion: FHIR_VERSION,
      kind: 'complex-type',
      abstract: false,
      context: [{ type: 'element', expression: spec.context }],
      type: 'Extension',
      baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Extension',
      derivation: 'constraint',
      differential: { element: elements },
    };
  });
}

/** One sub-extension per score, each at most once, of the score's type. */
function scoresElements(url: string, root: ElementDefinition): ElementDefinition[] {
  return [
    root,
    {
      id: 'Extension.extension',
      path: 'Extension.extension',
      slicing: { discriminator: [{ type: 'value', path: 'url' }], rules: 'closed' },
      min: 1,
    },
    ...SCORE_PARTS.flatMap((part): ElementDefinition[] => [
      {
        id: `Extension.extension:${part.name}`,
        path: 'Extension.extension',
        sliceName: part.name,
        short: part.definition,
        min: 0,
        max: '1',
      },
      { id: `Extension.extension:${part.name}.url`, path: 'Extension.extension.url', fixedUri: part.name },
      { id: `Extension.extension:${part.name}.value[x]`, path: 'Extension.extension.value[x]', min: 1, type: [{ code: part.type }] },
    ]),
    { id: 'Extension.url', path: 'Extension.url', fixedUri: url },
    { id: 'Extension.value[x]', path: 'Extension.value[x]', max: '0' },
  ];
}

function consentElements(url: string, root: ElementDefinition): ElementDefinition[] {
  const slice = (name: string, type: string, extra: Partial<ElementDefinition>): ElementDefinition[] => [
    { id: `Extension.extension:${name}`, path: 'Extension.extension', sliceName: name, min: 1, max: '1' },
    { id: `Extension.extension:${name}.url`, path: 'Extension.extension.url', fixedUri: name },
    { id: `Extension.extension:${name}.value[x]`, path: 'Extension.extension.value[x]', min: 1, type: [{ code: type }], ...extra },
  ];
  return [
    root,
    {
      id: 'Extension.extension',
      path: 'Extension.extension',
      slicing: { discriminator: [{ type: 'value', path: 'url' }], rules: 'closed' },
      min: 2,
    },
    ...slice('status', 'Coding', { patternCoding: { system: codeSystemUrl('consentStatus') } }),
    ...slice('date', 'date', {}),
    { id: 'Extension.url', path: 'Extension.url', fixedUri: url },
    { id: 'Extension.value[x]', path: 'Extension.value[x]', max: '0' },
  ];
}

const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';
type Wordings = Record<InstrumentLanguage, Eq5dWording>;
type Localized = (language: InstrumentLanguage) => string;

/** A text in bokmål, the Questionnaire's language, with the other languages as R4's translation extension on the element. */
function localizedText(text: Localized): { text: string; translations: Extension[] } {
  const translations = INSTRUMENT_LANGUAGES.filter((l) => l !== 'nb').map((language) => ({
    url: TRANSLATION,
    extension: [
      { url: 'lang', valueCode: language },
      { url: 'content', valueString: text(language) },
    ],
  }));
  return { text: text('nb'), translations };
}

/**
 * The Questionnaire of an instrument (and of Barthel on its 20-point scale), in bokmål with nynorsk
 * and English as translation extensions (R4's way for one resource in several languages). EQ-5D-5L
 * texts are the licensed wording of each language the wording file has, otherwise the patient form's
 * marked placeholders.
 */
export function questionnaire(id: QuestionnaireId, wordings: Wordings): Questionnaire {
  const instrument = instrumentOfQuestionnaire(id);
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  const title = id === 'barthel-20' ? `${definition.name}, 20-point scale` : definition.name;
  return {
    resourceType: 'Questionnaire',
    id,
    url: canonical('Questionnaire', id),
    ...COMMON,
    name: computableName(id === 'eq5d-5l' ? 'EQ-5D-5L' : title),
    title,
    language: 'nb',
    subjectType: ['Patient'],
    description: definition.wordingNote,
    ...(id === 'eq5d-5l' ? { copyright: wordings.nb.copyright } : {}),
    item: definition.items.map((item) => questionnaireItem(id, item, instrument === 'eq5d-5l' ? wordings : undefined)),
  };
}

function questionnaireItem(id: QuestionnaireId, item: ItemDefinition, eq5d: Wordings | undefined): QuestionnaireItem {
  const licensed = (language: InstrumentLanguage) => (eq5d && !eq5d[language].placeholder ? eq5d[language] : undefined);
  if (item.kind === 'integer') {
    const text = localizedText((l) => licensed(l)?.vas.title ?? item.label[l]);
    return {
      linkId: item.id,
      text: text.text,
      _text: { extension: text.translations },
      type: 'integer',
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: item.min },
        { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: item.max },
      ],
    } as QuestionnaireItem;
  }
  const system = codeSystemUrl(ANSWER_SYSTEMS[id]);
  const dimension = (language: InstrumentLanguage) => licensed(language)?.dimensions[item.id as keyof Eq5dWording['dimensions']];
  const text = localizedText((l) => dimension(l)?.title ?? item.label[l]);
  const divisor = id === 'barthel-20' ? 5 : 1;
  return {
    linkId: item.id,
    text: text.text,
    _text: { extension: text.translations },
    type: 'choice',
    answerOption: item.allowedValues.map((value, i) => {
      const display = localizedText((l) => dimension(l)?.options[i] ?? item.options?.[i]?.label[l] ?? `${value / divisor}`);
      return {
        valueCoding: { system, code: String(value / divisor), display: display.text, _display: { extension: display.translations } },
      };
    }),
  } as QuestionnaireItem;
}

export function questionnaires(wordings: Wordings): Questionnaire[] {
  return QUESTIONNAIRE_IDS.map((id) => questionnaire(id, wordings));
}

/** The one search of the facade's own definitions: by canonical URL (without it, all of the type). */
const BY_URL = { name: 'url', type: 'uri', documentation: 'The canonical URL, with or without |version' } as const;

/** What each resource type supports, as the CapabilityStatement says it; the controller serves exactly this. */
const RESOURCES: CapabilityStatementRestResource[] = [
  { type: 'Questionnaire', interaction: [{ code: 'read' }, { code: 'search-type' }], searchParam: [BY_URL] },
  { type: 'StructureDefinition', interaction: [{ code: 'read' }, { code: 'search-type' }], searchParam: [BY_URL] },
  { type: 'CodeSystem', interaction: [{ code: 'read' }, { code: 'search-type' }], searchParam: [BY_URL] },
  {
    type: 'EpisodeOfCare',
    documentation:
      "Your institution's episodes. The patient is pseudonymized: birth year and sex, never the number. create: keyed by the " +
      'identifier, so an episode the register has is updated (200) and a new one created (201). Conditional create with ' +
      "If-None-Exist: identifier=[system|]value (the resource's own identifier, the only condition): an episode you can see " +
      'with it is answered unchanged (200), two or more (one in each of your institutions) are 412, none is a create (201).',
    interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }],
    conditionalCreate: true,
    searchParam: [
      {
        name: 'identifier',
        type: 'token',
        documentation:
          'Your own id of the episode: value, |value or system|value (the register keeps one id per episode, unique in your ' +
          'institution, and not its system, so each finds the episode with that value); alternatives separated by commas (at most 50). ' +
          'A national identifier system, or a system without a value, is 400; no modifiers.',
      },
    ],
    operation: [
      {
        name: 'everything',
        definition: 'http://hl7.org/fhir/OperationDefinition/EpisodeOfCare-everything',
        documentation: 'The episode and its current QuestionnaireResponses',
      },
    ],
  },
  {
    type: 'QuestionnaireResponse',
    documentation:
      "Responses of your institution's episodes, any version. create: one response for an episode the register has " +
      '(workflow-episodeOfCare by EpisodeOfCare/{id} or your identifier of it); re-sent unchanged it is answered 200 with the stored one, ' +
      'changed it is stored as a correction (200, status amended).',
    interaction: [{ code: 'read' }, { code: 'create' }],
    conditionalCreate: false,
  },
];

export function capabilityStatement(): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    id: 'rehabreg',
    url: `${FHIR_BASE}/CapabilityStatement/rehabreg`,
    ...COMMON,
    name: 'Rehabreg',
    title: 'National quality register for rehabilitation: FHIR R4 facade',
    description:
      'Institutions register episodes of rehabilitation and questionnaire responses, and read back their own data. ' +
      'Patients are identified by Norwegian national identifier and pseudonymized on arrival; nothing returned carries the number.',
    kind: 'instance',
    software: { name: 'rehabreg' },
    implementation: { description: 'rehabreg FHIR facade', url: FHIR_BASE },
    fhirVersion: FHIR_VERSION,
    format: [FHIR_CONTENT_TYPE],
    rest: [
      {
        mode: 'server',
        security: {
          description:
            'Send the institution system\'s API key as "X-Api-Key", or a user\'s token as "Authorization: Bearer". ' +
            'metadata, StructureDefinition and CodeSystem are open; everything else answers 401 without credentials.',
        },
        resource: RESOURCES,
        interaction: [
          {
            code: 'transaction',
            documentation:
              'POST /fhir: a transaction Bundle of EpisodeOfCare and QuestionnaireResponse entries (POST), all or nothing, answered with a transaction-response. ' +
              "Episodes are keyed by their identifier: a known one is updated, as the JSON API's /submissions does. " +
              'An Idempotency-Key header applies a Bundle once per key. request.ifNoneExist on an EpisodeOfCare entry ' +
              "(identifier=[system|]value, the entry's own identifier) is a conditional create within the institution the Bundle " +
              "is written to: an episode the register has is left unchanged (200 OK) and the Bundle's responses are added to it.",
          },
        ],
        operation: [
          {
            name: 'export',
            definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
            documentation:
              "FHIR Bulk Data system-level export of your institution's EpisodeOfCare and QuestionnaireResponse resources as NDJSON, " +
              'for data managers of one institution (as own-data exports are). Kick-off GET /fhir/$export with Prefer: respond-async ' +
              'and Accept: application/fhir+json answers 202 with Content-Location of the status URL; poll it (202 with X-Progress ' +
              'and Retry-After while running, then 200 with the manifest), download the files with the same credentials, DELETE it to ' +
              'cancel. Parameters: _type (EpisodeOfCare, QuestionnaireResponse), _since (an instant: only resources whose ' +
              'meta.lastUpdated is after it) and _outputFormat (application/fhir+ndjson); other parameters are not supported (400).',
          },
        ],
      },
    ],
  };
}
