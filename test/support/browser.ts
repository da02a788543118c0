/**
 * What the Chromium journeys share (Debian's Chromium through playwright-core): the browser, the app
 * listening where it can reach it, a signed-in page, axe and the 320 px check on a page, screenshots in
 * test/artifacts/, and what a journey transferred.
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page, type Request } from 'playwright-core';
import { TEST_PASSWORD } from './fixtures';
import type { TestApp } from './test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}: run "apt-get update && apt-get install -y chromium" (.ci/run does this when it is missing).`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
}

/** Puts the test app on a free local port for the browser; returns its base URL. */
export async function listenForBrowser(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

export interface PageOptions extends BrowserContextOptions {
  /** How long one step may hang before it fails where it hangs, not at the test's timeout. */
  timeout?: number;
}

/** A page in a context of its own (cookies, language, screen size), closed with the context. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const { timeout = 30_000, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  return { context, page };
}

const SIGN_IN_LABELS = {
  nb: { email: 'E-post', password: 'Passord', button: 'Logg inn' },
  en: { email: 'Email', password: 'Password', button: 'Sign in' },
};

/**
 * Fills in the sign-in form as a user does (in Norwegian Bokmål unless the browser's language is English)
 * and waits for the page it leads to: the start page unless asked for another.
 */
export async function signIn(page: Page, email: string, { locale = 'nb-NO', landing = /\/app$/ } = {}): Promise<void> {
  const labels = locale.startsWith('en') ? SIGN_IN_LABELS.en : SIGN_IN_LABELS.nb;
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(TEST_PASSWORD);
  await Promise.all([page.waitForURL(landing), page.getByRole('button', { name: labels.button }).click()]);
}

/** A page of its own signed in as the user, on the start page. */
export async function openSignedIn(
  browser: Browser,
  base: string,
  email: string,
  options: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openPage(browser, options);
  await opened.page.goto(`${base}/login`);
  await signIn(opened.page, email, { locale: options.locale });
  return opened;
}

export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map(
    (v) => `${state}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary).toEqual([]);
}

/** 320 CSS px is the width WCAG's reflow criterion asks for (a 1280 px screen at 400%, a phone at 200%). */
export async function expectNoSidewaysScrolling(page: Page): Promise<void> {
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/**
 * The check of a page of the workspace or the results, which carry no script: axe runs in the page, so
 * it needs JavaScript, but a page's DOM is the same with JavaScript off, so the run with JavaScript
 * checks the very markup the run without it uses. The run without may check the reflow instead.
 */
export function scriptFreePageCheck(
  label: string,
  javaScriptEnabled: boolean,
  { reflowWithoutJavaScript = false } = {},
): (page: Page, state: string) => Promise<void> {
  return async (page, state) => {
    expect(await page.locator('script').count()).toBe(0);
    if (javaScriptEnabled) await expectNoAxeViolations(page, `${label}: ${state}`);
    else if (reflowWithoutJavaScript) await expectNoSidewaysScrolling(page);
  };
}

/** A screenshot of the whole page (or of the clip) in test/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), ...(clip ? { clip } : { fullPage: true }) });
}

/** Script errors and console errors; error statuses (400, 410, ...) may be expected, so a failed load is not one. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export interface Transfer {
  path: string;
  bytes: number;
}

/**
 * Records what every request of a page transferred (headers and compressed body), by path (after
 * `hidePath`, e.g. to keep a token out of an artifact); the function returned stops and gives the list.
 */
export function recordTransfers(page: Page, hidePath: (path: string) => string = (path) => path): () => Promise<Transfer[]> {
  const transfers: Promise<Transfer>[] = [];
  const record = (request: Request) =>
    transfers.push(
      request
        .sizes()
        .then((sizes) => ({ path: hidePath(new URL(request.url()).pathname), bytes: sizes.responseBodySize + sizes.responseHeadersSize })),
    );
  page.on('requestfinished', record);
  return () => {
    page.off('requestfinished', record);
    return Promise.all(transfers);
  };
}

/** Each page with its stylesheet stays under 50 KB transferred (issue 21); the figures are kept in test/artifacts/<name>.json. */
export function expectPagesWithStylesheetUnder50KB(transfers: Transfer[], name: string): void {
  const css = Math.max(...transfers.filter((t) => t.path === '/assets/workspace.css').map((t) => t.bytes));
  const pages = transfers.filter((t) => !t.path.startsWith('/assets/'));
  const largest = pages.reduce((max, t) => (t.bytes > max.bytes ? t : max));
  writeFileSync(join(ARTIFACTS, `${name}.json`), JSON.stringify({ css, largestPage: largest, pages }, null, 2));
  expect(css + largest.bytes).toBeLessThan(50 * 1024);
}
