/** Administrators' pages of institutions and their units (/app/admin/institutions). */
import { renderDocument } from '../common/page-render';
import { type PageFieldError, PostForm, SelectField, SubmitButton, TextField } from '../web/form-fields';
import { AdminPage, RecordTable, Section } from '../web/admin-page';
import type { PageContext } from '../web/web-pages';
import type { InstitutionDto, UnitDto } from './dto/institution.dto';
import { INSTITUTION_KINDS, REGIONS } from './institution.entity';

export type InstitutionForm = Partial<Record<'name' | 'orgNumber' | 'kind' | 'region', string>>;

export function institutionListPage(
  ctx: PageContext,
  view: { institutions: InstitutionDto[]; form: InstitutionForm; errors: PageFieldError[] },
): string {
  const { m } = ctx;
  const t = m.admin.institutions;
  return renderDocument(
    <AdminPage ctx={ctx} title={t.title} errors={view.errors} breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}>
      <RecordTable
        caption={t.caption}
        columns={[t.name, t.orgNumber, t.kind, t.region, m.admin.status]}
        records={view.institutions}
        none={m.admin.none}
        row={(i) => (
          <tr>
            <th scope="row">
              <a class="ds-link" href={`/app/admin/institutions/${i.id}`}>
                {i.name}
              </a>
            </th>
            <td>{i.orgNumber}</td>
            <td>{t.kinds[i.kind]}</td>
            <td>{t.regions[i.region]}</td>
            <td>{i.active ? m.admin.active : m.admin.inactive}</td>
          </tr>
        )}
      />
      <Section id="create-institution" title={t.createTitle}>
        <PostForm action="/app/admin/institutions" csrf={ctx.session!.csrf}>
          <TextField id="name" label={t.name} value={view.form.name} errors={view.errors} autocomplete="organization" />
          <TextField
            id="orgNumber"
            label={t.orgNumber}
            hint={t.orgNumberHint}
            value={view.form.orgNumber}
            errors={view.errors}
            inputMode="numeric"
          />
          <SelectField
            id="kind"
            label={t.kind}
            value={view.form.kind}
            errors={view.errors}
            options={INSTITUTION_KINDS.map((k) => ({ value: k, label: t.kinds[k] }))}
          />
          <SelectField
            id="region"
            label={t.region}
            value={view.form.region}
            errors={view.errors}
            options={REGIONS.map((r) => ({ value: r, label: t.regions[r] }))}
          />
          <SubmitButton>{t.create}</SubmitButton>
        </PostForm>
      </Section>
    </AdminPage>,
  );
}

export function institutionPage(
  ctx: PageContext,
  view: { institution: InstitutionDto; units: UnitDto[]; unitName?: string; errors: PageFieldError[] },
): string {
  const { m } = ctx;
  const t = m.admin.institutions;
  const { institution } = view;
  const base = `/app/admin/institutions/${institution.id}`;
  return renderDocument(
    <AdminPage
      ctx={ctx}
      title={institution.name}
      errors={view.errors}
      breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title, href: '/app/admin/institutions' }, { label: institution.name }]}
    >
      <dl class="rr-facts">
        <dt>{t.orgNumber}</dt>
        <dd>{institution.orgNumber}</dd>
        <dt>{t.kind}</dt>
        <dd>{t.kinds[institution.kind]}</dd>
        <dt>{t.region}</dt>
        <dd>{t.regions[institution.region]}</dd>
        <dt>{m.admin.status}</dt>
        <dd>{institution.active ? m.admin.active : m.admin.inactive}</dd>
        <dt>{m.admin.created}</dt>
        <dd>{institution.createdAt.slice(0, 10)}</dd>
      </dl>
      <p class="ds-paragraph">
        <a class="ds-link" href={`${base}/api-keys`}>
          {t.apiKeysLink}
        </a>
      </p>
      <PostForm action={`${base}/active`} csrf={ctx.session!.csrf}>
        <input type="hidden" name="active" value={institution.active ? 'false' : 'true'} />
        <SubmitButton variant="secondary">{institution.active ? t.deactivate : t.activate}</SubmitButton>
      </PostForm>
      <Section id="units" title={t.units}>
        {view.units.length === 0 ? (
          <p class="ds-paragraph">{m.admin.none}</p>
        ) : (
          <ul class="ds-list">
            {view.units.map((u) => (
              <li>{u.active ? u.name : `${u.name} (${m.admin.inactive})`}</li>
            ))}
          </ul>
        )}
        <PostForm action={`${base}/units`} csrf={ctx.session!.csrf}>
          <TextField id="unitName" label={t.unitName} value={view.unitName} errors={view.errors} />
          <SubmitButton>{t.addUnit}</SubmitButton>
        </PostForm>
      </Section>
    </AdminPage>,
  );
}
