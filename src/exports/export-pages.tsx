/**
 * The data managers' export pages: their institution's own-data exports (request one, follow its
 * status, download its files). InstitutionExportService answers, as for /api/v1/exports.
 */
import { fill, renderDocument } from '../common/page-render';
import { type Crumb, ErrorSummary, Layout } from '../web/layout';
import type { WebMessages } from '../web/messages';
import type { PageContext } from '../web/web-pages';
import type { InstitutionExportDto } from './dto/institution-export.dto';
import { EXPORT_FORMATS } from './institution-export.repository';

export type ExportField = 'periodFrom' | 'periodTo' | 'format' | 'institutionId';
export interface ExportFormView {
  values: Partial<Record<ExportField, string>>;
  errors: { field: ExportField; message: string }[];
}

const crumbs = (m: WebMessages): Crumb[] => [
  { label: m.nav.start, href: '/app' },
  { label: m.staff.exports.nav, href: '/app/exports' },
];
const period = (e: InstitutionExportDto) => `${e.periodFrom} – ${e.periodTo}`;
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function exportsPage(ctx: PageContext, exports: InstitutionExportDto[], view: ExportFormView): string {
  const { m } = ctx;
  const t = m.staff.exports;
  const errorOf = (field: ExportField) => view.errors.find((e) => e.field === field)?.message;
  const errorLine = (field: ExportField) =>
    errorOf(field) && (
      <p class="ds-validation-message" data-color="danger" id={`${field}-error`}>
        {errorOf(field)}
      </p>
    );
  const dateField = (field: 'periodFrom' | 'periodTo', label: string) => (
    <div class="ds-field">
      <label class="ds-label" htmlFor={field}>
        {label}
      </label>
      {errorLine(field)}
      <input
        class="ds-input"
        type="date"
        id={field}
        name={field}
        value={view.values[field] ?? ''}
        aria-invalid={errorOf(field) ? 'true' : undefined}
        aria-describedby={errorOf(field) ? `${field}-error` : undefined}
      />
    </div>
  );
  return renderDocument(
    <Layout
      ctx={ctx}
      title={t.title}
      hasErrors={view.errors.length > 0}
      breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}
    >
      <ErrorSummary
        heading={t.errorSummary}
        errors={view.errors.map((e) => ({ message: e.message, href: `#${e.field === 'institutionId' ? 'periodFrom' : e.field}` }))}
      />
      <h1 class="ds-heading" data-size="lg">
        {t.title}
      </h1>
      <p class="ds-paragraph">{t.intro}</p>
      <section aria-labelledby="request">
        <h2 class="ds-heading" data-size="sm" id="request">
          {t.request}
        </h2>
        <form class="rr-form" method="post" action="/app/exports" novalidate>
          <input type="hidden" name="_csrf" value={ctx.session!.csrf} />
          {dateField('periodFrom', t.periodFrom)}
          {dateField('periodTo', t.periodTo)}
          <fieldset class="ds-fieldset" id="format" tabindex={-1} aria-describedby={errorOf('format') ? 'format-error' : undefined}>
            <legend class="ds-label">{t.format}</legend>
            {errorLine('format')}
            {EXPORT_FORMATS.map((format) => (
              <div class="ds-field">
                <input
                  class="ds-input"
                  type="radio"
                  id={`format-${format}`}
                  name="format"
                  value={format}
                  checked={(view.values.format ?? 'csv') === format}
                />
                <label class="ds-label" data-weight="regular" htmlFor={`format-${format}`}>
                  {t.formats[format]}
                </label>
              </div>
            ))}
          </fieldset>
          <div class="rr-actions">
            <button class="ds-button" data-variant="primary" type="submit">
              {t.submit}
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="exports">
        <h2 class="ds-heading" data-size="sm" id="exports">
          {t.list}
        </h2>
        {exports.length === 0 ? (
          <p class="ds-paragraph">{t.none}</p>
        ) : (
          <div class="rr-scroll">
            <table class="ds-table" data-border>
              <thead>
                <tr>
                  <th scope="col">{t.period}</th>
                  <th scope="col">{t.format}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.requestedAt}</th>
                  <th scope="col">{t.expiresAt}</th>
                </tr>
              </thead>
              <tbody>
                {exports.map((e) => (
                  <tr>
                    <th scope="row">
                      <a class="ds-link" href={`/app/exports/${e.id}`}>
                        {fill(t.open, { period: period(e) })}
                      </a>
                    </th>
                    <td>{t.formats[e.format]}</td>
                    <td>{t.statuses[e.status]}</td>
                    <td>{when(e.createdAt)}</td>
                    <td>{when(e.expiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>,
  );
}

export function exportPage(ctx: PageContext, e: InstitutionExportDto): string {
  const { m } = ctx;
  const t = m.staff.exports;
  const title = fill(t.detailTitle, { period: period(e) });
  const facts: [string, string][] = [
    [t.period, period(e)],
    [t.format, t.formats[e.format]],
    [t.status, t.statuses[e.status]],
    [t.requestedAt, when(e.createdAt)],
    [t.expiresAt, when(e.expiresAt)],
  ];
  return renderDocument(
    <Layout ctx={ctx} title={title} breadcrumbs={[...crumbs(m), { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <dl class="rr-facts">
        {facts.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      {e.status === 'ready' && e.episodeCount !== null && (
        <p class="ds-paragraph">
          {fill(t.counts, { episodes: e.episodeCount, responses: e.responseCount ?? 0, patients: e.patientCount ?? 0 })}
        </p>
      )}
      {(e.status === 'queued' || e.status === 'building') && (
        <p class="ds-paragraph">
          {t.notReady}{' '}
          <a class="ds-link" href={`/app/exports/${e.id}`}>
            {t.refresh}
          </a>
        </p>
      )}
      {e.status === 'failed' && <p class="ds-paragraph">{t.failed}</p>}
      {e.files.length > 0 && (
        <section aria-labelledby="files">
          <h2 class="ds-heading" data-size="sm" id="files">
            {t.files}
          </h2>
          <div class="rr-scroll">
            <table class="ds-table" data-border>
              <thead>
                <tr>
                  <th scope="col">{t.file}</th>
                  <th scope="col">{t.size}</th>
                  <th scope="col">{t.rows}</th>
                </tr>
              </thead>
              <tbody>
                {e.files.map((file) => (
                  <tr>
                    <th scope="row">
                      <a class="ds-link" href={`/app/exports/${e.id}/files/${encodeURIComponent(file.name)}`} download={file.name}>
                        {fill(t.download, { name: file.name })}
                      </a>
                    </th>
                    <td>{`${Math.max(1, Math.round(file.bytes / 1024))} KB`}</td>
                    <td>{file.rows ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Layout>,
  );
}
