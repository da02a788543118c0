/** The sign-in page: email and password, the errors beside each field and in a summary at the top. */
import type { ComponentChildren } from 'preact';
import { renderDocument } from '../common/page-render';
import { ErrorSummary, Layout } from '../web/layout';
import type { PageContext } from '../web/web-pages';

export interface SignInForm {
  email: string;
  csrf: string;
  next?: string;
  errors: { field: 'email' | 'password'; message: string }[];
}

export function signInPage(ctx: PageContext, form: SignInForm): string {
  const { m } = ctx;
  const t = m.signInPage;
  const errorOf = (field: 'email' | 'password') => form.errors.find((e) => e.field === field)?.message;
  return renderDocument(
    <Layout ctx={ctx} title={t.title} hasErrors={form.errors.length > 0}>
      <ErrorSummary heading={t.errorSummary} errors={form.errors.map((e) => ({ message: e.message, href: `#${e.field}` }))} />
      <h1 class="ds-heading" data-size="lg">
        {t.title}
      </h1>
      <p class="ds-paragraph">{t.intro}</p>
      <form class="rr-form" method="post" action="/login" novalidate>
        <input type="hidden" name="_csrf" value={form.csrf} />
        <input type="hidden" name="lang" value={ctx.language} />
        {form.next && <input type="hidden" name="next" value={form.next} />}
        <Field id="email" label={t.email} error={errorOf('email')}>
          <input
            class="ds-input"
            type="email"
            id="email"
            name="email"
            autocomplete="username"
            value={form.email}
            aria-invalid={errorOf('email') ? 'true' : undefined}
            aria-describedby={errorOf('email') ? 'email-error' : undefined}
          />
        </Field>
        <Field id="password" label={t.password} error={errorOf('password')}>
          <input
            class="ds-input"
            type="password"
            id="password"
            name="password"
            autocomplete="current-password"
            aria-invalid={errorOf('password') ? 'true' : undefined}
            aria-describedby={errorOf('password') ? 'password-error' : undefined}
          />
        </Field>
        <div class="rr-actions">
          <button class="ds-button" data-variant="primary" type="submit">
            {t.submit}
          </button>
        </div>
      </form>
    </Layout>,
  );
}

function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: ComponentChildren }) {
  return (
    <div class="ds-field">
      <label class="ds-label" htmlFor={id}>
        {label}
      </label>
      {error && (
        <p class="ds-validation-message" data-color="danger" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}
