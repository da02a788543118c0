/** The workspace's start page (the front page is the public results, src/results). */
import { renderDocument } from '../common/page-render';
import { Layout, navigationFor } from './layout';
import type { PageContext } from './web-pages';

export function startPage(ctx: PageContext): string {
  const { m } = ctx;
  const destinations = navigationFor(ctx.session!.principal).filter((item) => item.href !== '/app');
  return renderDocument(
    <Layout ctx={ctx} title={m.start.title}>
      <h1 class="ds-heading" data-size="lg">
        {m.start.title}
      </h1>
      {destinations.length ? (
        <>
          <p class="ds-paragraph">{m.start.intro}</p>
          <ul class="ds-list">
            {destinations.map((item) => (
              <li>
                <a class="ds-link" href={item.href}>
                  {item.label(m)}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="ds-paragraph">{m.start.nothingYet}</p>
      )}
    </Layout>,
  );
}
