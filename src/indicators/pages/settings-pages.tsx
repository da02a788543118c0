/** The administrators' page of the indicator settings: those in force, a change with its reason, and the history. */
import { fill, renderDocument } from '../../common/page-render';
import { type PageFieldError, PostForm, SubmitButton, TextField } from '../../web/form-fields';
import { AdminPage, RecordTable, Section } from '../../web/admin-page';
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
    <AdminPage ctx={ctx} title={t.title} errors={errors} breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}>
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
      <Section id="change" title={t.changeTitle}>
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
      </Section>
      <Section id="targets" title={t.targets}>
        <RecordTable
          caption={t.targetsCaption}
          captionHidden
          columns={[t.indicator, t.minimum, t.target]}
          records={current.targets}
          none={t.noTargets}
          row={(target) => (
            <tr>
              <th scope="row">{target.indicator}</th>
              <td>{target.minimum}</td>
              <td>{target.target}</td>
            </tr>
          )}
        />
      </Section>
      <Section id="history" title={t.history}>
        <RecordTable
          caption={t.historyCaption}
          captionHidden
          columns={[t.version, t.changedAt, t.changedBy, t.reason]}
          records={view.history}
          none={t.defaults}
          row={(h) => (
            <tr>
              <th scope="row">{h.version}</th>
              <td>{h.changedAt?.slice(0, 16).replace('T', ' ')}</td>
              <td>{h.changedBy}</td>
              <td>{h.reason}</td>
            </tr>
          )}
        />
      </Section>
    </AdminPage>,
  );
}
