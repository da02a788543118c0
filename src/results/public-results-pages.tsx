/**
 * The public results (issue 22): `/` and `/resultater` (the nation, the regions and the institutions
 * for the newest published period) and `/resultater/{indicator}` (funnel, institution bars, trend,
 * definition and method). Only published snapshots reach these pages.
 */
import { fill, renderDocument } from '../common/page-render';
import type { FunnelDto, IndicatorReportDto, IndicatorResultDto } from '../indicators/dto/indicator.dto';
import { funnelChartSpec, renderFunnelSvg } from '../indicators/charts/funnel-chart';
import { INDICATOR_IDS, type IndicatorId } from '../indicators/indicator-specs';
import type { Region } from '../institutions/institution.entity';
import { Layout } from '../web/layout';
import type { PageContext } from '../web/web-pages';
import { barChartSpec, drawChart, trendChartSpec, type Bar, type TrendPoint } from './result-charts';
import { figureOf, partsOf, shownFigure, unitOf, type ResultTable, type TableRow } from './result-tables';
import { chartNumberLocale, formatNumber, periodWords, scaleOf } from './results-format';
import type { PartKey } from './results-messages';
import { ChartWithTable, PublicationBox, resultsText, TableView, type ResultsText } from './result-views';
import type { PublishedPeriod } from './public-results.service';

/** The institutions' table on the overview: coverage and three headline indicators. */
const HEADLINE: readonly IndicatorId[] = ['eq5d.index_change', 'barthel.change', 'outcome.home'];
/** Left out of the overview's table (one row per key variable); on its own page. */
const OVERVIEW_SKIPS: readonly IndicatorId[] = ['completeness.variables'];

export function withLang(path: string, ctx: PageContext, params: Record<string, string | undefined> = {}): string {
  const url = new URL(path, 'http://x');
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  if (!ctx.session) url.searchParams.set('lang', ctx.language);
  return `${url.pathname}${url.search}`;
}

function indicatorOf(report: IndicatorReportDto, id: string): IndicatorResultDto | undefined {
  return report.indicators.find((i) => i.id === id);
}

export function titleOf(t: ResultsText, id: string, part?: string): string {
  const title = t.r.indicators[id as IndicatorId]?.title ?? id;
  return part ? `${title}: ${t.r.parts[part as PartKey] ?? part}` : title;
}

/** The unit words of a figure's column: "prosent", "EQ-5D-indeks", "dager". */
export function unitWords(t: ResultsText, result: Pick<IndicatorResultDto, 'unit' | 'kind' | 'id'>): string {
  const unit = unitOf(result);
  if (unit === 'share' || unit === 'ratio') return t.r.units.share;
  return t.r.indicators[result.id as IndicatorId]?.unit ?? unit;
}

function coverageLevel(report: IndicatorReportDto): number {
  return indicatorOf(report, 'completeness.coverage')?.parameters?.coverageWarning ?? 0.6;
}

function coverageOf(report: IndicatorReportDto) {
  const coverage = indicatorOf(report, 'completeness.coverage');
  return coverage && figureOf(coverage);
}

function lowCoverage(report: IndicatorReportDto): boolean {
  return Boolean(indicatorOf(report, 'completeness.coverage')?.lowCoverage);
}

export function regionName(t: ResultsText, region: string | undefined): string {
  return region ? (t.r.regions[region as Region] ?? region) : '';
}

function scopeName(t: ResultsText, report: IndicatorReportDto): string {
  if (report.scope.kind === 'national') return t.r.national;
  if (report.scope.kind === 'region') return regionName(t, report.scope.region);
  return report.scope.name ?? report.scope.key;
}

/** The nation and regions per indicator: one row per figure (a part where the indicator has parts). */
export function regionsTable(t: ResultsText, data: PublishedPeriod, ctx: PageContext): ResultTable {
  const scopes = [data.national, ...data.regions];
  const rows: TableRow[] = [];
  for (const result of data.national.indicators) {
    if (OVERVIEW_SKIPS.includes(result.id as IndicatorId)) continue;
    const parts = result.kind === 'shares' ? ['better'] : partsOf(result);
    for (const part of parts.length ? parts : [undefined]) {
      rows.push({
        cells: [
          { text: titleOf(t, result.id, part), href: withLang(`/resultater/${result.id}`, ctx, { part }) },
          { text: unitWords(t, result) },
          ...scopes.map((s) => {
            const r = indicatorOf(s, result.id);
            return { figure: shownFigure(r && figureOf(r, part), unitOf(result)) };
          }),
        ],
      });
    }
  }
  return {
    id: 'regions',
    caption: fill(t.r.regionsCaption, { period: periodWords(t.language, data.publication.period) }),
    columns: [
      { key: 'indicator', label: t.r.indicator, kind: 'text' },
      { key: 'unit', label: unitHeading(t), kind: 'text' },
      ...scopes.map((s) => ({ key: s.scope.key.replace('region:', ''), label: scopeName(t, s), kind: 'figure' as const })),
    ],
    rows,
  };
}

function unitHeading(t: ResultsText): string {
  return { nb: 'Enhet', nn: 'Eining', en: 'Unit' }[t.language];
}

/** Each institution's coverage and headline figures; rows greyed out where coverage is below the warning level. */
export function institutionsTable(t: ResultsText, data: PublishedPeriod): ResultTable {
  const level = coverageLevel(data.national);
  return {
    id: 'institutions',
    caption: fill(t.r.institutionsCaption, { period: periodWords(t.language, data.publication.period) }),
    columns: [
      { key: 'institution', label: t.r.institution, kind: 'text' },
      { key: 'region', label: t.r.region, kind: 'text' },
      { key: 'coverage', label: `${t.r.coverage} (${t.r.units.share})`, kind: 'figure' },
      ...HEADLINE.map((id) => {
        const result = indicatorOf(data.national, id);
        return { key: id, label: `${titleOf(t, id)}${result ? ` (${unitWords(t, result)})` : ''}`, kind: 'figure' as const };
      }),
    ],
    rows: data.institutions.map((report) => {
      const low = lowCoverage(report);
      return {
        muted: low,
        cells: [
          { text: `${report.scope.name ?? ''}${low ? ` (${t.r.lowCoverageMark})` : ''}` },
          { text: regionName(t, report.scope.region) },
          { figure: shownFigure(coverageOf(report), 'ratio') },
          ...HEADLINE.map((id) => {
            const r = indicatorOf(report, id);
            return { figure: shownFigure(r && figureOf(r), r ? unitOf(r) : 'share', { lowCoverage: low }) };
          }),
        ],
      };
    }),
    note: fill(t.r.lowCoverageNote, { level: formatNumber(t.language, level * 100, 0, '%') }),
  };
}

export function overviewPage(ctx: PageContext, data: PublishedPeriod | null): string {
  const t = resultsText(ctx.language, data?.national.suppressionThreshold ?? 10);
  const { r } = t;
  return renderDocument(
    <Layout ctx={ctx} title={r.publicTitle}>
      <h1 class="ds-heading" data-size="lg">
        {r.publicTitle}
      </h1>
      {data ? (
        <>
          <p class="ds-paragraph">{fill(r.publicIntro, { threshold: t.threshold })}</p>
          <PublicationBox publication={data.publication} versions={data.versions} t={t} />
          <section aria-labelledby="regions-heading">
            <h2 class="ds-heading" data-size="md" id="regions-heading">
              {r.nationalTitle}
            </h2>
            <TableView
              table={regionsTable(t, data, ctx)}
              t={t}
              csvHref={withLang('/resultater/csv/regions', ctx, { period: data.publication.period, version: versionParam(data) })}
            />
          </section>
          <section aria-labelledby="institutions-heading">
            <h2 class="ds-heading" data-size="md" id="institutions-heading">
              {r.institutionsHeading}
            </h2>
            <TableView
              table={institutionsTable(t, data)}
              t={t}
              csvHref={withLang('/resultater/csv/institutions', ctx, { period: data.publication.period, version: versionParam(data) })}
            />
          </section>
          <p class="ds-paragraph">
            <a class="ds-link" href={`/api/v1/public/indicators?period=${data.publication.period}&lang=${ctx.language}`}>
              {r.indicatorPage.api}
            </a>
          </p>
        </>
      ) : (
        <p class="ds-paragraph">{r.nothingPublished}</p>
      )}
      {!ctx.session && (
        <p class="ds-paragraph">
          <a class="ds-link" href="/login">
            {r.signInLink}
          </a>
        </p>
      )}
    </Layout>,
  );
}

/** `version=` in links only when an older version is being looked at. */
function versionParam(data: PublishedPeriod): string | undefined {
  return data.publication.version < data.publication.latestVersion ? String(data.publication.version) : undefined;
}

export interface IndicatorPageData {
  period: PublishedPeriod;
  id: IndicatorId;
  part: string | undefined;
  funnel: FunnelDto | null;
  trend: { period: string; scope: string; report: IndicatorReportDto }[];
}

/** The tables of an indicator's page, by name (the CSV route serves each). */
export function indicatorTables(
  t: ResultsText,
  data: IndicatorPageData,
): Record<'scopes' | 'institutions' | 'funnel' | 'trend', ResultTable> {
  const { id, part } = data;
  const national = indicatorOf(data.period.national, id)!;
  const unit = unitOf(national);
  const unitLabel = unitWords(t, national);
  const title = titleOf(t, id, part);
  const periodText = periodWords(t.language, data.period.publication.period);
  const valueColumn = { key: 'value', label: `${t.r.value} (${unitLabel})`, kind: 'figure' as const };
  const scopes = [data.period.national, ...data.period.regions];
  const trendPeriods = [...new Set(data.trend.map((row) => row.period))].sort();
  const trendScopes = ['national', ...data.period.regions.map((r) => r.scope.key)];
  return {
    scopes: {
      id: 'scopes',
      caption: `${title}, ${periodText}`,
      columns: [{ key: 'scope', label: t.r.region, kind: 'text' }, valueColumn],
      rows: scopes.map((s) => {
        const r = indicatorOf(s, id);
        return { cells: [{ text: scopeName(t, s) }, { figure: shownFigure(r && figureOf(r, part), unit) }] };
      }),
    },
    institutions: {
      id: 'institutions',
      caption: fill(t.r.indicatorPage.barsCaption, { title, period: periodText }),
      columns: [
        { key: 'institution', label: t.r.institution, kind: 'text' },
        { key: 'region', label: t.r.region, kind: 'text' },
        valueColumn,
      ],
      rows: data.period.institutions.map((report) => {
        const low = lowCoverage(report);
        const r = indicatorOf(report, id);
        return {
          muted: low,
          cells: [
            { text: `${report.scope.name ?? ''}${low ? ` (${t.r.lowCoverageMark})` : ''}` },
            { text: regionName(t, report.scope.region) },
            { figure: shownFigure(r && figureOf(r, part), unit, { lowCoverage: low }) },
          ],
        };
      }),
      note: fill(t.r.lowCoverageNote, { level: formatNumber(t.language, coverageLevel(data.period.national) * 100, 0, '%') }),
    },
    funnel: funnelTable(t, data.funnel, unit, unitLabel, periodText),
    trend: {
      id: 'trend',
      caption: fill(t.r.indicatorPage.trendCaption, { title }),
      columns: [
        { key: 'period', label: t.r.indicatorPage.year, kind: 'text' },
        ...trendScopes.map((key) => ({
          key: key.replace('region:', ''),
          label: key === 'national' ? t.r.national : regionName(t, key.replace('region:', '')),
          kind: 'figure' as const,
        })),
      ],
      rows: trendPeriods.map((period) => ({
        cells: [
          { text: period },
          ...trendScopes.map((key) => {
            const report = data.trend.find((row) => row.period === period && row.scope === key)?.report;
            const r = report && indicatorOf(report, id);
            return { figure: shownFigure(r && figureOf(r, part), unit) };
          }),
        ],
      })),
    },
  };
}

/** The institutions of a funnel: value and n, and where each lies against the limits; hidden ones with their reason. */
export function funnelTable(t: ResultsText, funnel: FunnelDto | null, unit: string, unitLabel: string, periodText: string): ResultTable {
  return {
    id: 'funnel',
    caption: fill(t.r.indicatorPage.funnelCaption, { period: periodText }),
    columns: [
      { key: 'institution', label: t.r.institution, kind: 'text' },
      { key: 'region', label: t.r.region, kind: 'text' },
      { key: 'value', label: `${t.r.value} (${unitLabel})`, kind: 'figure' },
      { key: 'position', label: t.r.funnel.controlLimits, kind: 'text' },
    ],
    rows: (funnel?.points ?? []).map((p) => ({
      muted: Boolean(p.lowCoverage),
      cells: [
        { text: `${p.name}${p.lowCoverage ? ` (${t.r.lowCoverageMark})` : ''}` },
        { text: regionName(t, p.region) },
        {
          figure: shownFigure(
            { n: p.n, value: p.value, suppressed: p.suppressed, suppressionReason: p.suppressed ? 'small_n' : null, zone: null },
            unit,
          ),
        },
        { text: p.suppressed ? '' : t.r.indicatorPage.funnelState[p.flagged ? 'outside998' : p.outside95 ? 'outside95' : 'within'] },
      ],
    })),
  };
}

function chartText(t: ResultsText, title: string, description: string, valueAxis: string, idPrefix: string) {
  return {
    title,
    description,
    valueAxis,
    idPrefix,
    numberLocale: chartNumberLocale(t.language),
    zoneTitle: t.r.zone,
    zoneNames: { ...t.r.zones, none: t.r.charts.noZone },
  };
}

/** The institutions' bars, drawn from the very numbers of their table. */
export async function barsSvg(
  t: ResultsText,
  table: ResultTable,
  title: string,
  valueAxis: string,
  national: number | null,
  highlight?: string,
): Promise<string> {
  const bars: Bar[] = table.rows.flatMap((row) => {
    const figure = row.cells.find((c) => 'figure' in c);
    const name = row.cells[0] && 'text' in row.cells[0] ? row.cells[0].text : '';
    if (!figure || !('figure' in figure) || figure.figure.value === null) return [];
    const f = figure.figure;
    return [
      {
        name,
        value: f.value!,
        ciLow: f.ciLow,
        ciHigh: f.ciHigh,
        zone: f.zone,
        lowCoverage: Boolean(row.muted),
        highlighted: name === highlight,
      },
    ];
  });
  const hidden = table.rows.length - bars.length;
  const sorted = [...bars].sort((a, b) => b.value - a.value);
  const fmt = (b: Bar) => `${b.name} ${formatNumber(t.language, b.value, 1)}`;
  const description = [
    sorted.length
      ? fill(t.r.charts.bars, { title, count: sorted.length, highest: fmt(sorted[0]), lowest: fmt(sorted[sorted.length - 1]) })
      : t.r.charts.barsNone,
    hidden ? fill(t.r.charts.barsHidden, { count: hidden }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const text = chartText(t, title, description, valueAxis, 'bars');
  return drawChart(barChartSpec(bars, national, text), text);
}

/** A trend drawn from its table: one series per figure column. */
export async function trendSvg(
  t: ResultsText,
  table: ResultTable,
  title: string,
  valueAxis: string,
  periodAxis: string,
  idPrefix = 'trend',
): Promise<string> {
  const points: TrendPoint[] = [];
  for (const row of table.rows) {
    const period = 'text' in row.cells[0] ? row.cells[0].text : '';
    row.cells.forEach((cell, i) => {
      if ('figure' in cell && cell.figure.value !== null)
        points.push({
          series: table.columns[i].label,
          period,
          value: cell.figure.value,
          ciLow: cell.figure.ciLow,
          ciHigh: cell.figure.ciHigh,
        });
    });
  }
  const series = [...new Set(points.map((p) => p.series))];
  const periods = [...new Set(points.map((p) => p.period))].sort();
  const description = fill(t.r.charts.trend, { title, series: series.join(', '), periods: periods.join(', ') });
  const text = chartText(t, title, description, valueAxis, idPrefix);
  return drawChart(trendChartSpec(points, periodAxis, t.r.charts.series, text), text);
}

export async function funnelSvg(
  t: ResultsText,
  funnel: FunnelDto,
  title: string,
  valueAxis: string,
  idPrefix = 'funnel',
  highlight?: string,
): Promise<string> {
  return renderFunnelSvg(funnel, {
    highlight,
    title,
    valueAxis,
    nAxis: t.r.indicatorPage.episodesAxis,
    words: t.r.funnel,
    numberLocale: chartNumberLocale(t.language),
    idPrefix,
  });
}

/** Kept for tests: the text alternative of a funnel in a language. */
export function funnelDescription(t: ResultsText, funnel: FunnelDto, title: string): string {
  return funnelChartSpec(funnel, { title, valueAxis: '', nAxis: '', words: t.r.funnel, numberLocale: chartNumberLocale(t.language) })
    .description;
}

export async function indicatorPage(ctx: PageContext, data: IndicatorPageData): Promise<string> {
  const national = indicatorOf(data.period.national, data.id)!;
  const t = resultsText(ctx.language, data.period.national.suppressionThreshold);
  const { r } = t;
  const p = r.indicatorPage;
  const texts = r.indicators[data.id];
  const title = titleOf(t, data.id, data.part);
  const tables = indicatorTables(t, data);
  const unitLabel = unitWords(t, national);
  const periodText = periodWords(t.language, data.period.publication.period);
  const valueAxis = `${title} (${unitLabel})`;
  const nationalShown = shownFigure(figureOf(national, data.part), unitOf(national)).value;
  const [funnel, bars, trend] = await Promise.all([
    data.funnel ? funnelSvg(t, data.funnel, `${title}, ${periodText}`, title) : null,
    barsSvg(t, tables.institutions, `${title}, ${periodText}`, valueAxis, nationalShown),
    tables.trend.rows.length ? trendSvg(t, tables.trend, title, valueAxis, p.year) : null,
  ]);
  const csv = (table: string) =>
    withLang(`/resultater/${data.id}/csv/${table}`, ctx, {
      period: data.period.publication.period,
      version: versionParam(data.period),
      part: data.part,
    });
  const parts = partsOf(national);
  return renderDocument(
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: r.nav, href: withLang('/resultater', ctx) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="ds-paragraph">{periodText}</p>
      {parts.length > 0 && (
        <form method="get" action={`/resultater/${data.id}`} class="rr-filters">
          {!ctx.session && <input type="hidden" name="lang" value={ctx.language} />}
          <input type="hidden" name="period" value={data.period.publication.period} />
          <div class="ds-field">
            <label class="ds-label" for="part">
              {p.choosePart}
            </label>
            <select class="ds-input" id="part" name="part">
              {parts.map((part) => (
                <option value={part} selected={part === data.part}>
                  {r.parts[part as PartKey] ?? part}
                </option>
              ))}
            </select>
          </div>
          <button class="ds-button" type="submit">
            {p.show}
          </button>
        </form>
      )}
      <section aria-labelledby="definition-heading">
        <h2 class="ds-heading" data-size="md" id="definition-heading">
          {p.definition}
        </h2>
        <p class="ds-paragraph">{texts.definition}</p>
        <h3 class="ds-heading" data-size="sm">
          {p.method}
        </h3>
        <p class="ds-paragraph">{p.methodText}</p>
        <p class="ds-paragraph">{p.methodCi}</p>
        <p class="ds-paragraph">{fill(p.methodSuppression, { threshold: t.threshold })}</p>
        {national.valueSet && <p class="ds-paragraph">{fill(p.valueSet, { name: national.valueSet.name })}</p>}
      </section>
      <PublicationBox publication={data.period.publication} versions={data.period.versions} t={t} />
      <section aria-labelledby="scopes-heading">
        <h2 class="ds-heading" data-size="md" id="scopes-heading">
          {p.figures}
        </h2>
        <TableView table={tables.scopes} t={t} csvHref={csv('scopes')} />
      </section>
      <section aria-labelledby="funnel-heading">
        <h2 class="ds-heading" data-size="md" id="funnel-heading">
          {p.funnelHeading}
        </h2>
        {funnel ? (
          <>
            <p class="ds-paragraph">{p.methodFunnel}</p>
            <ChartWithTable svg={funnel} table={tables.funnel} t={t} csvHref={csv('funnel')} />
          </>
        ) : (
          <p class="ds-paragraph">{p.noFunnel}</p>
        )}
      </section>
      <section aria-labelledby="bars-heading">
        <h2 class="ds-heading" data-size="md" id="bars-heading">
          {p.barsHeading}
        </h2>
        <ChartWithTable svg={bars} table={tables.institutions} t={t} csvHref={csv('institutions')} />
      </section>
      {trend && (
        <section aria-labelledby="trend-heading">
          <h2 class="ds-heading" data-size="md" id="trend-heading">
            {p.trendHeading}
          </h2>
          <ChartWithTable svg={trend} table={tables.trend} t={t} csvHref={csv('trend')} />
        </section>
      )}
      <p class="ds-paragraph">
        <a
          class="ds-link"
          href={`/api/v1/public/indicators?period=${data.period.publication.period}&indicator=${data.id}&lang=${ctx.language}`}
        >
          {p.api}
        </a>
      </p>
      <p class="ds-paragraph">
        <a class="ds-link" href={withLang('/resultater', ctx)}>
          {p.back}
        </a>
      </p>
    </Layout>,
  );
}

export function isIndicatorId(value: string): value is IndicatorId {
  return (INDICATOR_IDS as readonly string[]).includes(value);
}

export { scaleOf };
