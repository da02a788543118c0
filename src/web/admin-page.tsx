/**
 * The frame the administrators' pages share: the layout with the error summary and the page's
 * heading, a titled section, and a table of records (or the words for none) in its scrolling box.
 */
import type { ComponentChildren, JSX } from 'preact';
import { type PageFieldError, summaryOf } from './form-fields';
import { type Crumb, ErrorSummary, Layout } from './layout';
import type { PageContext } from './web-pages';

/** An administrator's page: its title is the document's and the heading's; the errors of a sent form stand first. */
export function AdminPage({
  ctx,
  title,
  breadcrumbs,
  errors,
  children,
}: {
  ctx: PageContext;
  title: string;
  breadcrumbs: Crumb[];
  errors: PageFieldError[];
  children: ComponentChildren;
}) {
  return (
    <Layout ctx={ctx} title={title} hasErrors={errors.length > 0} breadcrumbs={breadcrumbs}>
      <ErrorSummary heading={ctx.m.admin.errorSummary} errors={summaryOf(errors)} />
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      {children}
    </Layout>
  );
}

/** A part of a page under its own heading, named by it for assistive technology. */
export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id}>
      <h2 class="ds-heading" data-size="md" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * The records as a table with a header row, scrolling sideways in its own box on a narrow screen; a
 * caption only for screen readers where a heading above already says what the table is. No records:
 * `none` in their place, where it is given.
 */
export function RecordTable<T>({
  caption,
  captionHidden,
  columns,
  records,
  none,
  row,
}: {
  caption: string;
  captionHidden?: boolean;
  columns: string[];
  records: T[];
  none?: string;
  row: (record: T) => JSX.Element;
}) {
  if (records.length === 0 && none !== undefined) return <p class="ds-paragraph">{none}</p>;
  return (
    <div class="rr-scroll">
      <table class="ds-table" data-border>
        <caption class={captionHidden ? 'ds-sr-only' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{records.map(row)}</tbody>
      </table>
    </div>
  );
}
