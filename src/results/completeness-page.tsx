/**
 * The staff's completeness page (issue 22) at /app/results/completeness: participation and coverage
 * against the expected counts, the forms at admission and discharge, variable completeness (own
 * institution beside its region and the nation, as the live API gives them), and the institution's
 * open items of the period, paged, each episode linking to its page.
 */
import { fill, renderDocument } from '../common/page-render';
import type { IndicatorReportDto, IndicatorResultDto } from '../indicators/dto/indicator.dto';
import type { IndicatorId } from '../indicators/indicator-specs';
import type { OpenItem, OpenItemKind, OpenItemsPage } from '../episodes/open-items.service';
import { OPEN_ITEM_KINDS } from '../episodes/open-items.service';
import { Layout } from '../web/layout';
import { Pager } from '../web/pager';
import type { PageContext } from '../web/web-pages';
import { regionName, titleOf } from './public-results-pages';
import { figureOf, shownFigure, unitOf, type ResultTable } from './result-tables';
import { resultsText, TableView, type ResultsText } from './result-views';
import { formatCount, formatDate, periodWords } from './results-format';
import type { PartKey } from './results-messages';
import type { StaffOverview } from './staff-results.service';

/** The indicators the completeness page shows. */
export const COMPLETENESS_IDS: IndicatorId[] = [
  'completeness.participation',
  'completeness.coverage',
  'completeness.admission',
  'completeness.paired',
  'completeness.variables',
];

const INSTRUMENT_NAMES: Record<string, string> = { 'eq5d-5l': 'EQ-5D-5L', barthel: 'Barthel', mrs: 'mRS' };

export interface CompletenessData {
  overview: StaffOverview;
  openItems: OpenItemsPage;
  kind: OpenItemKind | undefined;
}

function resultOf(report: IndicatorReportDto, id: IndicatorId): IndicatorResultDto | undefined {
  return report.indicators.find((i) => i.id === id);
}

/** The tables with numbers (each has a CSV); the open items are a list of episodes, not numbers. */
export function completenessTables(t: ResultsText, data: StaffOverview): Record<'coverage' | 'registration' | 'variables', ResultTable> {
  const s = t.r.staff;
  const live = !data.published;
  const periodText = periodWords(t.language, data.period);
  const scopes = [
    { label: data.own.scope.name ?? '', report: data.own },
    { label: regionName(t, data.own.scope.region), report: data.region },
    { label: t.r.national, report: data.national },
  ];
  const figure = (report: IndicatorReportDto, id: IndicatorId, part?: string) => {
    const r = resultOf(report, id);
    return { figure: shownFigure(r && figureOf(r, part), r ? unitOf(r) : 'share', { live }) };
  };
  // Coverage is registered of expected: its n is the expected count, its events the registered. Hidden, neither is shown.
  const counts = (report: IndicatorReportDto) => {
    const coverage = resultOf(report, 'completeness.coverage');
    const shown = coverage && !coverage.suppressed && coverage.n !== null;
    return [{ count: shown ? (coverage.events ?? null) : null }, { count: shown ? coverage.n : null }];
  };
  const byPart = (id: IndicatorId) =>
    (resultOf(data.own, id)?.parts ?? []).map((p) => ({
      cells: [{ text: titleOf(t, id, p.part) }, ...scopes.map((scope) => figure(scope.report, id, p.part))],
    }));
  const scopeColumns = scopes.map((scope, i) => ({ key: ['own', 'region', 'national'][i], label: scope.label, kind: 'figure' as const }));
  return {
    coverage: {
      id: 'coverage',
      caption: fill(s.coverageCaption, { period: periodText }),
      columns: [
        { key: 'scope', label: t.r.region, kind: 'text' },
        { key: 'participation', label: s.participation, kind: 'figure' },
        { key: 'coverage', label: t.r.coverage, kind: 'figure' },
        { key: 'registered', label: s.registered, kind: 'count' },
        { key: 'expected', label: s.expected, kind: 'count' },
      ],
      rows: scopes.map((scope) => ({
        cells: [
          { text: scope.label },
          figure(scope.report, 'completeness.participation'),
          figure(scope.report, 'completeness.coverage'),
          ...counts(scope.report),
        ],
      })),
    },
    registration: {
      id: 'registration',
      caption: fill(s.registrationCaption, { period: periodText }),
      columns: [{ key: 'form', label: t.r.indicator, kind: 'text' }, ...scopeColumns],
      rows: [...byPart('completeness.admission'), ...byPart('completeness.paired')],
    },
    variables: {
      id: 'variables',
      caption: fill(s.variablesCaption, { period: periodText }),
      columns: [{ key: 'variable', label: s.variable, kind: 'text' }, ...scopeColumns],
      rows: (resultOf(data.own, 'completeness.variables')?.parts ?? []).map((p) => ({
        cells: [
          { text: t.r.parts[p.part as PartKey] ?? p.part },
          ...scopes.map((scope) => figure(scope.report, 'completeness.variables', p.part)),
        ],
      })),
    },
  };
}

/**
 * The open items as a CSV table: one row per episode, a column per kind with its codes (instruments;
 * `timepoint:instrument:completed date` for a response out of window), machine-readable and English.
 */
export function openItemsTable(list: OpenItemsPage): ResultTable {
  const codes = (items: OpenItem[], kind: OpenItemKind) =>
    items
      .filter((i) => i.kind === kind)
      .map((i) => (kind === 'out_of_window' ? `${i.timepoint}:${i.instrument}:${i.completedDate}` : (i.instrument ?? 'yes')))
      .join(' ');
  return {
    id: 'open-items',
    caption: 'Open items',
    columns: [
      { key: 'external_id', label: 'external_id', kind: 'text' },
      { key: 'episode_id', label: 'episode_id', kind: 'text' },
      { key: 'admission_date', label: 'admission_date', kind: 'text' },
      { key: 'discharge_date', label: 'discharge_date', kind: 'text' },
      ...OPEN_ITEM_KINDS.map((kind) => ({ key: kind, label: kind, kind: 'text' as const })),
    ],
    rows: list.episodes.map((e) => ({
      cells: [
        { text: e.externalId },
        { text: e.id },
        { text: e.admissionDate },
        { text: e.dischargeDate ?? '' },
        ...OPEN_ITEM_KINDS.map((kind) => ({ text: codes(e.items, kind) })),
      ],
    })),
  };
}

/** One episode's items in words, grouped by kind: "Mangler utskrivningsskjema: EQ-5D-5L, Barthel". */
function itemWords(t: ResultsText, items: OpenItem[]): string[] {
  const s = t.r.staff;
  return OPEN_ITEM_KINDS.flatMap((kind) => {
    const ofKind = items.filter((i) => i.kind === kind);
    if (ofKind.length === 0) return [];
    if (kind === 'not_discharged') return [s.itemKinds[kind]];
    const what = ofKind.map((i) =>
      kind === 'out_of_window'
        ? fill(s.outOfWindowItem, {
            instrument: INSTRUMENT_NAMES[i.instrument!] ?? i.instrument!,
            timepoint: s.timepoints[i.timepoint as 'admission' | 'discharge'] ?? i.timepoint!,
            date: formatDate(t.language, i.completedDate!),
          })
        : (INSTRUMENT_NAMES[i.instrument!] ?? i.instrument!),
    );
    return [`${s.itemKinds[kind]}: ${what.join(', ')}`];
  });
}

function OpenItemsSection({
  ctx,
  t,
  data,
  href,
  csvHref,
}: {
  ctx: PageContext;
  t: ResultsText;
  data: CompletenessData;
  href: (q: { kind?: OpenItemKind; page?: number }) => string;
  csvHref: string;
}) {
  const s = t.r.staff;
  const list = data.openItems;
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <section aria-labelledby="open-items-heading">
      <h2 class="ds-heading" data-size="md" id="open-items-heading">
        {s.openItemsHeading}
      </h2>
      <p class="ds-paragraph">{s.openItemsIntro}</p>
      <nav aria-label={s.itemFilter}>
        <ul class="ds-list rr-item-kinds">
          <li>
            {data.kind ? (
              <a class="ds-link" href={href({})}>
                {s.allItems}
              </a>
            ) : (
              <span aria-current="true">{s.allItems}</span>
            )}
          </li>
          {OPEN_ITEM_KINDS.map((kind) => {
            const label = `${s.itemKinds[kind]}: ${fill(s.itemCount, { count: formatCount(t.language, list.counts[kind]) })}`;
            return (
              <li>
                {kind === data.kind ? (
                  <span aria-current="true">{label}</span>
                ) : (
                  <a class="ds-link" href={href({ kind })}>
                    {label}
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      </nav>
      {list.episodes.length === 0 ? (
        <p class="ds-paragraph">{s.noOpenItems}</p>
      ) : (
        <div class="rr-scroll" tabindex={0} role="region" aria-labelledby="open-items-caption">
          <table class="ds-table" id="open-items" data-border>
            <caption id="open-items-caption">
              {fill(s.openItemsCaption, { period: periodWords(t.language, data.overview.period), page: list.page, pages })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{s.episode}</th>
                <th scope="col">{s.admitted}</th>
                <th scope="col">{s.discharged}</th>
                <th scope="col">{s.problem}</th>
              </tr>
            </thead>
            <tbody>
              {list.episodes.map((episode) => (
                <tr>
                  <th scope="row">
                    <a class="ds-link" href={`/app/episodes/${episode.id}`}>
                      {episode.externalId}
                    </a>
                  </th>
                  <td>{formatDate(t.language, episode.admissionDate)}</td>
                  <td>{episode.dischargeDate ? formatDate(t.language, episode.dischargeDate) : t.r.noValue}</td>
                  <td>
                    <ul class="ds-list">
                      {itemWords(t, episode.items).map((w) => (
                        <li>{w}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.episodes.length > 0 && (
        <p class="ds-paragraph">
          <a class="ds-link" href={csvHref} download>
            {s.openItemsCsv}
          </a>
        </p>
      )}
      {pages > 1 && (
        <Pager
          label={ctx.m.episodes.pagination}
          previous={list.page > 1 ? { href: href({ kind: data.kind, page: list.page - 1 }), label: s.previousPage } : undefined}
          position={fill(s.pageOf, { page: list.page, pages })}
          next={list.page < pages ? { href: href({ kind: data.kind, page: list.page + 1 }), label: s.nextPage } : undefined}
        />
      )}
    </section>
  );
}

export function completenessPage(ctx: PageContext, data: CompletenessData, institutionParam: string | undefined): string {
  const t = resultsText(ctx.language, data.overview.own.suppressionThreshold);
  const s = t.r.staff;
  const tables = completenessTables(t, data.overview);
  const base = (extra: Record<string, string>) => {
    const q = new URLSearchParams({ period: data.overview.period.startsWith('12m') ? '12m' : data.overview.period });
    if (institutionParam) q.set('institution', institutionParam);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return q.toString();
  };
  const href = ({ kind, page }: { kind?: OpenItemKind; page?: number }) =>
    `/app/results/completeness?${base({ ...(kind ? { item: kind } : {}), ...(page && page > 1 ? { page: String(page) } : {}) })}`;
  const csv = (table: string) => `/app/results/completeness/csv/${table}?${base({})}`;
  const title = fill(s.completenessTitle, { institution: data.overview.own.scope.name ?? '' });
  const section = (id: keyof typeof tables, heading: string) => (
    <section aria-labelledby={`${id}-heading`}>
      <h2 class="ds-heading" data-size="md" id={`${id}-heading`}>
        {heading}
      </h2>
      <TableView table={tables[id]} t={t} csvHref={csv(id)} />
    </section>
  );
  return renderDocument(
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: t.r.nav, href: `/app/results?${base({})}` }, { label: s.completenessLink }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="ds-paragraph">{s.completenessIntro}</p>
      <form method="get" action="/app/results/completeness" class="rr-filters">
        <div class="ds-field">
          <label class="ds-label" for="period">
            {s.periodLabel}
          </label>
          <p class="ds-paragraph" data-size="sm" id="period-hint">
            {s.periodHint}
          </p>
          <input
            class="ds-input"
            id="period"
            name="period"
            value={data.overview.period.startsWith('12m') ? '12m' : data.overview.period}
            aria-describedby="period-hint"
          />
        </div>
        {institutionParam && <input type="hidden" name="institution" value={institutionParam} />}
        <button class="ds-button" type="submit">
          {s.choose}
        </button>
      </form>
      {!data.overview.published && (
        <div class="ds-alert" data-color="info">
          <p class="ds-paragraph">{t.r.liveNote}</p>
        </div>
      )}
      {section('coverage', s.coverageHeading)}
      {section('registration', s.registrationHeading)}
      {section('variables', s.variablesHeading)}
      <OpenItemsSection
        ctx={ctx}
        t={t}
        data={data}
        href={href}
        csvHref={`/app/results/completeness/csv/open-items?${base(data.kind ? { item: data.kind } : {})}`}
      />
    </Layout>,
  );
}
