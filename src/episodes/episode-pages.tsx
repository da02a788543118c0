/**
 * The staff's episode pages: the institution's episodes with filters and pages, and one episode with
 * its forms and scores. Data comes from EpisodeService, as the API's does (same access rules, audit).
 */
import { fill, renderDocument } from '../common/page-render';
import type { FieldError } from '../common/problem';
import { INSTRUMENT_DEFINITIONS } from '../instruments/instrument-definitions';
import { type Crumb, ErrorSummary, Layout } from '../web/layout';
import type { WebMessages } from '../web/messages';
import { Pager } from '../web/pager';
import type { PageContext } from '../web/web-pages';
import type { EpisodeDto, EpisodePageDto, EpisodeWithResponsesDto } from './dto/episode.dto';
import { EPISODE_SORTS, type EpisodeSort, MISSING_FILTERS, PROGRAMMES, SETTINGS } from './episode.enums';
import type { ResponseDto } from './responses/dto/response.dto';
import { MissingForms, responseHref } from './responses/response-pages';

/** The list's filters and sort as the page's query string knows them (the cursor is kept apart: it is a place, not a choice). */
export const EPISODE_FILTERS = ['admittedFrom', 'admittedTo', 'programme', 'setting', 'open', 'missing', 'sort'] as const;
export type EpisodeFilters = Partial<Record<(typeof EPISODE_FILTERS)[number], string>>;

const crumbs = (m: WebMessages): Crumb[] => [{ label: m.nav.start, href: '/app' }];

function listHref(filters: EpisodeFilters, cursor: string | null): string {
  const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  if (cursor) query.set('cursor', cursor);
  const text = query.toString();
  return text ? `/app/episodes?${text}` : '/app/episodes';
}

export interface EpisodeListView {
  filters: EpisodeFilters;
  /** Absent when the filters could not be read (then `errors` says why). */
  result?: EpisodePageDto;
  /** Whether this is a later page (then the list links back to the first). */
  later: boolean;
  errors: FieldError[];
}

export function episodeListPage(ctx: PageContext, view: EpisodeListView): string {
  const { m } = ctx;
  const t = m.episodes;
  // One error per field, in the page's language (the API's messages are English and for programmers).
  const fields = [...new Set(view.errors.map((e) => e.pointer.replace(/^\//, '')))];
  const fieldErrors = fields.map((field) => ({
    field: field === 'cursor' ? 'first-page' : field,
    message: field.startsWith('admitted') ? t.invalidDate : field === 'cursor' ? t.invalidCursor : t.invalidChoice,
  }));
  return renderDocument(
    <Layout ctx={ctx} title={t.title} hasErrors={fieldErrors.length > 0} breadcrumbs={[...crumbs(m), { label: t.title }]}>
      <ErrorSummary heading={t.filters} errors={fieldErrors.map((e) => ({ message: e.message, href: `#${e.field}` }))} />
      <h1 class="ds-heading" data-size="lg">
        {t.title}
      </h1>
      <p class="ds-paragraph">
        <a class="ds-link" href="/app/episodes/new">
          {m.episodeForm.registerLink}
        </a>
      </p>
      <FilterForm m={m} filters={view.filters} errors={fieldErrors} />
      {view.result && <EpisodeTable m={m} result={view.result} filters={view.filters} later={view.later} />}
      {fieldErrors.some((e) => e.field === 'first-page') && (
        <p class="ds-paragraph">
          <a class="ds-link" id="first-page" href={listHref(view.filters, null)}>
            {t.first}
          </a>
        </p>
      )}
    </Layout>,
  );
}

function FilterForm({ m, filters, errors }: { m: WebMessages; filters: EpisodeFilters; errors: { field: string; message: string }[] }) {
  const t = m.episodes;
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const dateField = (field: 'admittedFrom' | 'admittedTo', label: string) => (
    <div class="ds-field">
      <label class="ds-label" htmlFor={field}>
        {label}
      </label>
      {errorOf(field) && (
        <p class="ds-validation-message" data-color="danger" id={`${field}-error`}>
          {errorOf(field)}
        </p>
      )}
      <input
        class="ds-input"
        type="date"
        id={field}
        name={field}
        value={filters[field] ?? ''}
        aria-invalid={errorOf(field) ? 'true' : undefined}
        aria-describedby={errorOf(field) ? `${field}-error` : undefined}
      />
    </div>
  );
  const select = (field: 'programme' | 'setting' | 'open' | 'missing' | 'sort', label: string, options: [string, string][], any = true) => (
    <div class="ds-field">
      <label class="ds-label" htmlFor={field}>
        {label}
      </label>
      {errorOf(field) && (
        <p class="ds-validation-message" data-color="danger" id={`${field}-error`}>
          {errorOf(field)}
        </p>
      )}
      <select
        class="ds-input"
        id={field}
        name={field}
        aria-invalid={errorOf(field) ? 'true' : undefined}
        aria-describedby={errorOf(field) ? `${field}-error` : undefined}
      >
        {any && <option value="">{t.any}</option>}
        {options.map(([value, text]) => (
          <option value={value} selected={filters[field] === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form method="get" action="/app/episodes" aria-label={t.filters}>
      <div class="rr-filters">
        {dateField('admittedFrom', t.admittedFrom)}
        {dateField('admittedTo', t.admittedTo)}
        {select(
          'programme',
          t.programme,
          PROGRAMMES.map((p) => [p, m.programmes[p]]),
        )}
        {select(
          'setting',
          t.setting,
          SETTINGS.map((s) => [s, m.settings[s]]),
        )}
        {select('open', t.status, [
          ['true', t.open],
          ['false', t.closed],
        ])}
        {select(
          'missing',
          t.missing,
          MISSING_FILTERS.map((missing) => [missing, t.missingFilters[missing]]),
        )}
        {select(
          'sort',
          t.sort,
          EPISODE_SORTS.map((sort) => [sort, t.sorts[sort]]),
          false,
        )}
        <div class="rr-actions">
          <button class="ds-button" data-variant="primary" type="submit">
            {t.apply}
          </button>
        </div>
      </div>
    </form>
  );
}

function EpisodeTable({ m, result, filters, later }: { m: WebMessages; result: EpisodePageDto; filters: EpisodeFilters; later: boolean }) {
  const t = m.episodes;
  return (
    <section aria-labelledby="episodes-count">
      <h2 class="ds-heading" data-size="sm" id="episodes-count">
        {fill(result.countIsExact ? t.count : t.countMore, { total: result.count })}
      </h2>
      {result.items.length === 0 ? (
        <p class="ds-paragraph">{t.none}</p>
      ) : (
        <div class="rr-scroll">
          <table class="ds-table" data-border>
            <caption class="ds-sr-only">{`${t.tableCaption}, ${t.sorts[(filters.sort as EpisodeSort | undefined) ?? '-admissionDate']}`}</caption>
            <thead>
              <tr>
                <th scope="col">{t.externalId}</th>
                <th scope="col">{t.admission}</th>
                <th scope="col">{t.discharge}</th>
                <th scope="col">{t.programme}</th>
                <th scope="col">{t.setting}</th>
                <th scope="col">{t.birthYear}</th>
                <th scope="col">{t.missing}</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((episode) => (
                <EpisodeRow m={m} episode={episode} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label={t.pagination}
        // back to the start from a later page (a previous page read back to the start is the first page itself)
        first={later && (result.prevCursor || !result.items.length) ? { href: listHref(filters, null), label: t.first } : undefined}
        previous={result.prevCursor ? { href: listHref(filters, result.prevCursor), label: t.previous } : undefined}
        next={result.nextCursor ? { href: listHref(filters, result.nextCursor), label: t.next } : undefined}
      />
    </section>
  );
}

function EpisodeRow({ m, episode }: { m: WebMessages; episode: EpisodeDto }) {
  return (
    <tr>
      <th scope="row">
        <a class="ds-link" href={`/app/episodes/${episode.id}`}>
          {episode.externalId}
        </a>
      </th>
      <td>{episode.admissionDate}</td>
      <td>{episode.dischargeDate ?? m.episodes.notDischarged}</td>
      <td>{m.programmes[episode.programme]}</td>
      <td>{m.settings[episode.setting]}</td>
      <td>{episode.birthYear}</td>
      <td>
        {episode.missing.length === 0 ? m.episodes.nothingMissing : episode.missing.map((form) => m.episodes.missingForms[form]).join(', ')}
      </td>
    </tr>
  );
}

/** The register's content fields the episode has (those not recorded are left out). */
function registerContentFacts(m: WebMessages, episode: EpisodeWithResponsesDto): [string, string][] {
  const labels = m.episodeForm.labels;
  const facts: [string, string | null][] = [
    [labels.rehabLevel, episode.rehabLevel],
    [labels.professions, episode.professions?.map((p) => m.professions[p]).join(', ') ?? null],
    [labels.individualPlan, episode.individualPlan && m.individualPlans[episode.individualPlan]],
    [labels.coordinator, episode.coordinator && m.coordinators[episode.coordinator]],
    [labels.municipalityNotifiedDate, episode.municipalityNotifiedDate],
  ];
  return facts.filter((f): f is [string, string] => !!f[1]);
}

export function episodePage(ctx: PageContext, episode: EpisodeWithResponsesDto): string {
  const { m } = ctx;
  const t = m.episodes;
  const title = fill(t.detailTitle, { externalId: episode.externalId });
  const facts: [string, string][] = [
    [t.admission, episode.admissionDate],
    [t.discharge, episode.dischargeDate ?? t.notDischarged],
    ...(episode.dischargeDestination
      ? [[m.episodeForm.labels.dischargeDestination, m.dischargeDestinations[episode.dischargeDestination]] as [string, string]]
      : []),
    [t.programme, m.programmes[episode.programme]],
    [t.setting, m.settings[episode.setting]],
    [t.serviceLevel, m.serviceLevels[episode.serviceLevel]],
    [t.mainDiagnosis, episode.mainDiagnosis],
    ...registerContentFacts(m, episode),
    [t.birthYear, String(episode.birthYear)],
  ];
  return renderDocument(
    <Layout ctx={ctx} title={title} breadcrumbs={[...crumbs(m), { label: t.title, href: '/app/episodes' }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <section aria-labelledby="facts">
        <h2 class="ds-heading" data-size="sm" id="facts">
          {t.facts}
        </h2>
        <dl class="rr-facts">
          {facts.map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
        </dl>
        <ul class="rr-actions rr-links">
          <li>
            <a class="ds-link" href={`/app/episodes/${episode.id}/edit`}>
              {m.episodeForm.editLink}
            </a>
          </li>
          <li>
            <a class="ds-link" href={`/app/episodes/${episode.id}/patient-correction`}>
              {m.staff.correction.link}
            </a>
          </li>
          <li>
            <a class="ds-link" href={`/app/episodes/${episode.id}/invitations`}>
              {m.staff.invitations.link}
            </a>
          </li>
          {!episode.dischargeDate && (
            <li>
              <a class="ds-link" href={`/app/episodes/${episode.id}/discharge`}>
                {m.episodeForm.dischargeLink}
              </a>
            </li>
          )}
        </ul>
      </section>
      <section aria-labelledby="responses">
        <h2 class="ds-heading" data-size="sm" id="responses">
          {t.responses}
        </h2>
        {episode.responses.length === 0 ? (
          <p class="ds-paragraph">{t.noResponses}</p>
        ) : (
          <div class="rr-scroll">
            <table class="ds-table" data-border>
              <thead>
                <tr>
                  <th scope="col">{t.timepoint}</th>
                  <th scope="col">{t.instrument}</th>
                  <th scope="col">{t.completed}</th>
                  <th scope="col">{t.scores}</th>
                </tr>
              </thead>
              <tbody>
                {episode.responses.map((response) => (
                  <tr>
                    <td>
                      <a class="ds-link" href={responseHref(response)}>
                        {m.timepoints[response.timepoint]}
                      </a>
                    </td>
                    <td>{INSTRUMENT_DEFINITIONS[response.instrument].name}</td>
                    <td>
                      {response.completedDate}
                      {!response.inWindow && ` (${t.outOfWindow})`}
                    </td>
                    <td>{scoreText(response)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <MissingForms m={m} episode={episode} responses={episode.responses} />
      {episode.patientCorrections.length > 0 && (
        <section aria-labelledby="corrections">
          <h2 class="ds-heading" data-size="sm" id="corrections">
            {m.staff.correction.history}
          </h2>
          <ul class="ds-list">
            {episode.patientCorrections.map((c) => (
              <li>{`${c.correctedAt.slice(0, 10)}: ${c.reason}`}</li>
            ))}
          </ul>
        </section>
      )}
    </Layout>,
  );
}

/** The scores a reader looks for first, per instrument; numbers need no translation. */
function scoreText(response: ResponseDto): string {
  const s = response.scores;
  if (response.instrument === 'eq5d-5l')
    return [s.state && `${s.state}`, s.index != null && `index ${s.index}`, s.vas != null && `VAS ${s.vas}`].filter(Boolean).join(' · ');
  if (response.instrument === 'barthel') return s.total100 != null ? `${s.total100}/100` : '';
  return s.score != null ? `mRS ${s.score}` : '';
}
