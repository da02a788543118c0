/** The staff's page to record a patient's withdrawal from the register, with a required confirmation. */
import { renderDocument } from '../common/page-render';
import { ErrorSummary, Layout } from '../web/layout';
import type { PageContext } from '../web/web-pages';
import { Confirm, type FieldErrorView, NationalIdInput } from '../web/simple-fields';

export function withdrawalPage(ctx: PageContext, errors: FieldErrorView[]): string {
  const { m } = ctx;
  const t = m.staff.withdrawal;
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  return renderDocument(
    <Layout
      ctx={ctx}
      title={t.title}
      hasErrors={errors.length > 0}
      breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}
    >
      <ErrorSummary heading={t.errorSummary} errors={errors.map((e) => ({ message: e.message, href: `#${e.field}` }))} />
      <h1 class="ds-heading" data-size="lg">
        {t.title}
      </h1>
      <p class="ds-paragraph">{t.intro}</p>
      <form class="rr-form" method="post" action="/app/withdrawals" novalidate>
        <input type="hidden" name="_csrf" value={ctx.session!.csrf} />
        <NationalIdInput id="nationalId" label={t.nationalId} hint={t.nationalIdHint} error={errorOf('nationalId')} />
        <Confirm id="confirm" label={t.confirm} error={errorOf('confirm')} />
        <div class="rr-actions">
          <button class="ds-button" data-variant="primary" data-color="danger" type="submit">
            {t.submit}
          </button>
        </div>
      </form>
    </Layout>,
  );
}
