/**
 * The one way the project writes pages: typed JSX (Preact's types and JSX runtime) rendered to a
 * string on the server with preact-render-to-string. Text and attribute values are escaped by the
 * renderer, so a page cannot inject markup by forgetting to escape; no Preact runs in the browser.
 */
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A whole HTML document: the doctype and the rendered `<html>` element. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any element's props
export function renderDocument(page: VNode<any>): string {
  return `<!doctype html>\n${renderToString(page)}`;
}

/** `{name}` placeholders in a message, filled with plain text (escaped later, when rendered). */
export function fill(message: string, params: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (match, key: string) => (key in params ? String(params[key]) : match));
}
