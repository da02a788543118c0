/**
 * The links between the pages of a list, the same on every paged list of the workspace: to the first
 * page, the previous and the next (plain links, so paging works without JavaScript), and optionally
 * where this page is ("Side 2 av 7"). Each list says what its links are called and where they lead;
 * a link that does not apply is left out, and with none the pager is not shown.
 */
export interface PagerLink {
  href: string;
  label: string;
}

export interface PagerProps {
  /** The navigation's accessible name ("Sider"). */
  label: string;
  first?: PagerLink;
  previous?: PagerLink;
  next?: PagerLink;
  /** Where this page is, when the list knows ("Side 2 av 7"). */
  position?: string;
}

export function Pager({ label, first, previous, next, position }: PagerProps) {
  if (!first && !previous && !next) return null;
  return (
    <nav class="ds-pagination" aria-label={label}>
      <ul>
        {first && (
          <li>
            <a class="ds-link" href={first.href} rel="first">
              {first.label}
            </a>
          </li>
        )}
        {previous && (
          <li>
            <a class="ds-link" href={previous.href} rel="prev">
              {previous.label}
            </a>
          </li>
        )}
        {position && (
          <li>
            <span aria-current="true">{position}</span>
          </li>
        )}
        {next && (
          <li>
            <a class="ds-link" href={next.href} rel="next">
              {next.label}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
