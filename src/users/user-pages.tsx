/** Administrators' pages of users and their memberships (/app/admin/users). */
import type { UserRole } from '../auth/principal';
import { fill, renderDocument } from '../common/page-render';
import type { InstitutionDto } from '../institutions/dto/institution.dto';
import { CheckboxGroup, type PageFieldError, PostForm, SelectField, SubmitButton, summaryOf, TextField } from '../web/form-fields';
import { ErrorSummary, Layout } from '../web/layout';
import type { WebMessages } from '../web/messages';
import type { PageContext } from '../web/web-pages';
import { USER_ROLES, type UserDto } from './dto/user.dto';

export interface UserForm {
  email?: string;
  role?: string;
  institutionIds: string[];
  active?: boolean;
}

function roleOptions(m: WebMessages) {
  return USER_ROLES.map((role: UserRole) => ({ value: role, label: m.roles[role] }));
}

function institutionOptions(institutions: InstitutionDto[]) {
  return institutions.map((i) => ({ value: i.id, label: i.active ? i.name : `${i.name} (–)` }));
}

export function userListPage(
  ctx: PageContext,
  view: { users: UserDto[]; institutions: InstitutionDto[]; form: UserForm; errors: PageFieldError[] },
): string {
  const { m } = ctx;
  const t = m.admin.users;
  const names = new Map(view.institutions.map((i) => [i.id, i.name]));
  return renderDocument(
    <Layout
      ctx={ctx}
      title={t.title}
      hasErrors={view.errors.length > 0}
      breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}
    >
      <ErrorSummary heading={m.admin.errorSummary} errors={summaryOf(view.errors)} />
      <h1 class="ds-heading" data-size="lg">
        {t.title}
      </h1>
      <div class="rr-scroll">
        <table class="ds-table" data-border>
          <caption>{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.email}</th>
              <th scope="col">{t.role}</th>
              <th scope="col">{t.institutions}</th>
              <th scope="col">{m.admin.status}</th>
            </tr>
          </thead>
          <tbody>
            {view.users.map((user) => (
              <tr>
                <th scope="row">
                  <a class="ds-link" href={`/app/admin/users/${user.id}`}>
                    {user.email}
                  </a>
                </th>
                <td>{m.roles[user.role]}</td>
                <td>
                  {user.institutionIds
                    .map((id) => `${names.get(id) ?? id}${user.dataManagerInstitutionIds.includes(id) ? ` (${t.dataManager})` : ''}`)
                    .join(', ')}
                </td>
                <td>{user.active ? m.admin.active : m.admin.inactive}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="create-user">
        <h2 class="ds-heading" data-size="md" id="create-user">
          {t.createTitle}
        </h2>
        <PostForm action="/app/admin/users" csrf={ctx.session!.csrf}>
          <TextField id="email" type="email" label={t.email} value={view.form.email} errors={view.errors} />
          <TextField
            id="password"
            type="password"
            label={t.password}
            hint={t.passwordHint}
            errors={view.errors}
            autocomplete="new-password"
          />
          <SelectField id="role" label={t.role} value={view.form.role ?? 'staff'} options={roleOptions(m)} errors={view.errors} />
          <CheckboxGroup
            name="institutionIds"
            legend={t.institutions}
            hint={t.institutionsHint}
            options={institutionOptions(view.institutions)}
            checked={view.form.institutionIds}
            errors={view.errors}
          />
          <SubmitButton>{t.create}</SubmitButton>
        </PostForm>
      </section>
    </Layout>,
  );
}

export function userPage(
  ctx: PageContext,
  view: { user: UserDto; institutions: InstitutionDto[]; form: UserForm; errors: PageFieldError[] },
): string {
  const { m } = ctx;
  const t = m.admin.users;
  const { user } = view;
  const base = `/app/admin/users/${user.id}`;
  const csrf = ctx.session!.csrf;
  const names = new Map(view.institutions.map((i) => [i.id, i.name]));
  return renderDocument(
    <Layout
      ctx={ctx}
      title={user.email}
      hasErrors={view.errors.length > 0}
      breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title, href: '/app/admin/users' }, { label: user.email }]}
    >
      <ErrorSummary heading={m.admin.errorSummary} errors={summaryOf(view.errors)} />
      <h1 class="ds-heading" data-size="lg">
        {user.email}
      </h1>
      <dl class="rr-facts">
        <dt>{t.role}</dt>
        <dd>{m.roles[user.role]}</dd>
        <dt>{m.admin.status}</dt>
        <dd>{user.active ? m.admin.active : m.admin.inactive}</dd>
        <dt>{m.admin.created}</dt>
        <dd>{user.createdAt.slice(0, 10)}</dd>
      </dl>
      <section aria-labelledby="edit-user">
        <h2 class="ds-heading" data-size="md" id="edit-user">
          {t.editTitle}
        </h2>
        <PostForm action={base} csrf={csrf}>
          <SelectField id="role" label={t.role} value={view.form.role ?? user.role} options={roleOptions(m)} errors={view.errors} />
          <CheckboxGroup
            name="institutionIds"
            legend={t.institutions}
            hint={t.institutionsHint}
            options={institutionOptions(view.institutions)}
            checked={view.form.institutionIds}
            errors={view.errors}
          />
          <SelectField
            id="active"
            label={m.admin.status}
            value={String(view.form.active ?? user.active)}
            options={[
              { value: 'true', label: t.activate },
              { value: 'false', label: t.deactivate },
            ]}
            errors={view.errors}
          />
          <SubmitButton>{m.admin.save}</SubmitButton>
        </PostForm>
      </section>
      {user.role === 'staff' && (
        <section aria-labelledby="data-manager">
          <h2 class="ds-heading" data-size="md" id="data-manager">
            {t.dataManager}
          </h2>
          <p class="ds-paragraph">{t.dataManagerHint}</p>
          <ul class="ds-list">
            {user.institutionIds.map((institutionId) => {
              const held = user.dataManagerInstitutionIds.includes(institutionId);
              const name = names.get(institutionId) ?? institutionId;
              return (
                <li>
                  <PostForm action={`${base}/data-manager`} csrf={csrf} inline>
                    <input type="hidden" name="institutionId" value={institutionId} />
                    <input type="hidden" name="held" value={held ? 'false' : 'true'} />
                    <button class="ds-button" data-variant="secondary" data-size="sm" type="submit">
                      {fill(held ? t.removeDataManager : t.grantDataManager, { institution: name })}
                    </button>
                  </PostForm>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <section aria-labelledby="reset-password">
        <h2 class="ds-heading" data-size="md" id="reset-password">
          {t.resetTitle}
        </h2>
        {user.mustChangePassword && <p class="ds-paragraph">{t.mustChangeNotice}</p>}
        <PostForm action={`${base}/password`} csrf={csrf}>
          <TextField
            id="password"
            type="password"
            label={t.password}
            hint={t.passwordHint}
            errors={view.errors}
            autocomplete="new-password"
          />
          <SubmitButton variant="secondary">{t.resetPassword}</SubmitButton>
        </PostForm>
      </section>
      <section aria-labelledby="sessions">
        <h2 class="ds-heading" data-size="md" id="sessions">
          {t.sessionsTitle}
        </h2>
        <p class="ds-paragraph">{t.sessionsHint}</p>
        <PostForm action={`${base}/sessions/end`} csrf={csrf}>
          <SubmitButton variant="secondary">{t.endSessions}</SubmitButton>
        </PostForm>
      </section>
    </Layout>,
  );
}
