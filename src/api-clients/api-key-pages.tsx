/** The administrators' page of an institution's API keys: create (the key is shown once), list, revoke. */
import { fill, renderDocument } from '../common/page-render';
import type { InstitutionDto } from '../institutions/dto/institution.dto';
import { type PageFieldError, PostForm, SubmitButton, TextField } from '../web/form-fields';
import { AdminPage, RecordTable, Section } from '../web/admin-page';
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
    <AdminPage
      ctx={ctx}
      title={title}
      errors={view.errors}
      breadcrumbs={[
        { label: m.nav.start, href: '/app' },
        { label: m.admin.institutions.title, href: '/app/admin/institutions' },
        { label: institution.name, href: base },
        { label: title },
      ]}
    >
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
      <RecordTable
        caption={t.caption}
        columns={[t.name, t.prefix, m.admin.created, m.admin.status]}
        records={view.keys}
        none={m.admin.none}
        row={(key) => (
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
                  <button class="ds-button" data-variant="secondary" data-size="sm" type="submit" aria-label={`${t.revoke}: ${key.name}`}>
                    {t.revoke}
                  </button>
                </PostForm>
              )}
            </td>
          </tr>
        )}
      />
      <Section id="create-key" title={t.create}>
        <PostForm action={`${base}/api-keys`} csrf={ctx.session!.csrf}>
          <TextField id="name" label={t.name} hint={t.nameHint} value={view.name} errors={view.errors} />
          <SubmitButton>{t.create}</SubmitButton>
        </PostForm>
      </Section>
    </AdminPage>,
  );
}
