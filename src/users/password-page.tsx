/** The page where a signed-in user changes their own password. */
import { renderDocument } from '../common/page-render';
import { ErrorSummary, Layout } from '../web/layout';
import type { PageContext } from '../web/web-pages';

export type PasswordField = 'currentPassword' | 'newPassword' | 'newPasswordRepeat';

export function passwordPage(ctx: PageContext, errors: { field: PasswordField; message: string }[]): string {
  const { m } = ctx;
  const t = m.password;
  const errorOf = (field: PasswordField) => errors.find((e) => e.field === field)?.message;
  const field = (id: PasswordField, label: string, autocomplete: string) => (
    <div class="ds-field">
      <label class="ds-label" htmlFor={id}>
        {label}
      </label>
      {errorOf(id) && (
        <p class="ds-validation-message" data-color="danger" id={`${id}-error`}>
          {errorOf(id)}
        </p>
      )}
      <input
        class="ds-input"
        type="password"
        id={id}
        name={id}
        autocomplete={autocomplete}
        aria-invalid={errorOf(id) ? 'true' : undefined}
        aria-describedby={errorOf(id) ? `${id}-error` : undefined}
      />
    </div>
  );
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
      {ctx.session!.mustChangePassword && (
        <div class="ds-alert" data-color="warning">
          <p class="ds-paragraph">{t.mustChange}</p>
        </div>
      )}
      <p class="ds-paragraph">{t.intro}</p>
      <form class="rr-form" method="post" action="/app/password" novalidate>
        <input type="hidden" name="_csrf" value={ctx.session!.csrf} />
        {field('currentPassword', t.current, 'current-password')}
        {field('newPassword', t.new, 'new-password')}
        {field('newPasswordRepeat', t.repeat, 'new-password')}
        <div class="rr-actions">
          <button class="ds-button" data-variant="primary" type="submit">
            {t.submit}
          </button>
        </div>
      </form>
    </Layout>,
  );
}
