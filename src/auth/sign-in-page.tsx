/** The sign-in page: email and password, the errors beside each field and in a summary at the top. */
import type { ComponentChildren } from 'preact';
import { renderDocument } from '../common/page-render';
import { ErrorSummary, Layout } from '../web/layout';
import type { PageContext } from '../web/web-pages';
import type { OidcFailure } from './oidc-client';

export interface SignInForm {
  email: string;
  csrf: string;
  next?: string;
  errors: { field: 'email' | 'password'; message: string }[];
  /** Sign-in at an external OpenID Connect provider, when configured: its name, and why the last attempt failed. */
  external?: { name: string; failure?: OidcFailure };
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
      {form.external?.failure && <ExternalFailure ctx={ctx} name={form.external.name} failure={form.external.failure} />}
      {form.external ? <ExternalSignIn ctx={ctx} name={form.external.name} next={form.next} /> : <p class="ds-paragraph">{t.intro}</p>}
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

function ExternalSignIn({ ctx, name, next }: { ctx: PageContext; name: string; next?: string }) {
  const t = ctx.m.signInPage;
  const href = `/login/oidc${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  return (
    <>
      <p class="ds-paragraph">
        <a class="ds-button" data-variant="primary" href={href}>
          {t.external.replace('{name}', name)}
        </a>
      </p>
      <p class="ds-paragraph">{t.orPassword}</p>
    </>
  );
}

function ExternalFailure({ ctx, name, failure }: { ctx: PageContext; name: string; failure: OidcFailure }) {
  const t = ctx.m.signInPage;
  return (
    <div class="ds-alert" data-color="danger" role="alert">
      <h2 class="ds-heading" data-size="xs">
        {t.externalFailedHeading}
      </h2>
      <p class="ds-paragraph">{t.externalFailed[failure].replace('{name}', name)}</p>
    </div>
  );
}
