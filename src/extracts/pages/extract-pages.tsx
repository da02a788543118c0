/**
 * Researchers' pages (the variable catalogue, applying for an extract, its status and files) and the
 * administrators' decisions on the requests.
 */
import { fill, renderDocument } from '../../common/page-render';
import { CheckboxGroup, type PageFieldError, PostForm, SubmitButton, summaryOf, TextField } from '../../web/form-fields';
import { ErrorSummary, Layout } from '../../web/layout';
import type { WebMessages } from '../../web/messages';
import type { PageContext } from '../../web/web-pages';
import type { ExtractRequestDto, ExtractVariableCatalogueDto } from '../dto/extract-request.dto';

export function variablesPage(ctx: PageContext, catalogue: ExtractVariableCatalogueDto): string {
  const { m } = ctx;
  const t = m.research.variables;
  return renderDocument(
    <Layout ctx={ctx} title={t.title} breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}>
      <h1 class="ds-heading" data-size="lg">
        {t.title}
      </h1>
      <p class="ds-paragraph">{t.intro}</p>
      <p class="ds-paragraph">
        <a class="ds-link" href="/app/research/extracts/new">
          {m.research.extracts.apply}
        </a>
      </p>
      <div class="rr-scroll">
        <table class="ds-table" data-border>
          <caption class="ds-sr-only">{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.type}</th>
              <th scope="col">{t.description}</th>
              <th scope="col">{t.values}</th>
            </tr>
          </thead>
          <tbody>
            {catalogue.variables.map((v) => (
              <tr>
                <th scope="row">
                  <code>{v.name}</code>
                </th>
                <td>{v.unit ? `${v.type} (${v.unit})` : v.type}</td>
                <td>{v.description}</td>
                <td>{v.allowedValues?.join(', ') ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  );
}

function RequestTable({ m, requests, base, caption }: { m: WebMessages; requests: ExtractRequestDto[]; base: string; caption: string }) {
  const t = m.research.extracts;
  return (
    <div class="rr-scroll">
      <table class="ds-table" data-border>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.projectTitle}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.created}</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr>
              <th scope="row">
                <a class="ds-link" href={`${base}/${r.id}`}>
                  {r.title}
                </a>
              </th>
              <td>{t.statuses[r.status]}</td>
              <td>{r.createdAt.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function extractListPage(ctx: PageContext, requests: ExtractRequestDto[], admin: boolean): string {
  const { m } = ctx;
  const t = m.research.extracts;
  const title = admin ? m.research.decisions.title : t.title;
  return renderDocument(
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      {!admin && (
        <p class="ds-paragraph">
          <a class="ds-link" href="/app/research/extracts/new">
            {t.apply}
          </a>
        </p>
      )}
      {requests.length === 0 ? (
        <p class="ds-paragraph">{t.none}</p>
      ) : (
        <RequestTable
          m={m}
          requests={requests}
          base={admin ? '/app/admin/extracts' : '/app/research/extracts'}
          caption={admin ? title : t.caption}
        />
      )}
    </Layout>,
  );
}

export type ApplyForm = Partial<Record<'title' | 'purpose' | 'legalBasis' | 'ethicsReference' | 'periodFrom' | 'periodTo', string>> & {
  variables: string[];
};

export function applyPage(
  ctx: PageContext,
  view: { catalogue: ExtractVariableCatalogueDto; form: ApplyForm; errors: PageFieldError[] },
): string {
  const { m } = ctx;
  const t = m.research.extracts;
  const { form, errors } = view;
  return renderDocument(
    <Layout
      ctx={ctx}
      title={t.applyTitle}
      hasErrors={errors.length > 0}
      breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title, href: '/app/research/extracts' }, { label: t.applyTitle }]}
    >
      <ErrorSummary heading={m.admin.errorSummary} errors={summaryOf(errors)} />
      <h1 class="ds-heading" data-size="lg">
        {t.applyTitle}
      </h1>
      <PostForm action="/app/research/extracts" csrf={ctx.session!.csrf}>
        <TextField id="title" label={t.projectTitle} value={form.title} errors={errors} />
        <TextField id="purpose" label={t.purpose} value={form.purpose} errors={errors} multiline />
        <TextField id="legalBasis" label={t.legalBasis} hint={t.legalBasisHint} value={form.legalBasis} errors={errors} />
        <TextField id="ethicsReference" label={t.ethicsReference} hint={t.ethicsHint} value={form.ethicsReference} errors={errors} />
        <TextField id="periodFrom" type="date" label={t.periodFrom} value={form.periodFrom} errors={errors} />
        <TextField id="periodTo" type="date" label={t.periodTo} value={form.periodTo} errors={errors} />
        <CheckboxGroup
          name="variables"
          legend={t.variables}
          hint={t.variablesHint}
          options={view.catalogue.variables.map((v) => ({ value: v.name, label: `${v.name}: ${v.description}` }))}
          checked={form.variables}
          errors={errors}
        />
        <SubmitButton>{t.submit}</SubmitButton>
      </PostForm>
    </Layout>,
  );
}

/** A section with the note and one submit button per decision, posted to the request's decision route. */
function DecisionForm(props: {
  ctx: PageContext;
  view: { request: ExtractRequestDto; note?: string; errors: PageFieldError[] };
  id: string;
  heading: string;
  intro?: string;
  noteLabel: string;
  buttons: { decision: string; label: string; primary?: boolean }[];
}) {
  const { ctx, view } = props;
  return (
    <section aria-labelledby={props.id}>
      <h2 class="ds-heading" data-size="md" id={props.id}>
        {props.heading}
      </h2>
      {props.intro && <p class="ds-paragraph">{props.intro}</p>}
      <PostForm action={`/app/admin/extracts/${view.request.id}/decision`} csrf={ctx.session!.csrf}>
        <TextField
          id="note"
          label={props.noteLabel}
          hint={ctx.m.research.decisions.noteHint}
          value={view.note}
          errors={view.errors}
          multiline
        />
        <div class="rr-actions">
          {props.buttons.map((b) => (
            <button class="ds-button" data-variant={b.primary ? 'primary' : 'secondary'} type="submit" name="decision" value={b.decision}>
              {b.label}
            </button>
          ))}
        </div>
      </PostForm>
    </section>
  );
}

/** An approved extract the administrator may still revoke or rebuild (ExtractRequestService.revoke/rebuild). */
const ACTIVE_STATUSES: readonly ExtractRequestDto['status'][] = ['approved', 'building', 'ready', 'failed'];

/** One request: its facts, the decision, the files (researcher) or the decision form (administrator), and its history. */
export function extractPage(
  ctx: PageContext,
  view: { request: ExtractRequestDto; admin: boolean; note?: string; errors: PageFieldError[] },
): string {
  const { m } = ctx;
  const t = m.research.extracts;
  const d = m.research.decisions;
  const { request, admin, errors } = view;
  const list = admin ? { label: d.title, href: '/app/admin/extracts' } : { label: t.title, href: '/app/research/extracts' };
  return renderDocument(
    <Layout
      ctx={ctx}
      title={request.title}
      hasErrors={errors.length > 0}
      breadcrumbs={[{ label: m.nav.start, href: '/app' }, list, { label: request.title }]}
    >
      <ErrorSummary heading={m.admin.errorSummary} errors={summaryOf(errors)} />
      <h1 class="ds-heading" data-size="lg">
        {request.title}
      </h1>
      <dl class="rr-facts">
        <dt>{t.status}</dt>
        <dd>{t.statuses[request.status]}</dd>
        <dt>{t.created}</dt>
        <dd>{request.createdAt.slice(0, 10)}</dd>
        <dt>{t.purpose}</dt>
        <dd>{request.purpose}</dd>
        {request.legalBasis && (
          <>
            <dt>{t.legalBasis}</dt>
            <dd>{request.legalBasis}</dd>
          </>
        )}
        <dt>{t.ethicsReference}</dt>
        <dd>{request.ethicsReference}</dd>
        <dt>{t.periodFrom}</dt>
        <dd>{request.periodFrom}</dd>
        <dt>{t.periodTo}</dt>
        <dd>{request.periodTo}</dd>
        <dt>{t.variables}</dt>
        <dd>{request.variables.join(', ')}</dd>
        {request.decisionNote && (
          <>
            <dt>{t.decisionNote}</dt>
            <dd>{request.decisionNote}</dd>
          </>
        )}
        {request.rowCount !== null && (
          <>
            <dt>{t.rows}</dt>
            <dd>{request.rowCount}</dd>
            <dt>{t.patients}</dt>
            <dd>{request.patientCount}</dd>
          </>
        )}
        {request.expiresAt && (
          <>
            <dt>{t.expiresAt}</dt>
            <dd>{request.expiresAt.slice(0, 10)}</dd>
          </>
        )}
      </dl>
      {admin && request.status === 'submitted' && (
        <DecisionForm
          ctx={ctx}
          view={view}
          id="decide"
          heading={d.heading}
          noteLabel={d.note}
          buttons={[
            { decision: 'approve', label: d.approve, primary: true },
            { decision: 'reject', label: d.reject },
          ]}
        />
      )}
      {admin && ACTIVE_STATUSES.includes(request.status) && (
        <DecisionForm
          ctx={ctx}
          view={view}
          id="change"
          heading={d.changeHeading}
          intro={d.changeIntro}
          noteLabel={d.changeNote}
          buttons={[
            { decision: 'rebuild', label: d.rebuild },
            { decision: 'revoke', label: d.revoke },
          ]}
        />
      )}
      {!admin && (
        <section aria-labelledby="files">
          <h2 class="ds-heading" data-size="md" id="files">
            {t.files}
          </h2>
          {request.files.length === 0 ? (
            <p class="ds-paragraph">{t.noFiles}</p>
          ) : (
            <ul class="ds-list">
              {request.files.map((f) => (
                <li>
                  <a class="ds-link" href={`/app/research/extracts/${request.id}/files/${encodeURIComponent(f.name)}`} download>
                    {fill(t.download, { name: f.name })}
                  </a>{' '}
                  ({f.bytes} B)
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby="history">
        <h2 class="ds-heading" data-size="md" id="history">
          {t.history}
        </h2>
        <ul class="ds-list">
          {request.history.map((e) => (
            <li>
              {e.at.slice(0, 16).replace('T', ' ')}: {e.action}
              {e.note ? ` (${e.note})` : ''}
            </li>
          ))}
        </ul>
      </section>
    </Layout>,
  );
}
