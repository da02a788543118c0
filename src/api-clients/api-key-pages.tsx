/** The administrators' page of an institution's API keys: create (the key is shown once), list, revoke. */
import { fill, renderDocument } from '../common/page-render';
import type { InstitutionDto } from '../institutions/dto/institution.dto';
import { type PageFieldError, PostForm, SubmitButton, summaryOf, TextField } from '../web/form-fields';
import { ErrorSummary, Layout } from '../web/layout';
import type { PageContext } from '../web/web-pages';
import type { ApiKeyDto, CreatedApiKeyDto } from './dto/api-client.dto';

export function apiKeysPage(
  ctx: PageContext,
  view: { institution: InstitutionDto; keys: ApiKeyDto[]; created?: CreatedApiKeyDto; name?: string; errors: PageFieldError[] },
): string {
  const { m } = ctx;
  const t = m.admin.apiKeys;
  const { institution } = view;
  const base = `/app/admin/institutions/${institution.id}`;
  const title = fill(t.title, { institution: institution.name });
  return renderDocument(
    <Layout
      ctx={ctx}
      title={title}
      hasErrors={view.errors.length > 0}
      breadcrumbs={[
        { label: m.nav.start, href: '/app' },
        { label: m.admin.institutions.title, href: '/app/admin/institutions' },
        { label: institution.name, href: base },
        { label: title },
      ]}
    >
      <ErrorSummary heading={m.admin.errorSummary} errors={summaryOf(view.errors)} />
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      {view.created && (
        <div class="ds-alert" data-color="warning" role="status">
          <h2 class="ds-heading" data-size="xs">
            {t.createdTitle}: {view.created.name}
          </h2>
          <p class="ds-paragraph">{t.createdBody}</p>
          <p class="ds-paragraph">
            {t.key}:{' '}
            <code class="rr-secret" data-testid="api-key">
              {view.created.key}
            </code>
          </p>
        </div>
      )}
      <p class="ds-paragraph">{t.intro}</p>
      {view.keys.length === 0 ? (
        <p class="ds-paragraph">{m.admin.none}</p>
      ) : (
        <div class="rr-scroll">
          <table class="ds-table" data-border>
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.prefix}</th>
                <th scope="col">{m.admin.created}</th>
                <th scope="col">{m.admin.status}</th>
              </tr>
            </thead>
            <tbody>
              {view.keys.map((key) => (
                <tr>
                  <th scope="row">{key.name}</th>
                  <td>
                    <code>{`rr_${key.prefix}_…`}</code>
                  </td>
                  <td>{key.createdAt.slice(0, 10)}</td>
                  <td>
                    {key.revokedAt ? (
                      `${t.revokedAt} ${key.revokedAt.slice(0, 10)}`
                    ) : (
                      <PostForm action={`${base}/api-keys/${key.id}/revoke`} csrf={ctx.session!.csrf} inline>
                        <button
                          class="ds-button"
                          data-variant="secondary"
                          data-size="sm"
                          type="submit"
                          aria-label={`${t.revoke}: ${key.name}`}
                        >
                          {t.revoke}
                        </button>
                      </PostForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="create-key">
        <h2 class="ds-heading" data-size="md" id="create-key">
          {t.create}
        </h2>
        <PostForm action={`${base}/api-keys`} csrf={ctx.session!.csrf}>
          <TextField id="name" label={t.name} hint={t.nameHint} value={view.name} errors={view.errors} />
          <SubmitButton>{t.create}</SubmitButton>
        </PostForm>
      </section>
    </Layout>,
  );
}
