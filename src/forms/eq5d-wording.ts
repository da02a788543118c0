/**
 * The EQ-5D-5L questionnaire's wording on the patient form. It belongs to the EuroQol Research
 * Foundation and is used under licence, so none of it is in code: without EQ5D_WORDING_FILE the
 * form shows the placeholder labels of the instrument definitions (each marked "[Placeholder]"),
 * and with it, the licensed text of each language the file holds, exactly as given.
 */
import { readFileSync } from 'node:fs';
import { EQ5D_DIMENSIONS, type Eq5dDimension } from '../instruments/eq5d.scoring';
import { INSTRUMENT_DEFINITIONS, type ChoiceItemDefinition, type IntegerItemDefinition } from '../instruments/instrument-definitions';
import { FORM_LANGUAGES, type FormLanguage, isFormLanguage } from './messages';

export interface Eq5dWording {
  /** True for the built-in stand-ins: the page then says so. */
  placeholder: boolean;
  dimensions: Record<Eq5dDimension, { title: string; options: [string, string, string, string, string] }>;
  vas: { title: string; instructions: string; best: string; worst: string };
  copyright: string;
}

const PLACEHOLDER: Record<FormLanguage, string> = { nb: '[Plassholder]', nn: '[Plasshaldar]', en: '[Placeholder]' };
const VAS_PLACEHOLDER: Record<FormLanguage, { instructions: string; best: string; worst: string }> = {
  nb: {
    instructions: 'Hvor god er helsen din i dag? 100 er den beste helsen du kan tenke deg, 0 den dårligste.',
    best: '100 – best',
    worst: '0 – dårligst',
  },
  nn: {
    instructions: 'Kor god er helsa di i dag? 100 er den beste helsa du kan tenkje deg, 0 den dårlegaste.',
    best: '100 – best',
    worst: '0 – dårlegast',
  },
  en: {
    instructions: 'How good is your health today? 100 is the best health you can imagine, 0 the worst.',
    best: '100 – best',
    worst: '0 – worst',
  },
};

export function placeholderWording(language: FormLanguage): Eq5dWording {
  const items = INSTRUMENT_DEFINITIONS['eq5d-5l'].items;
  const mark = PLACEHOLDER[language];
  const dimensions = Object.fromEntries(
    EQ5D_DIMENSIONS.map((dimension) => {
      const item = items.find((i) => i.id === dimension) as ChoiceItemDefinition;
      return [dimension, { title: item.label[language], options: item.options!.map((o) => o.label[language]) }];
    }),
  ) as Eq5dWording['dimensions'];
  const vas = items.find((i) => i.id === 'vas') as IntegerItemDefinition;
  const { instructions, best, worst } = VAS_PLACEHOLDER[language];
  return {
    placeholder: true,
    dimensions,
    vas: { title: vas.label[language], instructions: `${mark} ${instructions}`, best: `${mark} ${best}`, worst: `${mark} ${worst}` },
    copyright: `${mark} © EuroQol Research Foundation. EQ-5D™ is a trade mark of the EuroQol Research Foundation.`,
  };
}

/**
 * Reads the licensed wording: a JSON object keyed by language (nb, nn, en), each
 * `{ dimensions: { mobility: { title, options: [5 texts, in the licensed order] }, ... }, vas: { title, instructions, best, worst }, copyright }`.
 * Languages the file leaves out keep the placeholder. Throws with every problem named.
 */
export function loadWordingFile(path: string): Partial<Record<FormLanguage, Eq5dWording>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`EQ5D_WORDING_FILE ${path} could not be read as JSON: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  const result: Partial<Record<FormLanguage, Eq5dWording>> = {};
  if (typeof parsed !== 'object' || parsed === null)
    throw new Error(`EQ5D_WORDING_FILE ${path} must hold an object keyed by language (${FORM_LANGUAGES.join(', ')})`);
  for (const [language, value] of Object.entries(parsed)) {
    if (!isFormLanguage(language)) {
      problems.push(`unknown language "${language}" (use ${FORM_LANGUAGES.join(', ')})`);
      continue;
    }
    const wording = readLanguage(value, language, problems);
    if (wording) result[language] = wording;
  }
  if (problems.length) throw new Error(`EQ5D_WORDING_FILE ${path} is not valid:\n  - ${problems.join('\n  - ')}`);
  return result;
}

function readLanguage(value: unknown, language: string, problems: string[]): Eq5dWording | undefined {
  const text = (v: unknown, where: string): string => {
    if (typeof v === 'string' && v.trim() !== '') return v;
    problems.push(`${language}.${where} must be a non-empty text`);
    return '';
  };
  const obj = (value ?? {}) as {
    dimensions?: Record<string, { title?: unknown; options?: unknown }>;
    vas?: Record<string, unknown>;
    copyright?: unknown;
  };
  const dimensions = {} as Eq5dWording['dimensions'];
  for (const dimension of EQ5D_DIMENSIONS) {
    const entry = obj.dimensions?.[dimension] ?? {};
    const options = Array.isArray(entry.options) ? entry.options : [];
    if (options.length !== 5) problems.push(`${language}.dimensions.${dimension}.options must be exactly 5 texts, level 1 first`);
    dimensions[dimension] = {
      title: text(entry.title, `dimensions.${dimension}.title`),
      options: [0, 1, 2, 3, 4].map((i) =>
        text(options[i], `dimensions.${dimension}.options[${i}]`),
      ) as Eq5dWording['dimensions'][Eq5dDimension]['options'],
    };
  }
  const vas = obj.vas ?? {};
  const wording: Eq5dWording = {
    placeholder: false,
    dimensions,
    vas: {
      title: text(vas.title, 'vas.title'),
      instructions: text(vas.instructions, 'vas.instructions'),
      best: text(vas.best, 'vas.best'),
      worst: text(vas.worst, 'vas.worst'),
    },
    copyright: text(obj.copyright, 'copyright'),
  };
  return wording;
}

/** Wording per language: the licensed file's where it has one, the placeholder elsewhere. */
export function wordingCatalogue(file: string | undefined): Record<FormLanguage, Eq5dWording> {
  const licensed = file ? loadWordingFile(file) : {};
  return Object.fromEntries(FORM_LANGUAGES.map((language) => [language, licensed[language] ?? placeholderWording(language)])) as Record<
    FormLanguage,
    Eq5dWording
  >;
}
