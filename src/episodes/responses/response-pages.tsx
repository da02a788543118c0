/**
 * The staff's response pages: key in a paper EQ-5D-5L or Barthel for an episode, see its scores and
 * versions, and correct it. The EQ-5D-5L items use the same wording as the patient form (the licensed
 * text when EQ5D_WORDING_FILE is configured, else the marked placeholders); Barthel items are the
 * instrument definition's names with their allowed values.
 */
import type { ComponentChildren } from 'preact';
import type { Language } from '../../common/languages';
import { fill, renderDocument } from '../../common/page-render';
import type { FieldError } from '../../common/problem';
import type { Eq5dWording } from '../../forms/eq5d-wording';
import { BARTHEL_ITEM_IDS, barthelAllowedValues, type BarthelScale } from '../../instruments/barthel.scoring';
import { EQ5D_DIMENSIONS } from '../../instruments/eq5d.scoring';
import { INSTRUMENT_DEFINITIONS } from '../../instruments/instrument-definitions';
import { type Crumb, ErrorSummary, Layout } from '../../web/layout';
import type { ResponseFormField, WebMessages } from '../../web/messages';
import type { PageContext } from '../../web/web-pages';
import type { EpisodeDto } from '../dto/episode.dto';
import { MODES, type ResponseDto, TIMEPOINTS, type Timepoint } from './dto/response.dto';

/** The instruments staff key in from paper (or as clinicians) in the workspace. */
export const PAPER_INSTRUMENTS = ['eq5d-5l', 'barthel', 'mrs'] as const;
export type PaperInstrument = (typeof PAPER_INSTRUMENTS)[number];

/** The item fields of an instrument's form, named as the API's answers. */
export function itemsOf(instrument: PaperInstrument): readonly string[] {
  if (instrument === 'eq5d-5l') return [...EQ5D_DIMENSIONS, 'vas'];
  return instrument === 'barthel' ? BARTHEL_ITEM_IDS : ['score'];
}

/** The Barthel form's scale: the 20-point version (Collin & Wade) when the form says so, else the 100-point one. */
export function barthelScaleOf(values: ResponseFormValues): BarthelScale {
  return values.scale === '20' ? 20 : 100;
}

export type ResponseFormValues = Partial<Record<string, string>>;
export interface ResponseFormError {
  /** A field of the form (an item's name, or timepoint, completedDate, mode). */
  field: string;
  message: string;
}

export interface ResponseFormView {
  values: ResponseFormValues;
  errors: ResponseFormError[];
}

/** One message per field in the order of the form, in the page's language. */
export function responseFormErrors(
  m: WebMessages,
  ctxLanguage: Language,
  instrument: PaperInstrument,
  errors: FieldError[],
): ResponseFormError[] {
  const fields = new Set(errors.map((e) => e.pointer.replace(/^\/(answers\/)?/, '').split('/')[0]));
  const t = m.responseForm;
  const general = (['timepoint', 'completedDate', 'mode'] as const)
    .filter((f) => fields.has(f))
    .map((f) => ({ field: f, message: t.errors[f] }));
  const items = itemsOf(instrument)
    .filter((item) => fields.has(item))
    .map((item) => ({
      field: item,
      message: item === 'vas' ? t.vasError : fill(t.itemError, { item: itemLabel(instrument, item, ctxLanguage) }),
    }));
  return [...general, ...items];
}

function itemLabel(instrument: PaperInstrument, item: string, language: Language): string {
  return INSTRUMENT_DEFINITIONS[instrument].items.find((i) => i.id === item)?.label[language] ?? item;
}

const episodeCrumbs = (m: WebMessages, episode: EpisodeDto): Crumb[] => [
  { label: m.nav.start, href: '/app' },
  { label: m.episodes.title, href: '/app/episodes' },
  { label: fill(m.episodes.detailTitle, { externalId: episode.externalId }), href: `/app/episodes/${episode.id}` },
];

function FieldMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p class="ds-validation-message" data-color="danger" id={id}>
      {message}
    </p>
  );
}

/** A question answered by one of its values; the first radio carries the item's name as id, for the error summary's link. */
function ChoiceItem({
  name,
  legend,
  options,
  view,
}: {
  name: string;
  legend: string;
  options: { value: number; label: string }[];
  view: ResponseFormView;
}) {
  const error = view.errors.find((e) => e.field === name)?.message;
  return (
    <fieldset class="ds-fieldset" aria-describedby={error ? `${name}-error` : undefined}>
      <legend class="ds-label">{legend}</legend>
      <FieldMessage id={`${name}-error`} message={error} />
      {options.map((option, i) => (
        <div class="ds-field">
          <input
            class="ds-input"
            type="radio"
            id={i === 0 ? name : `${name}-${option.value}`}
            name={name}
            value={String(option.value)}
            checked={view.values[name] === String(option.value)}
            aria-invalid={error ? 'true' : undefined}
          />
          <label class="ds-label" data-weight="regular" htmlFor={i === 0 ? name : `${name}-${option.value}`}>
            {option.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function Eq5dItems({ wording, view, m }: { wording: Eq5dWording; view: ResponseFormView; m: WebMessages }) {
  const vasError = view.errors.find((e) => e.field === 'vas')?.message;
  return (
    <>
      {EQ5D_DIMENSIONS.map((dimension) => (
        <ChoiceItem
          name={dimension}
          legend={wording.dimensions[dimension].title}
          options={wording.dimensions[dimension].options.map((label, i) => ({ value: i + 1, label }))}
          view={view}
        />
      ))}
      <div class="ds-field">
        <label class="ds-label" htmlFor="vas">
          {wording.vas.title}
        </label>
        <p class="ds-paragraph" data-size="sm" id="vas-hint">
          {m.responseForm.vas}
        </p>
        <FieldMessage id="vas-error" message={vasError} />
        <input
          class="ds-input"
          type="number"
          inputMode="numeric"
          id="vas"
          name="vas"
          min="0"
          max="100"
          step="1"
          value={view.values.vas ?? ''}
          aria-invalid={vasError ? 'true' : undefined}
          aria-describedby={vasError ? 'vas-hint vas-error' : 'vas-hint'}
        />
      </div>
      <p class="ds-paragraph" data-size="sm">
        {wording.copyright}
      </p>
    </>
  );
}

function BarthelItems({ view, language }: { view: ResponseFormView; language: Language }) {
  const scale = barthelScaleOf(view.values);
  return (
    <>
      {scale === 20 && <input type="hidden" name="scale" value="20" />}
      {BARTHEL_ITEM_IDS.map((item) => (
        <ChoiceItem
          name={item}
          legend={itemLabel('barthel', item, language)}
          options={barthelAllowedValues(item, scale).map((value) => ({ value, label: String(value) }))}
          view={view}
        />
      ))}
    </>
  );
}

/** The mRS: one grade, 0 to 6, each with its short description. */
function MrsItems({ view, language }: { view: ResponseFormView; language: Language }) {
  const item = INSTRUMENT_DEFINITIONS.mrs.items[0];
  const options = item.kind === 'choice' ? (item.options ?? []) : [];
  return (
    <ChoiceItem
      name="score"
      legend={item.label[language]}
      options={options.map((option) => ({ value: option.value, label: `${option.value} – ${option.label[language]}` }))}
      view={view}
    />
  );
}

/** Which scale the Barthel answers are on, and a link to the form on the other one (new responses only). */
function BarthelScaleNote({ m, view, otherScaleHref }: { m: WebMessages; view: ResponseFormView; otherScaleHref?: string }) {
  const scale = barthelScaleOf(view.values);
  return (
    <p class="ds-paragraph">
      {fill(m.responseForm.scaleNote, { scale })}
      {otherScaleHref && (
        <>
          {' '}
          <a class="ds-link" href={otherScaleHref}>
            {fill(m.responseForm.otherScale, { scale: scale === 20 ? 100 : 20 })}
          </a>
        </>
      )}
    </p>
  );
}

function SelectField({
  field,
  label,
  options,
  view,
  m,
}: {
  field: ResponseFormField;
  label: string;
  options: [string, string][];
  view: ResponseFormView;
  m: WebMessages;
}) {
  const error = view.errors.find((e) => e.field === field)?.message;
  return (
    <div class="ds-field">
      <label class="ds-label" htmlFor={field}>
        {label}
      </label>
      <FieldMessage id={`${field}-error`} message={error} />
      <select
        class="ds-input"
        id={field}
        name={field}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${field}-error` : undefined}
      >
        <option value="">{m.episodeForm.choose}</option>
        {options.map(([value, text]) => (
          <option value={value} selected={view.values[field] === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function CompletedDate({ view, m }: { view: ResponseFormView; m: WebMessages }) {
  const error = view.errors.find((e) => e.field === 'completedDate')?.message;
  return (
    <div class="ds-field">
      <label class="ds-label" htmlFor="completedDate">
        {m.responseForm.labels.completedDate}
      </label>
      <FieldMessage id="completedDate-error" message={error} />
      <input
        class="ds-input"
        type="date"
        id="completedDate"
        name="completedDate"
        value={view.values.completedDate ?? ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'completedDate-error' : undefined}
      />
    </div>
  );
}

interface ResponseFormProps {
  ctx: PageContext;
  episode: EpisodeDto;
  instrument: PaperInstrument;
  wording: Eq5dWording;
  view: ResponseFormView;
  /** The current version when correcting (its timepoint and instrument stay). */
  correcting?: ResponseDto;
}

function ResponseForm({ ctx, episode, instrument, wording, view, correcting }: ResponseFormProps) {
  const { m } = ctx;
  const t = m.responseForm;
  const action = correcting ? `/app/episodes/${episode.id}/responses/${correcting.id}` : `/app/episodes/${episode.id}/responses`;
  return (
    <form class="rr-form" method="post" action={action} novalidate>
      <input type="hidden" name="_csrf" value={ctx.session!.csrf} />
      {!correcting && <input type="hidden" name="instrument" value={instrument} />}
      {!correcting && (
        <SelectField
          field="timepoint"
          label={t.labels.timepoint}
          options={TIMEPOINTS.map((tp) => [tp, m.timepoints[tp]])}
          view={view}
          m={m}
        />
      )}
      <CompletedDate view={view} m={m} />
      <SelectField field="mode" label={t.labels.mode} options={MODES.map((mode) => [mode, t.modes[mode]])} view={view} m={m} />
      {instrument === 'eq5d-5l' && <Eq5dItems wording={wording} view={view} m={m} />}
      {instrument === 'barthel' && <BarthelItems view={view} language={ctx.language} />}
      {instrument === 'mrs' && <MrsItems view={view} language={ctx.language} />}
      <div class="rr-actions">
        <button class="ds-button" data-variant="primary" type="submit">
          {correcting ? t.submitCorrection : t.submit}
        </button>
      </div>
    </form>
  );
}

function Page({
  ctx,
  title,
  crumbs,
  errors,
  children,
}: {
  ctx: PageContext;
  title: string;
  crumbs: Crumb[];
  errors: ResponseFormError[];
  children: ComponentChildren;
}) {
  return (
    <Layout ctx={ctx} title={title} hasErrors={errors.length > 0} breadcrumbs={[...crumbs, { label: title }]}>
      <ErrorSummary heading={ctx.m.responseForm.errorSummary} errors={errors.map((e) => ({ message: e.message, href: `#${e.field}` }))} />
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      {children}
    </Layout>
  );
}

export function responseNewPage(
  ctx: PageContext,
  episode: EpisodeDto,
  instrument: PaperInstrument,
  wording: Eq5dWording,
  view: ResponseFormView,
): string {
  const t = ctx.m.responseForm;
  const title = fill(t.addTitle, { instrument: INSTRUMENT_DEFINITIONS[instrument].name, externalId: episode.externalId });
  return renderDocument(
    <Page ctx={ctx} title={title} crumbs={episodeCrumbs(ctx.m, episode)} errors={view.errors}>
      <p class="ds-paragraph">{t.paperIntro}</p>
      {instrument === 'barthel' && (
        <BarthelScaleNote
          m={ctx.m}
          view={view}
          otherScaleHref={`/app/episodes/${episode.id}/responses/new?instrument=barthel&timepoint=${encodeURIComponent(view.values.timepoint ?? '')}${barthelScaleOf(view.values) === 20 ? '' : '&scale=20'}`}
        />
      )}
      <ResponseForm ctx={ctx} episode={episode} instrument={instrument} wording={wording} view={view} />
    </Page>,
  );
}

function responseTitle(m: WebMessages, template: string, episode: EpisodeDto, response: ResponseDto): string {
  return fill(template, {
    instrument: INSTRUMENT_DEFINITIONS[response.instrument].name,
    timepoint: m.timepoints[response.timepoint].toLowerCase(),
    externalId: episode.externalId,
  });
}

export function responseCorrectPage(
  ctx: PageContext,
  episode: EpisodeDto,
  current: ResponseDto,
  wording: Eq5dWording,
  view: ResponseFormView,
): string {
  const { m } = ctx;
  const title = responseTitle(m, m.responseForm.correctTitle, episode, current);
  const crumbs = [
    ...episodeCrumbs(m, episode),
    { label: responseTitle(m, m.responseForm.title, episode, current), href: responseHref(current) },
  ];
  return renderDocument(
    <Page ctx={ctx} title={title} crumbs={crumbs} errors={view.errors}>
      <p class="ds-paragraph">{m.responseForm.correctIntro}</p>
      {current.instrument === 'barthel' && <BarthelScaleNote m={m} view={view} />}
      <ResponseForm
        ctx={ctx}
        episode={episode}
        instrument={current.instrument as PaperInstrument}
        wording={wording}
        view={view}
        correcting={current}
      />
    </Page>,
  );
}

export const responseHref = (response: Pick<ResponseDto, 'episodeId' | 'id'>) =>
  `/app/episodes/${response.episodeId}/responses/${response.id}`;

/** A response's scores as label and value pairs, the ones a reader looks for first. */
export function scoreFacts(m: WebMessages, response: ResponseDto): [string, string][] {
  const s = response.scores;
  const l = m.responseForm.scoreLabels;
  const facts: [string, string | null | undefined][] =
    response.instrument === 'eq5d-5l'
      ? [
          [l.state, s.state],
          [l.levelSum, s.levelSum?.toString()],
          [l.index, s.index?.toString()],
          [l.vas, s.vas?.toString()],
        ]
      : response.instrument === 'barthel'
        ? [
            [l.total100, s.total100?.toString()],
            ...(response.answers.scale === 20 ? [[l.total20, s.total20?.toString()] as [string, string | undefined]] : []),
            [l.band, s.band ? m.responseForm.bands[s.band as keyof WebMessages['responseForm']['bands']] : null],
          ]
        : [['mRS', s.score?.toString()]];
  return facts.filter((f): f is [string, string] => f[1] !== null && f[1] !== undefined);
}

/** One response: the current version's scores and every version, with a way to correct it. */
export function responsePage(ctx: PageContext, episode: EpisodeDto, versions: ResponseDto[]): string {
  const { m } = ctx;
  const t = m.responseForm;
  const current = versions.find((v) => !v.supersededAt) ?? versions[versions.length - 1];
  const title = responseTitle(m, t.title, episode, current);
  return renderDocument(
    <Page ctx={ctx} title={title} crumbs={episodeCrumbs(m, episode)} errors={[]}>
      <section aria-labelledby="scores">
        <h2 class="ds-heading" data-size="sm" id="scores">
          {t.scores}
        </h2>
        <dl class="rr-facts">
          {[[t.labels.completedDate, current.completedDate] as [string, string], ...scoreFacts(m, current)].map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
        </dl>
        {!current.supersededAt && (
          <p class="ds-paragraph">
            <a class="ds-link" href={`${responseHref(current)}/correct`}>
              {t.correctLink}
            </a>
          </p>
        )}
      </section>
      <section aria-labelledby="versions">
        <h2 class="ds-heading" data-size="sm" id="versions">
          {t.versions}
        </h2>
        <div class="rr-scroll">
          <table class="ds-table" data-border>
            <thead>
              <tr>
                <th scope="col">{t.version}</th>
                <th scope="col">{t.labels.completedDate}</th>
                <th scope="col">{t.labels.mode}</th>
                <th scope="col">{t.scores}</th>
                <th scope="col">{t.savedAt}</th>
                <th scope="col">{t.supersededAt}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr>
                  <th scope="row">{v.version}</th>
                  <td>{v.completedDate}</td>
                  <td>{t.modes[v.mode]}</td>
                  <td>
                    {scoreFacts(m, v)
                      .map(([label, value]) => `${label} ${value}`)
                      .join(' · ')}
                  </td>
                  <td>{v.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>{v.supersededAt ? v.supersededAt.slice(0, 16).replace('T', ' ') : t.current}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Page>,
  );
}

/** Links to key in the paper forms an episode does not have yet, by timepoint (admission, and discharge once discharged). */
export function MissingForms({ m, episode, responses }: { m: WebMessages; episode: EpisodeDto; responses: ResponseDto[] }) {
  const timepoints: Timepoint[] = episode.dischargeDate ? ['admission', 'discharge'] : ['admission'];
  // The mRS is expected in the stroke programme (and allowed in every one, through the API and the form's URL).
  const expected = PAPER_INSTRUMENTS.filter((instrument) => instrument !== 'mrs' || episode.programme === 'stroke');
  const links = timepoints.flatMap((timepoint) =>
    expected
      .filter((instrument) => !responses.some((r) => r.timepoint === timepoint && r.instrument === instrument))
      .map((instrument) => ({ timepoint, instrument })),
  );
  if (!links.length) return null;
  return (
    <section aria-labelledby="add-forms">
      <h2 class="ds-heading" data-size="sm" id="add-forms">
        {m.responseForm.addForms}
      </h2>
      <ul class="rr-links">
        {links.map(({ timepoint, instrument }) => (
          <li>
            <a class="ds-link" href={`/app/episodes/${episode.id}/responses/new?instrument=${instrument}&timepoint=${timepoint}`}>
              {fill(m.responseForm.add, {
                instrument: INSTRUMENT_DEFINITIONS[instrument].name,
                timepoint: m.timepoints[timepoint].toLowerCase(),
              })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The form's values of a stored version, for the correction form. */
export function valuesOfResponse(response: ResponseDto): ResponseFormValues {
  const values: ResponseFormValues = { completedDate: response.completedDate, mode: response.mode };
  for (const [item, value] of Object.entries(response.answers)) if (typeof value === 'number') values[item] = String(value);
  return values;
}
