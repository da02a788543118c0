/** The page where a member of several institutions chooses the one they work in (after sign-in, or from the header). */
import { renderDocument } from '../common/page-render';
import { Layout } from '../web/layout';
import type { PageContext } from '../web/web-pages';

export function institutionChoicePage(ctx: PageContext, view: { next?: string; error?: 'missing' | 'notMember' }): string {
  const { m } = ctx;
  const t = m.institutionChoice;
  const session = ctx.session!;
  const current = session.institution?.id ?? session.memberships[0]?.id;
  return renderDocument(
    <Layout
      ctx={ctx}
      title={t.title}
      hasErrors={Boolean(view.error)}
      breadcrumbs={[{ label: m.nav.start, href: '/app' }, { label: t.title }]}
    >
      {view.error && (
        <div class="ds-alert" data-color="danger" role="alert">
          <h2 class="ds-heading" data-size="xs">
            {t.notChosenHeading}
          </h2>
          <p class="ds-paragraph">{t[view.error]}</p>
        </div>
      )}
      <h1 class="ds-heading" data-size="lg">
        {t.title}
      </h1>
      <p class="ds-paragraph">{t.intro}</p>
      <form class="rr-form" method="post" action="/app/institution">
        <input type="hidden" name="_csrf" value={session.csrf} />
        {view.next && <input type="hidden" name="next" value={view.next} />}
        <fieldset class="ds-fieldset">
          <legend class="ds-label">{t.legend}</legend>
          {session.memberships.map((institution) => (
            <div class="ds-field">
              <input
                class="ds-input"
                type="radio"
                id={`institution-${institution.id}`}
                name="institutionId"
                value={institution.id}
                checked={institution.id === current}
              />
              <label class="ds-label" data-weight="regular" htmlFor={`institution-${institution.id}`}>
                {institution.name}
                {institution.id === session.institution?.id && ` ${t.current}`}
              </label>
            </div>
          ))}
        </fieldset>
        <div class="rr-actions">
          <button class="ds-button" data-variant="primary" type="submit">
            {t.submit}
          </button>
        </div>
      </form>
    </Layout>,
  );
}
