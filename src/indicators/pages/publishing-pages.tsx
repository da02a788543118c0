/** The administrators' publishing page: publish a period (with force and a reason inside its grace period) or a correction. */
import { fill, renderDocument } from '../../common/page-render';
import { CheckboxField, type PageFieldError, PostForm, SubmitButton, summaryOf, TextField } from '../../web/form-fields';
import { ErrorSummary, Layout } from '../../web/layout';
import type { PageContext } from '../../web/web-pages';
import type { SnapshotDto } from '../dto/indicator.dto';

export interface PublishForm {
  period?: string;
  force?: boolean;
  reason?: string;
  correctionPeriod?: string;
  correctionReason?: string;
}

export function publishingPage(ctx: PageContext, view: { snapshots: SnapshotDto[]; form: PublishForm; errors: PageFieldError[] }): string {
  const { m } = ctx;
  const t = m.admin.publishing;
  const { form, errors } = view;
  const csrf = ctx.session!.csrf;
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
      <section aria-labelledby="publish">
        <h2 class="ds-heading" data-size="md" id="publish">
          {t.publishTitle}
        </h2>
        <PostForm action="/app/admin/publishing" csrf={csrf}>
          <TextField id="period" label={t.period} hint={t.periodHint} value={form.period} errors={errors} />
          <CheckboxField id="force" label={t.force} hint={t.forceHint} checked={form.force === true} />
          <TextField id="reason" label={t.reason} hint={t.reasonHint} value={form.reason} errors={errors} multiline />
          <SubmitButton>{t.publish}</SubmitButton>
        </PostForm>
      </section>
      <section aria-labelledby="snapshots">
        <h2 class="ds-heading" data-size="md" id="snapshots">
          {t.caption}
        </h2>
        {view.snapshots.length === 0 ? (
          <p class="ds-paragraph">{m.admin.none}</p>
        ) : (
          <div class="rr-scroll">
            <table class="ds-table" data-border>
              <caption class="ds-sr-only">{t.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.period}</th>
                  <th scope="col">{t.version}</th>
                  <th scope="col">{t.publishedAt}</th>
                  <th scope="col">{t.institutionCount}</th>
                  <th scope="col">{t.note}</th>
                </tr>
              </thead>
              <tbody>
                {view.snapshots.map((s) => (
                  <tr>
                    <th scope="row">{s.period}</th>
                    <td>{s.version}</td>
                    <td>{s.publishedAt.slice(0, 16).replace('T', ' ')}</td>
                    <td>{s.institutions}</td>
                    <td>
                      {s.correctionReason
                        ? fill(t.correctionNote, { reason: s.correctionReason })
                        : s.earlyPublicationReason
                          ? fill(t.earlyNote, { reason: s.earlyPublicationReason })
                          : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="correction">
        <h2 class="ds-heading" data-size="md" id="correction">
          {t.correctionTitle}
        </h2>
        <p class="ds-paragraph">{t.correctionIntro}</p>
        <PostForm action="/app/admin/publishing/correction" csrf={csrf}>
          <TextField id="correctionPeriod" label={t.period} hint={t.periodHint} value={form.correctionPeriod} errors={errors} />
          <TextField
            id="correctionReason"
            label={t.correctionReason}
            hint={t.reasonHint}
            value={form.correctionReason}
            errors={errors}
            multiline
          />
          <SubmitButton>{t.publishCorrection}</SubmitButton>
        </PostForm>
      </section>
    </Layout>,
  );
}
