/**
 * The one layout of the web workspace: skip link, header with the user, their role and institution,
 * sign-out, the language switch, navigation by role, breadcrumbs, and the message after an action.
 * Public pages (sign-in, the front page, refusals without a session) get the same frame without the
 * user's parts.
 */
import type { ComponentChildren } from 'preact';
import { fill } from '../common/page-render';
import { LANGUAGES } from '../common/languages';
import { WEB_MESSAGES, type WebMessages, type WebRole } from './messages';
import type { PageContext } from './web-pages';

export interface Crumb {
  label: string;
  /** Absent for the page itself (the last crumb). */
  href?: string;
}

interface NavigationItem {
  href: string;
  label: (m: WebMessages) => string;
  /** Only for data managers of an institution (membership role data_manager). */
  dataManagers?: true;
}

/** Navigation by role: what each role can reach, named for what it leads to. Later pages add entries here. */
const NAVIGATION: Record<WebRole, NavigationItem[]> = {
  staff: [
    { href: '/app', label: (m) => m.nav.start },
    { href: '/app/episodes', label: (m) => m.nav.episodes },
    { href: '/app/results', label: (m) => m.nav.results },
    { href: '/app/withdrawals', label: (m) => m.staff.withdrawal.nav },
    { href: '/app/exports', label: (m) => m.staff.exports.nav, dataManagers: true },
  ],
  admin: [
    { href: '/app', label: (m) => m.nav.start },
    { href: '/app/admin/institutions', label: (m) => m.admin.nav.institutions },
    { href: '/app/admin/users', label: (m) => m.admin.nav.users },
    { href: '/app/admin/publishing', label: (m) => m.admin.nav.publishing },
    { href: '/app/admin/indicator-settings', label: (m) => m.admin.nav.settings },
    { href: '/app/admin/extracts', label: (m) => m.research.nav.adminExtracts },
    { href: '/app/admin/audit', label: (m) => m.admin.nav.audit },
  ],
  researcher: [
    { href: '/app', label: (m) => m.nav.start },
    { href: '/app/research/variables', label: (m) => m.research.nav.variables },
    { href: '/app/research/extracts', label: (m) => m.research.nav.extracts },
  ],
};

export function navigationFor(principal: { role: WebRole; dataManagerInstitutionIds: string[] }): NavigationItem[] {
  return NAVIGATION[principal.role].filter((item) => !item.dataManagers || principal.dataManagerInstitutionIds.length > 0);
}

interface LayoutProps {
  ctx: PageContext;
  title: string;
  /** Prefixes the document title with "Error:" (in the page's language) when the page shows errors. */
  hasErrors?: boolean;
  breadcrumbs?: Crumb[];
  children: ComponentChildren;
}

export function Layout({ ctx, title, hasErrors, breadcrumbs, children }: LayoutProps) {
  const { m } = ctx;
  return (
    <html lang={ctx.language} data-color-scheme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${hasErrors ? `${m.errorTitlePrefix}` : ''}${title} – ${m.appName}`}</title>
        <link rel="stylesheet" href={ctx.cssHref} />
      </head>
      <body>
        <a class="ds-skip-link" href="#main">
          {m.skipLink}
        </a>
        <header class="rr-header">
          <div class="rr-bar">
            <a class="rr-brand" href={ctx.session ? '/app' : '/'}>
              {m.appName}
            </a>
            <UserBar ctx={ctx} />
            <LanguageSwitch ctx={ctx} />
          </div>
          {/* before a member of several institutions has chosen one, every destination leads to the choice */}
          {ctx.session && !ctx.session.mustChooseInstitution && <Navigation ctx={ctx} />}
        </header>
        <main class="rr-main" id="main" tabindex={-1}>
          {breadcrumbs && breadcrumbs.length > 1 && <Breadcrumbs m={m} crumbs={breadcrumbs} />}
          {ctx.flash && (
            <div class="ds-alert" data-color="success" role="status">
              <p class="ds-paragraph">{m.flash[ctx.flash]}</p>
            </div>
          )}
          {children}
        </main>
      </body>
    </html>
  );
}

function UserBar({ ctx }: { ctx: PageContext }) {
  const { m, session } = ctx;
  if (!session)
    return (
      <p class="rr-user">
        <a class="ds-link" href="/login">
          {m.signIn}
        </a>
      </p>
    );
  return (
    <div class="rr-user">
      <span>{fill(m.signedInAs, { email: session.email })}</span>
      <span>{m.roles[session.principal.role]}</span>
      {session.institution && (
        <span>
          {m.institutionChoice.label} {session.institution.name}
        </span>
      )}
      {session.memberships.length > 1 && (
        <a class="ds-link" href="/app/institution">
          {m.institutionChoice.switchLink}
        </a>
      )}
      <a class="ds-link" href="/app/password">
        {m.password.link}
      </a>
      <form method="post" action="/logout">
        <input type="hidden" name="_csrf" value={session.csrf} />
        <button class="ds-button" data-variant="secondary" data-size="sm" type="submit">
          {m.signOut}
        </button>
      </form>
    </div>
  );
}

/** Signed in: a form that keeps the choice on the user. Otherwise: links that carry ?lang= on this page. */
function LanguageSwitch({ ctx }: { ctx: PageContext }) {
  const { m, session } = ctx;
  if (session)
    return (
      <form class="rr-inline" method="post" action="/app/language">
        <input type="hidden" name="_csrf" value={session.csrf} />
        <input type="hidden" name="back" value={ctx.path} />
        <ul class="rr-langs" aria-label={m.languageNav}>
          {LANGUAGES.map((l) => (
            <li>
              <button type="submit" name="language" value={l} lang={l} aria-current={l === ctx.language ? 'true' : undefined}>
                {WEB_MESSAGES[l].languageName}
              </button>
            </li>
          ))}
        </ul>
      </form>
    );
  const here = new URL(ctx.path, 'http://x');
  return (
    <nav aria-label={m.languageNav}>
      <ul class="rr-langs">
        {LANGUAGES.map((l) => {
          here.searchParams.set('lang', l);
          return (
            <li>
              <a
                class="ds-link"
                href={`${here.pathname}${here.search}`}
                lang={l}
                hreflang={l}
                aria-current={l === ctx.language ? 'true' : undefined}
              >
                {WEB_MESSAGES[l].languageName}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Navigation({ ctx }: { ctx: PageContext }) {
  const { m, session } = ctx;
  const path = ctx.path.split('?')[0];
  const items = navigationFor(session!.principal);
  // The deepest entry that contains this page is the current one (/app/episodes/x is under Episodes).
  const current = items.filter((item) => path === item.href || path.startsWith(`${item.href}/`)).at(-1);
  return (
    <nav class="rr-bar rr-nav" aria-label={m.mainNav}>
      <ul>
        {items.map((item) => (
          <li>
            <a class="ds-link" href={item.href} aria-current={item === current ? 'page' : undefined}>
              {item.label(m)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Breadcrumbs({ m, crumbs }: { m: WebMessages; crumbs: Crumb[] }) {
  return (
    <nav class="ds-breadcrumbs" aria-label={m.breadcrumbs}>
      <ol>
        {crumbs.map((crumb) => (
          <li>
            {crumb.href ? (
              <a class="ds-link" href={crumb.href}>
                {crumb.label}
              </a>
            ) : (
              <a class="ds-link" aria-current="page">
                {crumb.label}
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** An error summary at the top of a form, linking to each field (Designsystemet's pattern). */
export function ErrorSummary({ heading, errors }: { heading: string; errors: { message: string; href: string }[] }) {
  if (!errors.length) return null;
  return (
    <div class="ds-error-summary" data-color="danger" tabindex={-1} autofocus role="alert" aria-labelledby="error-summary-heading">
      <h2 class="ds-heading" id="error-summary-heading">
        {heading}
      </h2>
      <ul class="ds-list">
        {errors.map((e) => (
          <li>
            <a class="ds-link" href={e.href}>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
