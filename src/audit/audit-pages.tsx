/** The administrators' audit log page: filters, a page of events, older pages, and verifying the chain. */
import { fill, renderDocument } from '../common/page-render';
import type { InstitutionDto } from '../institutions/dto/institution.dto';
import { type PageFieldError, PostForm, SelectField, SubmitButton, TextField } from '../web/form-fields';
import { AdminPage, RecordTable, Section } from '../web/admin-page';
import { Pager } from '../web/pager';
import type { PageContext } from '../web/web-pages';
import type { AuditVerification } from './audit-verifier';
import type { AuditEventPageDto } from './dto/audit-event.dto';

export const AUDIT_FILTERS = ['actorId', 'institutionId', 'action', 'from', 'to'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;

/** This list's address with the filters and, for an older page, where it starts. */
function listHref(filters: AuditFilters, cursor?: string): string {
  const query = new URLSearchParams();
  for (const key of AUDIT_FILTERS) if (filters[key]) query.set(key, filters[key]);
  if (cursor) query.set('cursor', cursor);
  const text = query.toString();
  return text ? `/app/admin/audit?${text}` : '/app/admin/audit';
}

export function auditPage(
  ctx: PageContext,
  view: {
    filters: AuditFilters;
    institutions: InstitutionDto[];
    page?: AuditEventPageDto;
    /** Whether this is an older page (then the list links back to the newest). */
    later?: boolean;
    errors: PageFieldError[];
    verification?: AuditVerification;
  },
): string {
  const { m } = ctx;
  const t = m.admin.audit;
  const { filters, errors } = view;
  const names = new Map(view.institutions.map((i) => [i.id, i.name]));
  return renderDocument(
    <AdminPage ctx={ctx} title={t.title} errors={errors} breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}>
      <Section id="verify" title={t.verifyTitle}>
        {view.verification && <Verification ctx={ctx} verification={view.verification} />}
        <p class="ds-paragraph">{t.verifyIntro}</p>
        <PostForm action="/app/admin/audit/verify" csrf={ctx.session!.csrf}>
          <SubmitButton variant="secondary">{t.verify}</SubmitButton>
        </PostForm>
      </Section>
      <form class="rr-form" method="get" action="/app/admin/audit" aria-labelledby="filters" novalidate>
        <h2 class="ds-heading" data-size="md" id="filters">
          {t.filters}
        </h2>
        <div class="rr-filters">
          <TextField id="actorId" label={t.actorId} value={filters.actorId} errors={errors} />
          <SelectField
            id="institutionId"
            label={t.institution}
            value={filters.institutionId}
            emptyLabel={t.anyInstitution}
            options={view.institutions.map((i) => ({ value: i.id, label: i.name }))}
            errors={errors}
          />
          <TextField id="action" label={t.action} hint={t.actionHint} value={filters.action} errors={errors} />
          <TextField id="from" type="date" label={t.from} value={filters.from} errors={errors} />
          <TextField id="to" type="date" label={t.to} value={filters.to} errors={errors} />
          <SubmitButton>{t.apply}</SubmitButton>
        </div>
      </form>
      {errors.some((e) => e.field === 'newest') && (
        <p class="ds-paragraph">
          <a class="ds-link" id="newest" href={listHref(filters)}>
            {t.newest}
          </a>
        </p>
      )}
      {view.page && (
        <Section id="events" title={t.caption}>
          <p class="ds-paragraph">{fill(view.page.countIsExact ? t.count : t.countMore, { total: view.page.count })}</p>
          <RecordTable
            caption={t.caption}
            captionHidden
            columns={[t.occurredAt, t.action, t.actor, t.institution, t.objects, t.rows]}
            records={view.page.items}
            none={t.none}
            row={(e) => (
              <tr>
                <td>{e.occurredAt.slice(0, 19).replace('T', ' ')}</td>
                <th scope="row">{e.action}</th>
                <td>{e.actorId ? `${e.actorType} ${e.actorId}` : e.actorType}</td>
                <td>{e.institutionId ? (names.get(e.institutionId) ?? e.institutionId) : ''}</td>
                <td>
                  {e.objectIds.length
                    ? `${e.objectType} ${e.objectIds.slice(0, 3).join(', ')}${e.objectIds.length > 3 ? ' …' : ''}`
                    : e.objectType}
                </td>
                <td>{e.rowCount}</td>
              </tr>
            )}
          />
          <Pager
            label={t.caption}
            first={
              view.later && (view.page.prevCursor || !view.page.items.length) ? { href: listHref(filters), label: t.newest } : undefined
            }
            previous={view.page.prevCursor ? { href: listHref(filters, view.page.prevCursor), label: t.newer } : undefined}
            next={view.page.nextCursor ? { href: listHref(filters, view.page.nextCursor), label: t.older } : undefined}
          />
        </Section>
      )}
    </AdminPage>,
  );
}

function Verification({ ctx, verification }: { ctx: PageContext; verification: AuditVerification }) {
  const t = ctx.m.admin.audit;
  return (
    <div class="ds-alert" data-color={verification.ok ? 'success' : 'danger'} role="status">
      <p class="ds-paragraph">{verification.ok ? t.verifyOk : t.verifyBroken}</p>
      <dl class="rr-facts">
        <dt>{t.checked}</dt>
        <dd>{verification.checked}</dd>
        <dt>{t.unsealed}</dt>
        <dd>{verification.unsealed}</dd>
        <dt>{t.checkpoints}</dt>
        <dd>{verification.checkpoints}</dd>
        <dt>{t.problems}</dt>
        <dd>{verification.problems.length}</dd>
      </dl>
      {verification.problems.length > 0 && (
        <ul class="ds-list">
          {verification.problems.slice(0, 50).map((p) => (
            <li>{fill('{kind}: {detail}', { kind: p.kind, detail: p.detail })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
