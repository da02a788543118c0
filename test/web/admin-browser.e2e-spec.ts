/**
 * Journeys 3 and 4 of issue 21 in Chromium, with JavaScript and without: an administrator signs in,
 * registers an institution (after a form with errors), creates an API key, creates a staff user of it,
 * and publishes a period; a researcher applies for an extract, an administrator approves it, and the
 * researcher downloads the CSV. One browser for the file, one signed-in context per journey; axe on every page
 * visited (the pages carry no script, so the markup is the same without JavaScript); the run without
 * JavaScript is at 320 px wide; screenshots in test/artifacts/. Publishing is register-wide: a
 * database of its own and a clock after 2026's grace period.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Clock } from '../../src/clock/clock';
import {
  expectPagesWithStylesheetUnder50KB,
  launchChromium,
  listenForBrowser,
  openPage,
  openSignedIn,
  recordTransfers,
  screenshot,
  scriptFreePageCheck,
  signIn,
} from '../support/browser';
import { createScratchDatabase } from '../support/database';
import { Actor, createAdmin, createUser, randomOrgNumber, uniqueEmail } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('the administrators’ pages in Chromium', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let admin: Actor;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2027-06-01T10:00:00Z'));
    base = await listenForBrowser(t);
    browser = await launchChromium();
    admin = await createAdmin(t);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await scratch?.drop();
  });

  it.each([
    ['with JavaScript', true, 2026],
    ['without JavaScript', false, 2025],
  ])(
    'lets an administrator register an institution, create an API key and a user, and publish a period (%s)',
    async (label, javaScriptEnabled, period) => {
      const suffix = javaScriptEnabled ? 'js' : 'no-js';
      const width = javaScriptEnabled ? 1024 : 320;
      const { context, page } = await openPage(browser, { javaScriptEnabled, locale: 'nb-NO', viewport: { width, height: 768 } });
      const transfers = recordTransfers(page);
      const check = scriptFreePageCheck(label, javaScriptEnabled, { reflowWithoutJavaScript: true });
      const checkPage = async (state: string, shot?: string) => {
        await check(page, state);
        if (shot) await screenshot(page, `admin-${shot}-${suffix}`);
      };
      const click = (url: RegExp, name: string) => Promise.all([page.waitForURL(url), page.getByRole('button', { name }).click()]);

      await page.goto(`${base}/login`);
      await signIn(page, admin.email);
      await checkPage('start page');

      await Promise.all([
        page.waitForURL(/\/app\/admin\/institutions$/),
        page.getByRole('link', { name: 'Institusjoner' }).first().click(),
      ]);
      await checkPage('institutions');
      await page.getByRole('button', { name: 'Registrer institusjonen' }).click();
      await page.locator('.ds-error-summary').waitFor();
      await checkPage('institution form with errors', 'institution-errors');
      const name = `Nettleser ${suffix} HF`;
      await page.getByLabel('Navn', { exact: true }).fill(name);
      await page.getByLabel('Organisasjonsnummer').fill(randomOrgNumber());
      await page.getByLabel('Type').selectOption('health_trust');
      await page.getByLabel('Helseregion').selectOption('helse-midt-norge');
      await click(/\/app\/admin\/institutions\/[0-9a-f-]{36}$/, 'Registrer institusjonen');
      expect(await page.getByRole('status').textContent()).toContain('Institusjonen er registrert.');
      await checkPage('institution', 'institution');

      await Promise.all([
        page.waitForURL(/\/api-keys$/),
        page.getByRole('link', { name: 'API-nøkler for institusjonens systemer' }).click(),
      ]);
      await page.getByLabel('Hva nøkkelen er til').fill('DIPS');
      await click(/\/api-keys$/, 'Lag en ny nøkkel');
      const key = await page.getByTestId('api-key').textContent();
      expect(key).toMatch(/^rr_[a-z0-9]{10}_/);
      await checkPage('new API key', 'api-key');
      await t.http().get('/api/v1/episodes').set({ 'X-Api-Key': key! }).expect(200);

      await page.goto(`${base}/app/admin/users`);
      const email = uniqueEmail(`staff-${suffix}`);
      await page.getByLabel('E-post').fill(email);
      await page.getByLabel('Midlertidig passord').fill('a temporary password');
      await page.getByLabel('Rolle').selectOption('staff');
      await page.getByLabel(name).check();
      await click(/\/app\/admin\/users\/[0-9a-f-]{36}$/, 'Opprett brukeren');
      expect(await page.getByRole('status').textContent()).toContain('Brukeren er opprettet.');
      await checkPage('user', 'user');
      await page.goto(`${base}/app/admin/users`);
      expect(await page.textContent('main')).toContain(email);
      await checkPage('users', 'users');

      await Promise.all([page.waitForURL(/\/app\/admin\/publishing$/), page.getByRole('link', { name: 'Publisering' }).click()]);
      await checkPage('publishing');
      await page.locator('#period').fill(String(period));
      await click(/\/app\/admin\/publishing$/, 'Publiser perioden');
      expect(await page.getByRole('status').textContent()).toContain('Perioden er publisert.');
      expect(await page.locator('table th[scope=row]', { hasText: String(period) }).count()).toBeGreaterThan(0);
      await checkPage('published', 'publishing');

      await page.goto(`${base}/app/admin/audit?action=indicators.publish`);
      await checkPage('audit log', 'audit');
      await page.getByRole('button', { name: 'Kontroller revisjonsloggen' }).click();
      await page.getByText(/Kjeden er hel/).waitFor();
      await checkPage('audit chain verified');
      await page.goto(`${base}/app/admin/indicator-settings`);
      await checkPage('indicator settings', 'settings');

      expectPagesWithStylesheetUnder50KB(await transfers(), `admin-transfer-size-${suffix}`);
      await context.close();
    },
    240_000,
  );

  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])(
    'lets a researcher apply for an extract, an administrator approve it, and the researcher download the CSV (%s)',
    async (label, javaScriptEnabled) => {
      const suffix = javaScriptEnabled ? 'js' : 'no-js';
      const researcher = await createUser(t, admin, 'researcher');
      const open = (email: string) =>
        openSignedIn(browser, base, email, {
          javaScriptEnabled,
          acceptDownloads: true,
          locale: 'nb-NO',
          viewport: { width: javaScriptEnabled ? 1024 : 320, height: 768 },
        });
      const check = scriptFreePageCheck(label, javaScriptEnabled, { reflowWithoutJavaScript: true });
      const checkPage = async (page: Page, state: string, shot?: string) => {
        await check(page, state);
        if (shot) await screenshot(page, `research-${shot}-${suffix}`);
      };

      const r = await open(researcher.email);
      await Promise.all([r.page.waitForURL(/\/variables$/), r.page.getByRole('link', { name: 'Variabler' }).first().click()]);
      await checkPage(r.page, 'variable catalogue', 'variables');
      await r.page.goto(`${base}/app/research/extracts`);
      await checkPage(r.page, 'no extracts yet');
      await Promise.all([r.page.waitForURL(/\/extracts\/new$/), r.page.getByRole('link', { name: 'Søk om et uttrekk' }).click()]);
      await r.page.getByRole('button', { name: 'Send søknaden' }).click();
      await r.page.locator('.ds-error-summary').waitFor();
      await checkPage(r.page, 'application with errors', 'apply-errors');
      const title = `Nettleserprosjekt ${suffix}`;
      await r.page.getByLabel('Prosjektets tittel').fill(title);
      await r.page.getByLabel('Formål, og hvorfor variablene trengs').fill('Compare function after rehabilitation');
      await r.page.getByLabel('Rettslig grunnlag').fill('Personvernforordningen art. 6 nr. 1 e og art. 9 nr. 2 j');
      await r.page.getByLabel('REK-referanse').fill('REK 2026/4711');
      await r.page.getByLabel('Første innleggelsesdato').fill('2026-01-01');
      await r.page.getByLabel('Siste innleggelsesdato').fill('2026-12-31');
      await r.page.locator('input[name=variables][value=patient]').check();
      await r.page.locator('input[name=variables][value=age_band]').check();
      await Promise.all([
        r.page.waitForURL(/\/app\/research\/extracts\/[0-9a-f-]{36}$/),
        r.page.getByRole('button', { name: 'Send søknaden' }).click(),
      ]);
      expect(await r.page.getByRole('status').textContent()).toContain('Søknaden er sendt.');
      await checkPage(r.page, 'submitted request', 'submitted');
      const requestPath = new URL(r.page.url()).pathname;

      const a = await open(admin.email);
      await Promise.all([
        a.page.waitForURL(/\/app\/admin\/extracts$/),
        a.page.getByRole('link', { name: 'Uttrekkssøknader' }).first().click(),
      ]);
      await checkPage(a.page, 'extract requests');
      await Promise.all([a.page.waitForURL(/\/app\/admin\/extracts\/[0-9a-f-]{36}$/), a.page.getByRole('link', { name: title }).click()]);
      await checkPage(a.page, 'request to decide', 'decide');
      await a.page.getByLabel('Merknad til forskeren').fill('REK approval checked');
      await Promise.all([
        a.page.waitForURL(/\/app\/admin\/extracts\/[0-9a-f-]{36}$/),
        a.page.getByRole('button', { name: 'Godkjenn' }).click(),
      ]);
      expect(await a.page.getByRole('status').textContent()).toContain('Søknaden er godkjent.');
      await checkPage(a.page, 'approved request');
      await a.context.close();

      for (let i = 0; i < 240; i += 1) {
        await r.page.goto(`${base}${requestPath}`);
        if ((await r.page.locator('dd', { hasText: /^Klar$/ }).count()) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await checkPage(r.page, 'ready extract', 'ready');
      const [download] = await Promise.all([
        r.page.waitForEvent('download'),
        r.page.getByRole('link', { name: 'Last ned extract.csv' }).click(),
      ]);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(download.suggestedFilename()).toBe('extract.csv');
      expect(csv.split('\n')[0]).toContain('age_band');
      await r.context.close();
    },
    240_000,
  );
});
