/**
 * How every server-rendered page leaves the service (workspace and patient forms): a strict CSP of
 * its own, no-store, no referrer, gzip when asked for; and the static stylesheets and scripts the
 * pages link to, built once at start, gzipped and named by content hash (cached for a year).
 */
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** No inline script or style, nothing from other hosts, forms post back here only (data: images are Designsystemet's icons). */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function setPageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.setHeader('Vary', 'Accept, Accept-Encoding, Accept-Language, Cookie');
}

export function acceptsGzip(req: Request): boolean {
  return /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
}

export function sendPage(req: Request, res: Response, status: number, page: string): void {
  setPageHeaders(res);
  res.status(status).type('html');
  const body = Buffer.from(page, 'utf8');
  if (body.length > 1024 && acceptsGzip(req)) {
    res.setHeader('Content-Encoding', 'gzip');
    res.send(gzipSync(body));
  } else {
    res.send(body);
  }
}

/** A page rendered and gzipped once and kept (the public results): the same headers, its own caching. */
export function sendCachedPage(
  req: Request,
  res: Response,
  status: number,
  page: { html: string; gzip: Buffer },
  cacheControl: string,
): void {
  setPageHeaders(res);
  res.setHeader('Cache-Control', cacheControl);
  res.status(status).type('html');
  if (acceptsGzip(req)) {
    res.setHeader('Content-Encoding', 'gzip');
    res.send(page.gzip);
  } else {
    res.send(Buffer.from(page.html, 'utf8'));
  }
}

/** A 303 after a POST (post/redirect/get), or to the sign-in page. */
export function redirect(res: Response, location: string): void {
  setPageHeaders(res);
  res.redirect(303, location);
}

export interface PageAsset {
  body: Buffer;
  gzip: Buffer;
  version: string;
  contentType: string;
}

export function pageAsset(text: string, contentType: string): PageAsset {
  const body = Buffer.from(text, 'utf8');
  return { body, gzip: gzipSync(body, { level: 9 }), version: createHash('sha256').update(body).digest('hex').slice(0, 12), contentType };
}

/** Designsystemet's theme and only the named component styles, in Designsystemet's own cascade layers; our layout last, unlayered. */
export function buildStylesheet(components: string[], ownCss: string): string {
  const theme = readFileSync(require.resolve('@digdir/designsystemet-css/theme.css'), 'utf8');
  const css = (name: string) => readFileSync(require.resolve(`@digdir/designsystemet-css/${name}.css`), 'utf8');
  return [
    '@layer ds.theme, ds.base, ds.components;',
    theme,
    `@layer ds.base{${css('base')}}`,
    `@layer ds.components{${components.map(css).join('\n')}}`,
    ownCss,
  ].join('\n');
}

export function sendAsset(req: Request, res: Response, asset: PageAsset): void {
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('ETag', `"${asset.version}"`);
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === `"${asset.version}"`) {
    res.status(304).end();
    return;
  }
  const gzip = acceptsGzip(req);
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.status(200).end(gzip ? asset.gzip : asset.body);
}
