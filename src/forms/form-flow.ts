/**
 * The EQ-5D-5L form as steps (five dimensions, the VAS, a review) and the rules for one posted
 * answer: pure functions, so the HTTP layer only translates.
 */
import { EQ5D_DIMENSIONS, type Eq5dDimension } from '../instruments/eq5d.scoring';
import { type FormLanguage, isFormLanguage } from './messages';

export type QuestionStep = Eq5dDimension | 'vas';
export type FormStep = QuestionStep | 'review';
export const QUESTION_STEPS: readonly QuestionStep[] = [...EQ5D_DIMENSIONS, 'vas'];
export const FORM_STEPS: readonly FormStep[] = [...QUESTION_STEPS, 'review'];

/** Partial answers kept server-side between pages (invitations.draft). */
export interface FormDraft {
  answers: Partial<Record<QuestionStep, number>>;
  language?: FormLanguage;
}

export function isFormStep(value: unknown): value is FormStep {
  return typeof value === 'string' && (FORM_STEPS as readonly string[]).includes(value);
}

export function isQuestionStep(value: unknown): value is QuestionStep {
  return typeof value === 'string' && (QUESTION_STEPS as readonly string[]).includes(value);
}

/** Reads a stored draft defensively: anything not a valid answer is dropped. */
export function readDraft(stored: unknown): FormDraft {
  const raw = (typeof stored === 'object' && stored !== null ? stored : {}) as { answers?: Record<string, unknown>; language?: unknown };
  const answers: FormDraft['answers'] = {};
  for (const step of QUESTION_STEPS) {
    const value = raw.answers?.[step];
    if (typeof value === 'number' && isValidAnswer(step, value)) answers[step] = value;
  }
  return { answers, ...(isFormLanguage(raw.language) ? { language: raw.language } : {}) };
}

export function isValidAnswer(step: QuestionStep, value: number): boolean {
  return Number.isInteger(value) && (step === 'vas' ? value >= 0 && value <= 100 : value >= 1 && value <= 5);
}

export type AnswerError = 'required' | 'invalid';

/** One posted answer: levels 1-5 for a dimension, a whole number 0-100 for the VAS; nothing else. */
export function parseAnswer(step: QuestionStep, raw: unknown): { value: number } | { error: AnswerError } {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { error: 'required' };
  if (typeof raw !== 'string' || !/^\s*\d{1,3}\s*$/.test(raw)) return { error: 'invalid' };
  const value = Number(raw);
  return isValidAnswer(step, value) ? { value } : { error: 'invalid' };
}

/** Where a returning patient lands: the first unanswered question, or the review when all are answered. */
export function resumeStep(draft: FormDraft): FormStep {
  return QUESTION_STEPS.find((step) => draft.answers[step] === undefined) ?? 'review';
}

export function nextStep(step: FormStep): FormStep {
  return FORM_STEPS[Math.min(FORM_STEPS.indexOf(step) + 1, FORM_STEPS.length - 1)];
}

export function previousStep(step: FormStep): FormStep | undefined {
  const index = FORM_STEPS.indexOf(step);
  return index > 0 ? FORM_STEPS[index - 1] : undefined;
}

export function missingAnswers(draft: FormDraft): QuestionStep[] {
  return QUESTION_STEPS.filter((step) => draft.answers[step] === undefined);
}
