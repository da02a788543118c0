/** Administrators' pages of users and their memberships (/app/admin/users). */
import type { UserRole } from '../auth/principal';
import { fill, renderDocument } from '../common/page-render';
import type { InstitutionDto } from '../institutions/dto/institution.dto';
import { CheckboxGroup, type PageFieldError, PostForm, SelectField, SubmitButton, TextField } from '../web/form-fields';
import { AdminPage, RecordTable, Section } from '../web/admin-page';
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
    <AdminPage ctx={ctx} title={t.title} errors={view.errors} breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}>
      <RecordTable
        caption={t.caption}
        columns={[t.email, t.role, t.institutions, m.admin.status]}
        records={view.users}
        row={(user) => (
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
        )}
      />
      <Section id="create-user" title={t.createTitle}>
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
      </Section>
    </AdminPage>,
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
    <AdminPage
      ctx={ctx}
      title={user.email}
      errors={view.errors}
      breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title, href: '/app/admin/users' }, { label: user.email }]}
    >
      <dl class="rr-facts">
        <dt>{t.role}</dt>
        <dd>{m.roles[user.role]}</dd>
        <dt>{m.admin.status}</dt>
        <dd>{user.active ? m.admin.active : m.admin.inactive}</dd>
        <dt>{m.admin.created}</dt>
        <dd>{user.createdAt.slice(0, 10)}</dd>
      </dl>
      <Section id="edit-user" title={t.editTitle}>
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
      </Section>
      {user.role === 'staff' && (
        <Section id="data-manager" title={t.dataManager}>
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
        </Section>
      )}
      <Section id="reset-password" title={t.resetTitle}>
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
      </Section>
      <Section id="sessions" title={t.sessionsTitle}>
        <p class="ds-paragraph">{t.sessionsHint}</p>
        <PostForm action={`${base}/sessions/end`} csrf={csrf}>
          <SubmitButton variant="secondary">{t.endSessions}</SubmitButton>
        </PostForm>
      </Section>
    </AdminPage>,
  );
}
