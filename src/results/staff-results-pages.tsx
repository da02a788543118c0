/**
 * The staff's results pages (issue 22) under /app/results: the own institution's live figures with
 * 95 % CI beside its region's and the nation's (contributor rule, "live" labels), and one
 * indicator's page with its trend over 12 quarters, the funnel with the own institution ringed, the
 * region's institutions as published, breakdowns, case-mix and the definition.
 */
import { fill, renderDocument } from '../common/page-render';
import type { IndicatorReportDto, IndicatorResultDto } from '../indicators/dto/indicator.dto';
import type { IndicatorId } from '../indicators/indicator-specs';
import { Layout } from '../web/layout';
import { WEB_MESSAGES } from '../web/messages';
import type { PageContext } from '../web/web-pages';
import { barsSvg, funnelSvg, funnelTable, regionName, titleOf, trendSvg, unitWords } from './public-results-pages';
import type { PublishedPeriod } from './public-results.service';
import { figureOf, partsOf, shownFigure, unitOf, type ResultTable, type TableRow } from './result-tables';
import { ChartWithTable, resultsText, TableView, type ResultsText } from './result-views';
import { formatDateTime, periodWords } from './results-format';
import type { PartKey } from './results-messages';
import type { Breakdown, StaffOverview } from './staff-results.service';
import type { FunnelReportDto } from '../indicators/dto/indicator.dto';

/** A period as the URL asks for it: `12m` for the last 12 complete months, whichever months they are today. */
function periodParam(period: string): string {
  return period.startsWith('12m') ? '12m' : encodeURIComponent(period);
}

const OVERVIEW_SKIPS: readonly string[] = ['completeness.variables'];

function indicatorOf(report: IndicatorReportDto, id: string): IndicatorResultDto | undefined {
  return report.indicators.find((i) => i.id === id);
}

/** Column heads: the institution's own name, its region's name and "Nasjonalt". */
function scopeColumns(t: ResultsText, data: StaffOverview) {
  return [
    { key: 'own', label: data.own.scope.name ?? '', kind: 'figure' as const },
    { key: 'region', label: regionName(t, data.own.scope.region), kind: 'figure' as const },
    { key: 'national', label: t.r.national, kind: 'figure' as const },
  ];
}

function scopeCells(data: StaffOverview, id: string, part: string | undefined, unit: string) {
  const live = !data.published;
  return [data.own, data.region, data.national].map((report) => {
    const r = indicatorOf(report, id);
    return { figure: shownFigure(r && figureOf(r, part), unit, { live }) };
  });
}

export function staffOverviewTable(t: ResultsText, data: StaffOverview, link: (id: string, part?: string) => string): ResultTable {
  const rows: TableRow[] = [];
  for (const result of data.own.indicators) {
    if (OVERVIEW_SKIPS.includes(result.id)) continue;
    const parts = result.kind === 'shares' ? ['better'] : partsOf(result);
    for (const part of parts.length ? parts : [undefined])
      rows.push({
        cells: [
          { text: titleOf(t, result.id, part), href: link(result.id, part) },
          { text: unitWords(t, result) },
          ...scopeCells(data, result.id, part, unitOf(result)),
        ],
      });
  }
  return {
    id: 'overview',
    caption: fill(t.r.staff.overviewCaption, { period: periodWords(t.language, data.period) }),
    columns: [
      { key: 'indicator', label: t.r.indicator, kind: 'text' },
      { key: 'unit', label: unitHeading(t), kind: 'text' },
      ...scopeColumns(t, data),
    ],
    rows,
  };
}

function unitHeading(t: ResultsText): string {
  return { nb: 'Enhet', nn: 'Eining', en: 'Unit' }[t.language];
}

function PeriodForm({
  t,
  action,
  period,
  part,
  parts,
}: {
  t: ResultsText;
  action: string;
  period: string;
  part?: string;
  parts?: string[];
}) {
  const s = t.r.staff;
  return (
    <form method="get" action={action} class="rr-filters">
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
          value={period.startsWith('12m') ? '12m' : period}
          aria-describedby="period-hint"
        />
      </div>
      {parts && parts.length > 0 && (
        <div class="ds-field">
          <label class="ds-label" for="part">
            {t.r.indicatorPage.choosePart}
          </label>
          <select class="ds-input" id="part" name="part">
            {parts.map((p) => (
              <option value={p} selected={p === part}>
                {t.r.parts[p as PartKey] ?? p}
              </option>
            ))}
          </select>
        </div>
      )}
      <button class="ds-button" type="submit">
        {s.choose}
      </button>
    </form>
  );
}

/** Warnings about the own figures: coverage below the warning level, registration below its minimum. */
function warnings(t: ResultsText, data: StaffOverview): string[] {
  const out: string[] = [];
  const coverage = indicatorOf(data.own, 'completeness.coverage');
  if (coverage?.lowCoverage) out.push(`${t.r.coverage}: ${t.r.lowCoverageMark}.`);
  for (const id of ['completeness.admission', 'completeness.paired']) {
    for (const part of indicatorOf(data.own, id)?.parts ?? [])
      if (part.zone === 'below_minimum') out.push(`${titleOf(t, id, part.part)}: ${t.r.zones.below_minimum}.`);
  }
  return out;
}

export function staffOverviewPage(ctx: PageContext, data: StaffOverview): string {
  const t = resultsText(ctx.language, data.own.suppressionThreshold);
  const s = t.r.staff;
  const link = (id: string, part?: string) => `/app/results/${id}?period=${periodParam(data.period)}${part ? `&part=${part}` : ''}`;
  const table = staffOverviewTable(t, data, link);
  const warned = warnings(t, data);
  const title = fill(s.title, { institution: data.own.scope.name ?? '' });
  return renderDocument(
    <Layout ctx={ctx} title={title}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="ds-paragraph">{s.intro}</p>
      <PeriodForm t={t} action="/app/results" period={data.period} />
      {!data.published && (
        <div class="ds-alert" data-color="info">
          <p class="ds-paragraph">{t.r.liveNote}</p>
        </div>
      )}
      {data.national.asOf && (
        <p class="ds-paragraph rr-note">{fill(t.r.referenceNote, { time: formatDateTime(t.language, data.national.asOf) })}</p>
      )}
      {warned.length > 0 && (
        <div class="ds-alert" data-color="warning">
          <ul class="ds-list">
            {warned.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <TableView table={table} t={t} csvHref={`/app/results/csv?period=${periodParam(data.period)}`} />
      <p class="ds-paragraph">
        <a class="ds-link" href={`/app/results/completeness?period=${periodParam(data.period)}`}>
          {s.completenessLink}
        </a>
      </p>
    </Layout>,
  );
}

export interface StaffIndicatorData {
  overview: StaffOverview;
  id: IndicatorId;
  part: string | undefined;
  trend: { period: string; own: IndicatorReportDto; national: IndicatorReportDto }[];
  breakdowns: Breakdown[];
  funnel: FunnelReportDto | null;
  published: PublishedPeriod | null;
  /** The crude and adjusted EQ-5D index change, where the page is about either. */
  caseMix: StaffOverview | null;
}

export function staffIndicatorTables(t: ResultsText, data: StaffIndicatorData) {
  const { overview, id, part } = data;
  const result = indicatorOf(overview.own, id)!;
  const unit = unitOf(result);
  const unitLabel = unitWords(t, result);
  const title = titleOf(t, id, part);
  const institution = overview.own.scope.name ?? '';
  const periodText = periodWords(t.language, overview.period);
  const valueLabel = `${t.r.value} (${unitLabel})`;
  const ownRegion = overview.own.scope.region;
  const regionInstitutions = (data.published?.institutions ?? []).filter((r) => r.scope.region === ownRegion);
  const figureCell = (report: IndicatorReportDto | undefined, live: boolean) => {
    const r = report && indicatorOf(report, id);
    return { figure: shownFigure(r && figureOf(r, part), unit, { live }) };
  };
  const tables: Record<string, ResultTable> = {
    scopes: {
      id: 'scopes',
      caption: `${title}, ${periodText}`,
      columns: [
        { key: 'scope', label: t.r.region, kind: 'text' },
        { key: 'value', label: valueLabel, kind: 'figure' },
      ],
      rows: [
        { cells: [{ text: institution }, figureCell(overview.own, !overview.published)] },
        { cells: [{ text: regionName(t, ownRegion) }, figureCell(overview.region, !overview.published)] },
        { cells: [{ text: t.r.national }, figureCell(overview.national, !overview.published)] },
      ],
    },
    trend: {
      id: 'trend',
      caption: fill(t.r.indicatorPage.trendOwnCaption, { title }),
      columns: [
        { key: 'quarter', label: t.r.indicatorPage.quarter, kind: 'text' },
        { key: 'own', label: institution, kind: 'figure' },
        { key: 'national', label: t.r.national, kind: 'figure' },
      ],
      rows: data.trend.map((q) => ({ cells: [{ text: q.period }, figureCell(q.own, true), figureCell(q.national, true)] })),
    },
    funnel: funnelTable(t, data.funnel?.published ?? data.funnel?.live ?? null, unit, unitLabel, periodText),
    region: {
      id: 'region',
      caption: data.published
        ? fill(t.r.staff.regionAsPublished, {
            region: regionName(t, ownRegion),
            period: periodWords(t.language, data.published.publication.period),
          })
        : t.r.staff.notPublished,
      columns: [
        { key: 'institution', label: t.r.institution, kind: 'text' },
        { key: 'value', label: valueLabel, kind: 'figure' },
      ],
      rows: regionInstitutions.map((report) => ({ cells: [{ text: report.scope.name ?? '' }, figureCell(report, false)] })),
    },
    breakdowns: {
      id: 'breakdowns',
      caption: fill(t.r.staff.breakdownsCaption, { title, institution, period: periodText }),
      columns: [
        { key: 'group', label: t.r.staff.breakdown, kind: 'text' },
        { key: 'value', label: valueLabel, kind: 'figure' },
      ],
      rows: data.breakdowns.map((b) => ({ cells: [{ text: groupName(t, b) }, figureCell(b.report, !overview.published)] })),
    },
  };
  if (data.caseMix) {
    const crude = (report: IndicatorReportDto) =>
      shownFigure(figureOrNone(report, 'eq5d.index_change'), 'EQ-5D index', { live: !overview.published });
    const adjusted = (report: IndicatorReportDto) =>
      shownFigure(figureOrNone(report, 'eq5d.index_change_adjusted'), 'EQ-5D index', { live: !overview.published });
    const cm = data.caseMix;
    tables.casemix = {
      id: 'casemix',
      caption: `${t.r.staff.caseMixHeading}, ${periodText}`,
      columns: [
        { key: 'scope', label: t.r.region, kind: 'text' },
        { key: 'crude', label: t.r.staff.crude, kind: 'figure' },
        { key: 'adjusted', label: t.r.staff.adjusted, kind: 'figure' },
      ],
      rows: [
        { cells: [{ text: institution }, { figure: crude(cm.own) }, { figure: adjusted(cm.own) }] },
        { cells: [{ text: regionName(t, ownRegion) }, { figure: crude(cm.region) }, { figure: adjusted(cm.region) }] },
        { cells: [{ text: t.r.national }, { figure: crude(cm.national) }, { figure: adjusted(cm.national) }] },
      ],
    };
  }
  return { tables, title, unitLabel, institution, periodText };
}

function figureOrNone(report: IndicatorReportDto, id: string) {
  const r = indicatorOf(report, id);
  return r && figureOf(r);
}

function groupName(t: ResultsText, b: Breakdown): string {
  const m = WEB_MESSAGES[t.language];
  const heads = {
    nb: { programme: 'Program', setting: 'Behandlingsform', serviceLevel: 'Tjenestenivå' },
    nn: { programme: 'Program', setting: 'Behandlingsform', serviceLevel: 'Tenestenivå' },
    en: { programme: 'Programme', setting: 'Setting', serviceLevel: 'Service level' },
  }[t.language];
  const value =
    b.filter === 'programme'
      ? m.programmes[b.value as keyof typeof m.programmes]
      : b.filter === 'setting'
        ? m.settings[b.value as keyof typeof m.settings]
        : m.serviceLevels[b.value as keyof typeof m.serviceLevels];
  return `${heads[b.filter]}: ${value ?? b.value}`;
}

export async function staffIndicatorPage(ctx: PageContext, data: StaffIndicatorData): Promise<string> {
  const t = resultsText(ctx.language, data.overview.own.suppressionThreshold);
  const { r } = t;
  const p = r.indicatorPage;
  const { tables, title, unitLabel, institution, periodText } = staffIndicatorTables(t, data);
  const ownId = data.overview.own.scope.institutionId;
  const result = indicatorOf(data.overview.own, data.id)!;
  const valueAxis = `${title} (${unitLabel})`;
  const funnelData = data.funnel?.published ?? data.funnel?.live ?? null;
  const nationalShown = shownFigure(figureOf(indicatorOf(data.overview.national, data.id)!, data.part), unitOf(result)).value;
  const [trend, funnel, bars] = await Promise.all([
    trendSvg(t, tables.trend, `${title} – ${institution}`, valueAxis, p.quarter),
    funnelData ? funnelSvg(t, funnelData, `${title}, ${periodText}`, title, 'funnel', ownId) : null,
    tables.region.rows.length
      ? barsSvg(t, tables.region, `${title}, ${regionName(t, data.overview.own.scope.region)}`, valueAxis, nationalShown, institution)
      : null,
  ]);
  const csv = (table: string) =>
    `/app/results/${data.id}/csv/${table}?period=${periodParam(data.overview.period)}${data.part ? `&part=${data.part}` : ''}`;
  const pageTitle = fill(r.staff.indicatorTitle, { title, institution });
  return renderDocument(
    <Layout
      ctx={ctx}
      title={pageTitle}
      breadcrumbs={[{ label: r.nav, href: `/app/results?period=${periodParam(data.overview.period)}` }, { label: title }]}
    >
      <h1 class="ds-heading" data-size="lg">
        {pageTitle}
      </h1>
      <PeriodForm t={t} action={`/app/results/${data.id}`} period={data.overview.period} part={data.part} parts={partsOf(result)} />
      {!data.overview.published && (
        <div class="ds-alert" data-color="info">
          <p class="ds-paragraph">{r.liveNote}</p>
        </div>
      )}
      <section aria-labelledby="definition-heading">
        <h2 class="ds-heading" data-size="md" id="definition-heading">
          {p.definition}
        </h2>
        <p class="ds-paragraph">{r.indicators[data.id].definition}</p>
      </section>
      <section aria-labelledby="scopes-heading">
        <h2 class="ds-heading" data-size="md" id="scopes-heading">
          {p.figures}
        </h2>
        <TableView table={tables.scopes} t={t} csvHref={csv('scopes')} />
      </section>
      {tables.casemix && (
        <section aria-labelledby="casemix-heading">
          <h2 class="ds-heading" data-size="md" id="casemix-heading">
            {r.staff.caseMixHeading}
          </h2>
          <p class="ds-paragraph">{r.staff.caseMixText}</p>
          <TableView table={tables.casemix} t={t} csvHref={csv('casemix')} />
        </section>
      )}
      <section aria-labelledby="trend-heading">
        <h2 class="ds-heading" data-size="md" id="trend-heading">
          {p.trendHeading}
        </h2>
        <ChartWithTable svg={trend} table={tables.trend} t={t} csvHref={csv('trend')} />
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
      <section aria-labelledby="region-heading">
        <h2 class="ds-heading" data-size="md" id="region-heading">
          {regionName(t, data.overview.own.scope.region)}
        </h2>
        {bars ? (
          <ChartWithTable svg={bars} table={tables.region} t={t} csvHref={csv('region')} />
        ) : (
          <p class="ds-paragraph">{tables.region.caption}</p>
        )}
      </section>
      <section aria-labelledby="breakdowns-heading">
        <h2 class="ds-heading" data-size="md" id="breakdowns-heading">
          {r.staff.breakdownsHeading}
        </h2>
        <TableView table={tables.breakdowns} t={t} csvHref={csv('breakdowns')} />
      </section>
    </Layout>,
  );
}
