/**
 * A fast path for the largest body the API takes: a batch of up to 1,000 episodes (about 11,000
 * nested objects). class-transformer and class-validator spend ~15-20 µs per object building
 * class instances and walking their metadata, which made validation 40 % of a batch's time.
 *
 * This check states the shape of SubmissionDto once more, as plain functions, and answers only
 * "valid" or "not sure". The rules themselves are the same functions the decorators run (class-
 * validator's own `isUUID`, `length`, `isIn`, ... and our date, ICD-10 and Barthel predicates).
 * On "not sure" (any error, unknown field, or a shape it does not expect) the body goes through
 * class-validator as before, which writes the error list: the fast path can make a valid batch
 * cheaper, never change what is accepted or what an error says. A property test
 * (test/submissions/submission-fast-check.spec.ts) checks on generated good and bad bodies that it
 * accepts nothing class-validator refuses, and that it accepts the usual good batch.
 */
import { arrayMaxSize, arrayMinSize, isIn, isInt, isUUID, length, matches, max, min } from 'class-validator';
import { isIcd10, isOnOrAfter, isOnOrBefore, isPastDate, todayInNorway } from '../common/validators';
import { EXTERNAL_ID_MAX_LENGTH, NATIONAL_ID_FORMAT } from '../episodes/dto/episode.dto';
import {
  CONSENT_STATUSES,
  COORDINATORS,
  DISCHARGE_DESTINATIONS,
  INDIVIDUAL_PLANS,
  PROGRAMMES,
  REHAB_LEVELS,
  SERVICE_LEVELS,
  SETTINGS,
  SEXES,
} from '../episodes/episode.enums';
import { professionsProblem } from '../episodes/dto/register-content.validators';
import { BARTHEL_ITEM_IDS } from '../instruments/barthel.scoring';
import { MRS_GRADES } from '../instruments/mrs.scoring';
import { isBarthelItemValue } from '../episodes/responses/dto/answers.dto';
import { INSTRUMENTS, MODES, TIMEPOINTS } from '../episodes/responses/dto/response.dto';
import { MAX_RESPONSES_PER_EPISODE, MAX_SUBMISSION_EPISODES, type SubmissionDto } from './dto/submission.dto';

type Json = Record<string, unknown>;
/** One field's rule; `object` is the object the field is in (for rules across fields). */
type Rule = (value: unknown, object: Json, today: string) => boolean;
/** Every allowed field of an object, with its rule; a field not listed is an error. */
type Shape = Record<string, Rule>;

const absent = (value: unknown) => value === undefined || value === null;
/** @IsOptional(): null and undefined skip the field's other rules. */
const optional =
  (rule: Rule): Rule =>
  (value, object, today) =>
    absent(value) || rule(value, object, today);
const oneOf =
  (values: readonly unknown[]): Rule =>
  (value) =>
    isIn(value, values as unknown[]);
const uuid: Rule = (value) => isUUID(value, 'all');
const pastDate: Rule = (value, _object, today) => isPastDate(value, today);
const wholeNumber =
  (from: number, to: number): Rule =>
  (value) =>
    isInt(value) && min(value, from) && max(value, to);

const PATIENT: Shape = {
  nationalId: (value) => typeof value === 'string' && matches(value, NATIONAL_ID_FORMAT),
  sex: optional(oneOf(SEXES)),
};

const CONSENT: Shape = { status: oneOf(CONSENT_STATUSES), date: pastDate };

const EQ5D_ANSWERS: Shape = {
  mobility: optional(wholeNumber(1, 5)),
  selfCare: optional(wholeNumber(1, 5)),
  usualActivities: optional(wholeNumber(1, 5)),
  painDiscomfort: optional(wholeNumber(1, 5)),
  anxietyDepression: optional(wholeNumber(1, 5)),
  vas: optional(wholeNumber(0, 100)),
};

const BARTHEL_ANSWERS: Shape = {
  scale: optional(oneOf([100, 20])),
  ...Object.fromEntries(
    BARTHEL_ITEM_IDS.map((item): [string, Rule] => [item, (value, answers) => isBarthelItemValue(item, value, answers)]),
  ),
};

const MRS_ANSWERS: Shape = { score: optional(oneOf(MRS_GRADES)) };

/** The answers shape of each instrument, as answersDtoOf picks the class (anything else: EQ-5D-5L's). */
const ANSWERS: Record<string, Shape> = { 'eq5d-5l': EQ5D_ANSWERS, barthel: BARTHEL_ANSWERS, mrs: MRS_ANSWERS };

const RESPONSE: Shape = {
  timepoint: oneOf(TIMEPOINTS),
  instrument: oneOf(INSTRUMENTS),
  completedDate: pastDate,
  mode: oneOf(MODES),
  // The answers are checked as the class of the response's instrument, as its @Type decorator picks it.
  answers: (value, response, today) =>
    fits(
      value,
      typeof response.instrument === 'string' && Object.hasOwn(ANSWERS, response.instrument) ? ANSWERS[response.instrument] : EQ5D_ANSWERS,
      today,
    ),
};

const EPISODE: Shape = {
  externalId: (value) => typeof value === 'string' && length(value, 1, EXTERNAL_ID_MAX_LENGTH),
  patient: (value, _episode, today) => fits(value, PATIENT, today),
  unitId: optional(uuid),
  referralDate: optional((value, episode, today) => isPastDate(value, today) && isOnOrBefore(value, episode.admissionDate)),
  admissionDate: pastDate,
  dischargeDate: optional((value, episode, today) => isPastDate(value, today) && isOnOrAfter(value, episode.admissionDate)),
  setting: oneOf(SETTINGS),
  serviceLevel: oneOf(SERVICE_LEVELS),
  programme: oneOf(PROGRAMMES),
  mainDiagnosis: isIcd10,
  dischargeDestination: optional(oneOf(DISCHARGE_DESTINATIONS)),
  consent: optional((value, _episode, today) => fits(value, CONSENT, today)),
  rehabLevel: optional(oneOf(REHAB_LEVELS)),
  professions: optional((value) => professionsProblem(value) === undefined),
  individualPlan: optional(oneOf(INDIVIDUAL_PLANS)),
  coordinator: optional(oneOf(COORDINATORS)),
  municipalityNotifiedDate: optional(pastDate),
  responses: optional(
    (value, _episode, today) =>
      Array.isArray(value) && arrayMaxSize(value, MAX_RESPONSES_PER_EPISODE) && value.every((response) => fits(response, RESPONSE, today)),
  ),
};

const SUBMISSION: Shape = {
  institutionId: optional(uuid),
  episodes: (value, _submission, today) =>
    Array.isArray(value) &&
    arrayMinSize(value, 1) &&
    arrayMaxSize(value, MAX_SUBMISSION_EPISODES) &&
    value.every((episode) => fits(episode, EPISODE, today)),
};

/** The body when it certainly passes SubmissionDto's validation, else undefined (let class-validator decide). */
export function fastCheckSubmission(body: unknown, today = todayInNorway()): SubmissionDto | undefined {
  return fits(body, SUBMISSION, today) ? (body as SubmissionDto) : undefined;
}

function fits(value: unknown, shape: Shape, today: string): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype)
    return false;
  const object = value as Json;
  for (const key of Object.keys(object)) if (!Object.hasOwn(shape, key)) return false;
  for (const key in shape) if (!shape[key](object[key], object, today)) return false;
  return true;
}
