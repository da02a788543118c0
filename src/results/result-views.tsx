/**
 * The pieces every results page is made of: a figure in a cell (value, CI, n, zone in words and
 * symbol, or "hidden" with the reason), a table with caption and scopes and its CSV link, a chart
 * beside its table, the publication's version and corrections, and the 400/404 page.
 */
import { fill, renderDocument } from '../common/page-render';
import type { Language } from '../common/languages';
import type { PublicationDto } from '../indicators/dto/indicator.dto';
import { Layout, type Crumb } from '../web/layout';
import type { PageContext } from '../web/web-pages';
import { ZONE_MARKS } from './result-charts';
import type { Cell, ResultTable, ShownFigure } from './result-tables';
import { formatCount, formatDate, formatNumber, periodWords } from './results-format';
import { RESULTS_MESSAGES, type ResultsMessages } from './results-messages';

export interface ResultsText {
  language: Language;
  r: ResultsMessages;
  /** The suppression threshold, for the reasons' words. */
  threshold: number;
}

export function resultsText(language: Language, threshold: number): ResultsText {
  return { language, r: RESULTS_MESSAGES[language], threshold };
}

export function reasonWords(t: ResultsText, reason: NonNullable<ShownFigure['reason']>): string {
  return fill(t.r.reasons[reason], { threshold: t.threshold });
}

export function FigureView({ f, t }: { f: ShownFigure; t: ResultsText }) {
  const { r, language } = t;
  if (f.reason) return <span class="rr-suppressed">{fill(r.suppressedCell, { reason: reasonWords(t, f.reason) })}</span>;
  const number = (v: number, suffix = '') => formatNumber(language, v, f.scale.decimals, suffix);
  return (
    <>
      {f.value === null ? <span class="rr-value">{r.noValue}</span> : <span class="rr-value">{number(f.value, f.scale.suffix)}</span>}
      {f.ciLow !== null && f.ciHigh !== null && (
        <span class="rr-ci">
          {' ('}
          <span class="rr-ci-low">{number(f.ciLow)}</span>–<span class="rr-ci-high">{number(f.ciHigh)}</span>)
        </span>
      )}
      {f.n !== null && (
        <span class="rr-nline">
          {' n = '}
          <span class="rr-n">{formatCount(language, f.n)}</span>
        </span>
      )}
      {f.zone && <ZoneTag zone={f.zone} r={r} />}
      {f.live && (
        <span class="rr-live" title={r.liveNote}>
          {r.live}
        </span>
      )}
    </>
  );
}

export function ZoneTag({ zone, r }: { zone: NonNullable<ShownFigure['zone']>; r: ResultsMessages }) {
  return (
    <span class="rr-zone" data-zone={zone}>
      <span aria-hidden="true">{ZONE_MARKS[zone].symbol}</span> {r.zones[zone]}
    </span>
  );
}

function CellView({ cell, t, header }: { cell: Cell; t: ResultsText; header: boolean }) {
  const content =
    'figure' in cell ? (
      <FigureView f={cell.figure} t={t} />
    ) : 'count' in cell ? (
      cell.count === null ? (
        t.r.noValue
      ) : (
        formatCount(t.language, cell.count)
      )
    ) : cell.href ? (
      <a class="ds-link" href={cell.href}>
        {cell.text}
      </a>
    ) : (
      cell.text
    );
  return header ? <th scope="row">{content}</th> : <td>{content}</td>;
}

export function TableView({ table, t, csvHref }: { table: ResultTable; t: ResultsText; csvHref?: string }) {
  return (
    <div class="rr-table-block">
      <div class="rr-scroll" tabindex={0} role="region" aria-labelledby={`${table.id}-caption`}>
        <table class="ds-table rr-results" id={table.id} data-border>
          <caption id={`${table.id}-caption`}>{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th scope="col">{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr class={row.muted ? 'rr-muted' : undefined}>
                {row.cells.map((cell, i) => (
                  <CellView cell={cell} t={t} header={i === 0} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.note && <p class="ds-paragraph rr-note">{table.note}</p>}
      {csvHref && (
        <p class="ds-paragraph">
          <a class="ds-link" href={csvHref} download>
            {t.r.indicatorPage.csv}
          </a>
        </p>
      )}
    </div>
  );
}

/** A picture drawn on the server (SVG with <title> and <desc>) and the table of its numbers beside it. */
export function ChartWithTable({ svg, table, t, csvHref }: { svg: string; table: ResultTable; t: ResultsText; csvHref?: string }) {
  return (
    <div class="rr-chart-block">
      {/* The SVG is Vega's output with every text escaped (renderChartSvg); it is inline so it needs no script or request. */}
      <figure class="rr-chart" dangerouslySetInnerHTML={{ __html: svg }} />
      <TableView table={table} t={t} csvHref={csvHref} />
    </div>
  );
}

/** The version shown, when it was published, the corrections of the period and why each was made. */
export function PublicationBox({ publication, versions, t }: { publication: PublicationDto; versions: PublicationDto[]; t: ResultsText }) {
  const p = t.r.publication;
  const corrections = versions.filter((v) => v.correctionReason);
  return (
    <section class="rr-publication" aria-labelledby="publication-heading">
      <h2 class="ds-heading" data-size="sm" id="publication-heading">
        {p.heading}
      </h2>
      <dl class="rr-facts">
        <dt>{p.period}</dt>
        <dd>{periodWords(t.language, publication.period)}</dd>
        <dt>{p.version}</dt>
        <dd class="rr-version">{`${publication.version} / ${publication.latestVersion}`}</dd>
        <dt>{p.publishedAt}</dt>
        <dd>{formatDate(t.language, publication.publishedAt)}</dd>
        <dt>{p.corrections}</dt>
        <dd>
          {corrections.length ? (
            <ul class="ds-list rr-corrections">
              {corrections.map((v) => (
                <li>
                  {`${p.version} ${v.version}, ${formatDate(t.language, v.publishedAt)}: `}
                  {v.correctionReason}
                </li>
              ))}
            </ul>
          ) : (
            p.noCorrections
          )}
        </dd>
      </dl>
      {publication.version < publication.latestVersion && <p class="ds-paragraph">{p.correctedSince}</p>}
      {publication.earlyPublicationReason && <p class="ds-paragraph">{fill(p.early, { reason: publication.earlyPublicationReason })}</p>}
    </section>
  );
}

/** A 400 or 404 page of the results, in the user's language, with the way back. */
export function resultsErrorPage(ctx: PageContext, status: 400 | 404, message: string, back: string, crumbs?: Crumb[]): string {
  const r = RESULTS_MESSAGES[ctx.language];
  const title = status === 404 ? ctx.m.refusal.notFound.title : ctx.m.refusal.badRequest.title;
  return renderDocument(
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="ds-paragraph">{message}</p>
      <p class="ds-paragraph">
        <a class="ds-link" href={back}>
          {r.errors.back}
        </a>
      </p>
    </Layout>,
  );
}
