/** The administrators' publishing page: publish a period (with force and a reason inside its grace period) or a correction. */
import { fill, renderDocument } from '../../common/page-render';
import { CheckboxField, type PageFieldError, PostForm, SubmitButton, TextField } from '../../web/form-fields';
import { AdminPage, RecordTable, Section } from '../../web/admin-page';
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
    <AdminPage ctx={ctx} title={t.title} errors={errors} breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}>
      <p class="ds-paragraph">{t.intro}</p>
      <Section id="publish" title={t.publishTitle}>
        <PostForm action="/app/admin/publishing" csrf={csrf}>
          <TextField id="period" label={t.period} hint={t.periodHint} value={form.period} errors={errors} />
          <CheckboxField id="force" label={t.force} hint={t.forceHint} checked={form.force === true} />
          <TextField id="reason" label={t.reason} hint={t.reasonHint} value={form.reason} errors={errors} multiline />
          <SubmitButton>{t.publish}</SubmitButton>
        </PostForm>
      </Section>
      <Section id="snapshots" title={t.caption}>
        <RecordTable
          caption={t.caption}
          captionHidden
          columns={[t.period, t.version, t.publishedAt, t.institutionCount, t.note]}
          records={view.snapshots}
          none={m.admin.none}
          row={(s) => (
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
          )}
        />
      </Section>
      <Section id="correction" title={t.correctionTitle}>
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
      </Section>
    </AdminPage>,
  );
}
