/** The administrators' page of the indicator settings: those in force, a change with its reason, and the history. */
import { fill, renderDocument } from '../../common/page-render';
import { type PageFieldError, PostForm, SubmitButton, summaryOf, TextField } from '../../web/form-fields';
import { ErrorSummary, Layout } from '../../web/layout';
import type { PageContext } from '../../web/web-pages';
import type { IndicatorParametersDto, IndicatorSettingsDto } from '../settings/dto/indicator-settings.dto';

export type ParameterName = keyof IndicatorParametersDto;

/** The range of each parameter, as the API's DTO checks it (shown as a hint; the DTO decides). */
export const PARAMETER_RANGES: Record<ParameterName, { min: number; max: number; decimal: boolean }> = {
  eq5dMid: { min: 0.001, max: 1, decimal: true },
  barthelMcid: { min: 1, max: 100, decimal: false },
  barthelIndependenceThreshold: { min: 0, max: 100, decimal: false },
  coverageWarning: { min: 0, max: 1, decimal: true },
  suppressionThreshold: { min: 5, max: 100, decimal: false },
  overdispersionMinInstitutions: { min: 3, max: 1000, decimal: false },
  liveMinContributors: { min: 3, max: 100, decimal: false },
  liveMaxContributorShare: { min: 0.5, max: 1, decimal: true },
  publicationGraceDays: { min: 0, max: 366, decimal: false },
  protectionMargin: { min: 1, max: 20, decimal: false },
};
export const PARAMETER_NAMES = Object.keys(PARAMETER_RANGES) as ParameterName[];

export function settingsPage(
  ctx: PageContext,
  view: { current: IndicatorSettingsDto; history: IndicatorSettingsDto[]; form: Record<string, string>; errors: PageFieldError[] },
): string {
  const { m } = ctx;
  const t = m.admin.settings;
  const { current, errors } = view;
  return renderDocument(
    <Layout
      ctx={ctx}
      title={t.title}
      hasErrors={errors.length > 0}
      breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}
    >
      <ErrorSummary heading={m.admin.errorSummary} errors={summaryOf(errors)} />
      <h1 class="ds-heading" data-size="lg">
        {t.title}
      </h1>
      <p class="ds-paragraph">{t.intro}</p>
      <dl class="rr-facts">
        <dt>{t.version}</dt>
        <dd>{current.version}</dd>
        <dt>{t.changedAt}</dt>
        <dd>{current.changedAt ? current.changedAt.slice(0, 16).replace('T', ' ') : t.defaults}</dd>
        {current.reason && (
          <>
            <dt>{t.reason}</dt>
            <dd>{current.reason}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="change">
        <h2 class="ds-heading" data-size="md" id="change">
          {t.changeTitle}
        </h2>
        <PostForm action="/app/admin/indicator-settings" csrf={ctx.session!.csrf}>
          {PARAMETER_NAMES.map((name) => {
            const range = PARAMETER_RANGES[name];
            return (
              <TextField
                id={name}
                label={t.parameters[name]}
                hint={fill(t.range, { min: range.min, max: range.max })}
                value={view.form[name] ?? String(current.parameters[name])}
                errors={errors}
                inputMode={range.decimal ? 'decimal' : 'numeric'}
              />
            );
          })}
          <TextField id="reason" label={t.reason} hint={t.reasonHint} value={view.form.reason} errors={errors} multiline />
          <SubmitButton>{t.save}</SubmitButton>
        </PostForm>
      </section>
      <section aria-labelledby="targets">
        <h2 class="ds-heading" data-size="md" id="targets">
          {t.targets}
        </h2>
        {current.targets.length === 0 ? (
          <p class="ds-paragraph">{t.noTargets}</p>
        ) : (
          <div class="rr-scroll">
            <table class="ds-table" data-border>
              <caption class="ds-sr-only">{t.targetsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.indicator}</th>
                  <th scope="col">{t.minimum}</th>
                  <th scope="col">{t.target}</th>
                </tr>
              </thead>
              <tbody>
                {current.targets.map((target) => (
                  <tr>
                    <th scope="row">{target.indicator}</th>
                    <td>{target.minimum}</td>
                    <td>{target.target}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="history">
        <h2 class="ds-heading" data-size="md" id="history">
          {t.history}
        </h2>
        {view.history.length === 0 ? (
          <p class="ds-paragraph">{t.defaults}</p>
        ) : (
          <div class="rr-scroll">
            <table class="ds-table" data-border>
              <caption class="ds-sr-only">{t.historyCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.version}</th>
                  <th scope="col">{t.changedAt}</th>
                  <th scope="col">{t.changedBy}</th>
                  <th scope="col">{t.reason}</th>
                </tr>
              </thead>
              <tbody>
                {view.history.map((h) => (
                  <tr>
                    <th scope="row">{h.version}</th>
                    <td>{h.changedAt?.slice(0, 16).replace('T', ' ')}</td>
                    <td>{h.changedBy}</td>
                    <td>{h.reason}</td>
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
