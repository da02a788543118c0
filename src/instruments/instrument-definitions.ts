/**
 * Instrument definitions as data, for the API and the forms: items, allowed values and labels per
 * language. EQ-5D-5L wording here is placeholder only; the licensed EuroQol wording is never in code.
 */
import { BARTHEL_ITEM_IDS, BARTHEL_ITEMS, BARTHEL_SCORING_VERSION, type BarthelItem } from './barthel.scoring';
import {
  DEFAULT_VALUE_SET_ID,
  EQ5D_DIMENSIONS,
  EQ5D_SCORING_VERSION,
  listValueSets,
  type Eq5dDimension,
  type Eq5dValueSetInfo,
} from './eq5d.scoring';
import { MRS_GRADES, MRS_SCORING_VERSION } from './mrs.scoring';

export const INSTRUMENT_IDS = ['eq5d-5l', 'barthel', 'mrs'] as const;
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];
export const INSTRUMENT_LANGUAGES = ['nb', 'nn', 'en'] as const;
export type InstrumentLanguage = (typeof INSTRUMENT_LANGUAGES)[number];
export type LocalizedText = Readonly<Record<InstrumentLanguage, string>>;

/** One answer that cannot be accepted, with a message saying what would be. */
export interface AnswerProblem {
  item: string;
  message: string;
}

export interface ChoiceItemDefinition {
  id: string;
  kind: 'choice';
  allowedValues: readonly number[];
  label: LocalizedText;
  /** Per allowed value, in the order to show them; absent where the number says enough. */
  options?: readonly { value: number; label: LocalizedText }[];
}

export interface IntegerItemDefinition {
  id: string;
  kind: 'integer';
  min: number;
  max: number;
  label: LocalizedText;
}

export type ItemDefinition = ChoiceItemDefinition | IntegerItemDefinition;

export interface InstrumentDefinition {
  id: InstrumentId;
  name: string;
  languages: readonly InstrumentLanguage[];
  items: readonly ItemDefinition[];
  /** True when labels are stand-ins to be replaced by licensed wording loaded at run time. */
  wordingIsPlaceholder: boolean;
  wordingNote: string;
  scoringVersion: string;
  /** Barthel: scales accepted on input; allowedValues are on the first (100-point) scale. */
  inputScales?: readonly number[];
  /** EQ-5D-5L: value sets the index can be computed with, and the register's default. */
  valueSets?: readonly Eq5dValueSetInfo[];
  defaultValueSetId?: string;
}

/** Descriptive dimension names, not EuroQol's questionnaire text. */
const EQ5D_NAMES: Record<Eq5dDimension, LocalizedText> = {
  mobility: { nb: 'Mobilitet', nn: 'Mobilitet', en: 'Mobility' },
  selfCare: { nb: 'Egenomsorg', nn: 'Eigenomsorg', en: 'Self-care' },
  usualActivities: { nb: 'Vanlige aktiviteter', nn: 'Vanlege aktivitetar', en: 'Usual activities' },
  painDiscomfort: { nb: 'Smerte/ubehag', nn: 'Smerte/ubehag', en: 'Pain/discomfort' },
  anxietyDepression: { nb: 'Angst/depresjon', nn: 'Angst/depresjon', en: 'Anxiety/depression' },
};

/** Every EQ-5D-5L label starts with this, so a placeholder shown by mistake is obvious to anyone. */
const PLACEHOLDER: LocalizedText = { nb: '[Plassholder]', nn: '[Plasshaldar]', en: '[Placeholder]' };
const LEVEL_OF: LocalizedText = { nb: 'nivå {n} av 5', nn: 'nivå {n} av 5', en: 'level {n} of 5' };

function localized(text: (language: InstrumentLanguage) => string): LocalizedText {
  return { nb: text('nb'), nn: text('nn'), en: text('en') };
}

function eq5dItem(dimension: Eq5dDimension): ChoiceItemDefinition {
  const levels = [1, 2, 3, 4, 5];
  const name = EQ5D_NAMES[dimension];
  return {
    id: dimension,
    kind: 'choice',
    allowedValues: levels,
    label: localized((l) => `${PLACEHOLDER[l]} ${name[l]}`),
    options: levels.map((n) => ({
      value: n,
      label: localized((l) => `${PLACEHOLDER[l]} ${name[l]} — ${LEVEL_OF[l].replace('{n}', String(n))}`),
    })),
  };
}

const EQ5D_5L: InstrumentDefinition = {
  id: 'eq5d-5l',
  name: 'EQ-5D-5L',
  languages: INSTRUMENT_LANGUAGES,
  items: [
    ...EQ5D_DIMENSIONS.map(eq5dItem),
    {
      id: 'vas',
      kind: 'integer',
      min: 0,
      max: 100,
      label: {
        nb: `${PLACEHOLDER.nb} EQ VAS — helsen i dag, 0 til 100`,
        nn: `${PLACEHOLDER.nn} EQ VAS — helsa i dag, 0 til 100`,
        en: `${PLACEHOLDER.en} EQ VAS — health today, 0 to 100`,
      },
    },
  ],
  wordingIsPlaceholder: true,
  wordingNote:
    'EQ-5D is a trade mark of the EuroQol Research Foundation and its questionnaire wording is used ' +
    'under licence. These labels are placeholders; the licensed wording per language is loaded from ' +
    'a configurable file and must then be shown exactly: licensed labels, levels in the licensed ' +
    'order, no extra options, the VAS as licensed, the copyright line, and only behind an invitation ' +
    'link or a login, never on an open public page.',
  scoringVersion: EQ5D_SCORING_VERSION,
  valueSets: listValueSets(),
  defaultValueSetId: DEFAULT_VALUE_SET_ID,
};

const BARTHEL_NAMES: Record<BarthelItem, LocalizedText> = {
  feeding: { nb: 'Spising', nn: 'Eting', en: 'Feeding' },
  bathing: { nb: 'Bading', nn: 'Bading', en: 'Bathing' },
  grooming: { nb: 'Personlig hygiene', nn: 'Personleg hygiene', en: 'Grooming' },
  dressing: { nb: 'Påkledning', nn: 'Påkledning', en: 'Dressing' },
  bowels: { nb: 'Tarmkontroll', nn: 'Tarmkontroll', en: 'Bowels' },
  bladder: { nb: 'Blærekontroll', nn: 'Blærekontroll', en: 'Bladder' },
  toiletUse: { nb: 'Toalettbesøk', nn: 'Toalettbesøk', en: 'Toilet use' },
  transfers: { nb: 'Forflytning seng–stol', nn: 'Forflytting seng–stol', en: 'Transfers (bed to chair and back)' },
  mobility: { nb: 'Gange på flatt underlag', nn: 'Gange på flatt underlag', en: 'Mobility on level surfaces' },
  stairs: { nb: 'Trapper', nn: 'Trapper', en: 'Stairs' },
};

const BARTHEL: InstrumentDefinition = {
  id: 'barthel',
  name: 'Barthel index',
  languages: INSTRUMENT_LANGUAGES,
  items: BARTHEL_ITEM_IDS.map((item) => ({
    id: item,
    kind: 'choice',
    allowedValues: BARTHEL_ITEMS[item],
    label: BARTHEL_NAMES[item],
  })),
  wordingIsPlaceholder: false,
  wordingNote:
    'Item names are descriptive. Values are on the 100-point scale; the 20-point version (Collin & ' +
    'Wade) is accepted on input when marked so, with every value divided by 5.',
  scoringVersion: BARTHEL_SCORING_VERSION,
  inputScales: [100, 20],
};

/** Short descriptions of the grades (after van Swieten et al. 1988), not an interview script. */
const MRS_GRADE_LABELS: Record<(typeof MRS_GRADES)[number], LocalizedText> = {
  0: { nb: 'Ingen symptomer', nn: 'Ingen symptom', en: 'No symptoms' },
  1: {
    nb: 'Ingen betydelig funksjonshemning tross symptomer; klarer alle vanlige gjøremål',
    nn: 'Inga vesentleg funksjonshemming trass symptom; klarer alle vanlege gjeremål',
    en: 'No significant disability despite symptoms; able to carry out all usual activities',
  },
  2: {
    nb: 'Lett funksjonshemning; klarer seg selv uten hjelp, men ikke alle tidligere aktiviteter',
    nn: 'Lett funksjonshemming; klarer seg sjølv utan hjelp, men ikkje alle tidlegare aktivitetar',
    en: 'Slight disability; able to look after own affairs without assistance, but unable to carry out all previous activities',
  },
  3: {
    nb: 'Moderat funksjonshemning; trenger noe hjelp, men går uten hjelp',
    nn: 'Moderat funksjonshemming; treng noko hjelp, men går utan hjelp',
    en: 'Moderate disability; requires some help, but able to walk unassisted',
  },
  4: {
    nb: 'Moderat alvorlig funksjonshemning; kan ikke gå eller ivareta egne kroppslige behov uten hjelp',
    nn: 'Moderat alvorleg funksjonshemming; kan ikkje gå eller ta vare på eigne kroppslege behov utan hjelp',
    en: 'Moderately severe disability; unable to walk or attend to own bodily needs without assistance',
  },
  5: {
    nb: 'Alvorlig funksjonshemning; sengeliggende, inkontinent, trenger stadig pleie og tilsyn',
    nn: 'Alvorleg funksjonshemming; sengeliggjande, inkontinent, treng stadig pleie og tilsyn',
    en: 'Severe disability; bedridden, incontinent and requiring constant nursing care and attention',
  },
  6: { nb: 'Død', nn: 'Død', en: 'Dead' },
};

const MRS: InstrumentDefinition = {
  id: 'mrs',
  name: 'Modified Rankin Scale',
  languages: INSTRUMENT_LANGUAGES,
  items: [
    {
      id: 'score',
      kind: 'choice',
      allowedValues: MRS_GRADES,
      label: { nb: 'Modifisert Rankin-skala', nn: 'Modifisert Rankin-skala', en: 'Modified Rankin Scale' },
      options: MRS_GRADES.map((grade) => ({ value: grade, label: MRS_GRADE_LABELS[grade] })),
    },
  ],
  wordingIsPlaceholder: false,
  wordingNote:
    'Clinician-rated, at admission and discharge: one grade from 0 (no symptoms) to 6 (dead). Expected for ' +
    'the stroke programme, allowed for every programme. The labels are short descriptions of the grades.',
  scoringVersion: MRS_SCORING_VERSION,
};

export const INSTRUMENT_DEFINITIONS: Readonly<Record<InstrumentId, InstrumentDefinition>> = {
  'eq5d-5l': EQ5D_5L,
  barthel: BARTHEL,
  mrs: MRS,
};

export function isInstrumentId(id: string): id is InstrumentId {
  return (INSTRUMENT_IDS as readonly string[]).includes(id);
}
