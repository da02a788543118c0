/**
 * The staff's episode forms: register an episode, change one, discharge the patient. The controller
 * validates with the API's DTOs and writes through EpisodeService; these pages only show the fields,
 * the values typed (never the national identity number) and the errors in the page's language.
 */
import type { ComponentChildren } from 'preact';
import { fill, renderDocument } from '../common/page-render';
import type { FieldError } from '../common/problem';
import { type Crumb, ErrorSummary, Layout } from '../web/layout';
import type { EpisodeFormField, WebMessages } from '../web/messages';
import type { PageContext } from '../web/web-pages';
import type { EpisodeDto } from './dto/episode.dto';
import {
  CONSENT_STATUSES,
  COORDINATORS,
  DISCHARGE_DESTINATIONS,
  INDIVIDUAL_PLANS,
  PROFESSIONS,
  PROGRAMMES,
  REHAB_LEVELS,
  SERVICE_LEVELS,
  SETTINGS,
  SEXES,
} from './episode.enums';

export type EpisodeFormValues = Partial<Record<EpisodeFormField, string>>;
export interface EpisodeFormError {
  field: EpisodeFormField;
  message: string;
}

export interface EpisodeFormView {
  values: EpisodeFormValues;
  errors: EpisodeFormError[];
}

const FIELDS: readonly EpisodeFormField[] = [
  'externalId',
  'nationalId',
  'sex',
  'referralDate',
  'admissionDate',
  'dischargeDate',
  'setting',
  'serviceLevel',
  'programme',
  'mainDiagnosis',
  'dischargeDestination',
  'rehabLevel',
  'professions',
  'individualPlan',
  'coordinator',
  'municipalityNotifiedDate',
  'consentStatus',
  'consentDate',
];

/** The form field an API error's pointer names (/patient/nationalId → nationalId); the first field if none. */
export function fieldOfPointer(pointer: string): EpisodeFormField {
  const path = pointer.replace(/^\//, '');
  if (path === 'patient' || path === 'patient/nationalId') return 'nationalId';
  if (path === 'patient/sex') return 'sex';
  if (path === 'consent' || path === 'consent/status') return 'consentStatus';
  if (path === 'consent/date') return 'consentDate';
  if (path.startsWith('professions')) return 'professions';
  return FIELDS.find((field) => field === path) ?? 'externalId';
}

/** One message per field, in the page's language, in the order of the form (the API's own details are for programmers). */
export function episodeFormErrors(m: WebMessages, errors: FieldError[], message?: string): EpisodeFormError[] {
  const fields = new Set(errors.map((e) => fieldOfPointer(e.pointer)));
  return FIELDS.filter((field) => fields.has(field)).map((field) => ({ field, message: message ?? m.episodeForm.errors[field] }));
}

const episodesCrumbs = (m: WebMessages): Crumb[] => [
  { label: m.nav.start, href: '/app' },
  { label: m.episodes.title, href: '/app/episodes' },
];

interface FieldProps {
  m: WebMessages;
  view: EpisodeFormView;
  field: EpisodeFormField;
  optional?: boolean;
  hint?: string;
}

function Label({ m, field, optional }: Pick<FieldProps, 'm' | 'field' | 'optional'>) {
  return (
    <label class="ds-label" htmlFor={field}>
      {m.episodeForm.labels[field]}
      {optional && ` ${m.episodeForm.optional}`}
    </label>
  );
}

/** The hint and the error, read out with the field (aria-describedby). */
function describedBy(field: EpisodeFormField, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint && `${field}-hint`, error && `${field}-error`].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Hint({ field, hint, error }: { field: EpisodeFormField; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <p class="ds-paragraph" data-size="sm" id={`${field}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="ds-validation-message" data-color="danger" id={`${field}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

function TextField({ m, view, field, optional, hint, type = 'text', value }: FieldProps & { type?: 'text' | 'date'; value?: string }) {
  const error = view.errors.find((e) => e.field === field)?.message;
  const attributes = {
    class: 'ds-input',
    id: field,
    name: field,
    value: value ?? view.values[field] ?? '',
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(field, hint, error),
  };
  return (
    <div class="ds-field">
      <Label m={m} field={field} optional={optional} />
      <Hint field={field} hint={hint} error={error} />
      {type === 'date' ? <input type="date" {...attributes} /> : <input type="text" {...attributes} />}
    </div>
  );
}

function SelectField({ m, view, field, optional, hint, options, empty }: FieldProps & { options: [string, string][]; empty?: string }) {
  const error = view.errors.find((e) => e.field === field)?.message;
  return (
    <div class="ds-field">
      <Label m={m} field={field} optional={optional} />
      <Hint field={field} hint={hint} error={error} />
      <select
        class="ds-input"
        id={field}
        name={field}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(field, hint, error)}
      >
        <option value="">{empty ?? m.episodeForm.choose}</option>
        {options.map(([value, text]) => (
          <option value={value} selected={view.values[field] === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The national identity number: typed once, never written back into the page (its value is always empty). */
function NationalIdField({ m, view }: { m: WebMessages; view: EpisodeFormView }) {
  const error = view.errors.find((e) => e.field === 'nationalId')?.message;
  const hint = m.episodeForm.nationalIdHint;
  return (
    <div class="ds-field">
      <Label m={m} field="nationalId" />
      <Hint field="nationalId" hint={hint} error={error} />
      <input
        class="ds-input"
        type="text"
        id="nationalId"
        name="nationalId"
        inputMode="numeric"
        autocomplete="off"
        spellcheck={false}
        maxLength={13}
        value=""
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy('nationalId', hint, error)}
      />
    </div>
  );
}

/** The professions that took part: one checkbox each, none ticked when not known. The first carries the field's id (the error summary's link). */
function ProfessionsField({ m, view }: { m: WebMessages; view: EpisodeFormView }) {
  const error = view.errors.find((e) => e.field === 'professions')?.message;
  const ticked = new Set((view.values.professions ?? '').split(','));
  return (
    <fieldset class="ds-fieldset" aria-describedby={error ? 'professions-error' : undefined}>
      <legend class="ds-label">
        {m.episodeForm.labels.professions} {m.episodeForm.optional}
      </legend>
      <Hint field="professions" error={error} />
      {PROFESSIONS.map((profession, i) => (
        <div class="ds-field">
          <input
            class="ds-input"
            type="checkbox"
            id={i === 0 ? 'professions' : `professions-${profession}`}
            name="professions"
            value={profession}
            checked={ticked.has(profession)}
            aria-invalid={error ? 'true' : undefined}
          />
          <label class="ds-label" data-weight="regular" htmlFor={i === 0 ? 'professions' : `professions-${profession}`}>
            {m.professions[profession]}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** Fields an episode has both when registered and when changed. */
function StayFields({ m, view }: { m: WebMessages; view: EpisodeFormView }) {
  return (
    <>
      <TextField m={m} view={view} field="referralDate" type="date" optional />
      <TextField m={m} view={view} field="admissionDate" type="date" />
      <SelectField m={m} view={view} field="setting" options={SETTINGS.map((s) => [s, m.settings[s]])} />
      <SelectField m={m} view={view} field="serviceLevel" options={SERVICE_LEVELS.map((s) => [s, m.serviceLevels[s]])} />
      <SelectField m={m} view={view} field="programme" options={PROGRAMMES.map((p) => [p, m.programmes[p]])} />
      <TextField m={m} view={view} field="mainDiagnosis" hint={m.episodeForm.mainDiagnosisHint} />
      <SelectField m={m} view={view} field="rehabLevel" optional options={REHAB_LEVELS.map((l) => [l, m.rehabLevels[l]])} />
      <ProfessionsField m={m} view={view} />
      <SelectField m={m} view={view} field="individualPlan" optional options={INDIVIDUAL_PLANS.map((p) => [p, m.individualPlans[p]])} />
      <SelectField m={m} view={view} field="coordinator" optional options={COORDINATORS.map((c) => [c, m.coordinators[c]])} />
      <TextField m={m} view={view} field="municipalityNotifiedDate" type="date" optional />
    </>
  );
}

function Submit({ label }: { label: string }) {
  return (
    <div class="rr-actions">
      <button class="ds-button" data-variant="primary" type="submit">
        {label}
      </button>
    </div>
  );
}

function FormPage({
  ctx,
  title,
  view,
  crumbs,
  children,
}: {
  ctx: PageContext;
  title: string;
  view: EpisodeFormView;
  crumbs: Crumb[];
  children: ComponentChildren;
}) {
  const t = ctx.m.episodeForm;
  return (
    <Layout ctx={ctx} title={title} hasErrors={view.errors.length > 0} breadcrumbs={[...crumbs, { label: title }]}>
      <ErrorSummary heading={t.errorSummary} errors={view.errors.map((e) => ({ message: e.message, href: `#${e.field}` }))} />
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      {children}
    </Layout>
  );
}

export function episodeRegisterPage(ctx: PageContext, view: EpisodeFormView, consentRequired: boolean): string {
  const { m } = ctx;
  const t = m.episodeForm;
  return renderDocument(
    <FormPage ctx={ctx} title={t.registerTitle} view={view} crumbs={episodesCrumbs(m)}>
      <p class="ds-paragraph">{t.registerIntro}</p>
      <form class="rr-form" method="post" action="/app/episodes" novalidate>
        <input type="hidden" name="_csrf" value={ctx.session!.csrf} />
        <TextField m={m} view={view} field="externalId" hint={t.externalIdHint} />
        <NationalIdField m={m} view={view} />
        <SelectField m={m} view={view} field="sex" optional empty={t.sexFromNumber} options={SEXES.map((s) => [s, m.sexes[s]])} />
        <StayFields m={m} view={view} />
        <SelectField
          m={m}
          view={view}
          field="consentStatus"
          optional={!consentRequired}
          options={CONSENT_STATUSES.map((s) => [s, m.consentStatuses[s]])}
        />
        <TextField m={m} view={view} field="consentDate" type="date" optional={!consentRequired} />
        <Submit label={t.submitRegister} />
      </form>
    </FormPage>,
  );
}

const episodeCrumbs = (m: WebMessages, episode: EpisodeDto): Crumb[] => [
  ...episodesCrumbs(m),
  { label: fill(m.episodes.detailTitle, { externalId: episode.externalId }), href: `/app/episodes/${episode.id}` },
];

export function episodeEditPage(ctx: PageContext, episode: EpisodeDto, view: EpisodeFormView): string {
  const { m } = ctx;
  const t = m.episodeForm;
  return renderDocument(
    <FormPage ctx={ctx} title={fill(t.editTitle, { externalId: episode.externalId })} view={view} crumbs={episodeCrumbs(m, episode)}>
      <form class="rr-form" method="post" action={`/app/episodes/${episode.id}`} novalidate>
        <input type="hidden" name="_csrf" value={ctx.session!.csrf} />
        <StayFields m={m} view={view} />
        <TextField m={m} view={view} field="dischargeDate" type="date" optional />
        <SelectField
          m={m}
          view={view}
          field="dischargeDestination"
          optional
          options={DISCHARGE_DESTINATIONS.map((d) => [d, m.dischargeDestinations[d]])}
        />
        <Submit label={t.submitEdit} />
      </form>
    </FormPage>,
  );
}

export function episodeDischargePage(ctx: PageContext, episode: EpisodeDto, view: EpisodeFormView): string {
  const { m } = ctx;
  const t = m.episodeForm;
  return renderDocument(
    <FormPage ctx={ctx} title={fill(t.dischargeTitle, { externalId: episode.externalId })} view={view} crumbs={episodeCrumbs(m, episode)}>
      <p class="ds-paragraph">{t.dischargeIntro}</p>
      <form class="rr-form" method="post" action={`/app/episodes/${episode.id}/discharge`} novalidate>
        <input type="hidden" name="_csrf" value={ctx.session!.csrf} />
        <TextField m={m} view={view} field="dischargeDate" type="date" />
        <SelectField
          m={m}
          view={view}
          field="dischargeDestination"
          optional
          options={DISCHARGE_DESTINATIONS.map((d) => [d, m.dischargeDestinations[d]])}
        />
        <Submit label={t.submitDischarge} />
      </form>
    </FormPage>,
  );
}

/** The form's values of an episode as it is now, for the change form. */
export function valuesOfEpisode(episode: EpisodeDto): EpisodeFormValues {
  return {
    referralDate: episode.referralDate ?? '',
    admissionDate: episode.admissionDate,
    dischargeDate: episode.dischargeDate ?? '',
    setting: episode.setting,
    serviceLevel: episode.serviceLevel,
    programme: episode.programme,
    mainDiagnosis: episode.mainDiagnosis,
    dischargeDestination: episode.dischargeDestination ?? '',
    rehabLevel: episode.rehabLevel ?? '',
    professions: episode.professions?.join(',') ?? '',
    individualPlan: episode.individualPlan ?? '',
    coordinator: episode.coordinator ?? '',
    municipalityNotifiedDate: episode.municipalityNotifiedDate ?? '',
  };
}

/**
 * What the browser posted for each known field, trimmed and bounded; the identity number is left out (never
 * shown again). The ticked professions (one form field per box) are kept comma-separated, in the order sent.
 */
export function valuesOfForm(body: unknown): EpisodeFormValues {
  const form = (body ?? {}) as Record<string, unknown>;
  const values: EpisodeFormValues = {};
  for (const field of FIELDS) {
    const value = form[field];
    if (field === 'professions') {
      const ticked = [value].flat().filter((v): v is string => typeof v === 'string');
      if (ticked.length)
        values.professions = ticked
          .slice(0, PROFESSIONS.length + 1)
          .map((v) => v.trim().slice(0, 40))
          .join(',');
    } else if (field !== 'nationalId' && typeof value === 'string') values[field] = value.trim().slice(0, 200);
  }
  return values;
}

/** The professions of the form's values as the API's list (undefined when none is ticked). */
export function professionsOf(values: EpisodeFormValues): string[] | undefined {
  return values.professions ? values.professions.split(',') : undefined;
}
