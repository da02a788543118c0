/**
 * The results pages in a real browser (Debian's Chromium through playwright-core), with JavaScript
 * on and off, axe on every page: a member of the public reads the published results, a hidden cell
 * says it is hidden, and an indicator's charts stand beside their tables. Screenshots go to
 * test/artifacts/ (and, refreshed by hand, to docs/screenshots/ for the README).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Clock } from '../../src/clock/clock';
import { loadConfig } from '../../src/config/config';
import { generateSyntheticRegister } from '../../src/demo/synthetic-register';
import {
  ARTIFACTS,
  expectNoSidewaysScrolling,
  launchChromium,
  listenForBrowser,
  openPage,
  screenshot,
  scriptFreePageCheck,
  signIn,
} from '../support/browser';
import { createScratchDatabase } from '../support/database';
import { type Actor, createAdmin, createInstitutionWorld, type InstitutionWorld } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { submissionEpisode, submit } from '../indicators/indicator-data';
import { ownEpisodes } from './results-data';

describe('the results pages in Chromium', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let admin: Actor;
  let small: InstitutionWorld;
  let staff: InstitutionWorld;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
    for (const [seed, year] of [
      [21, 2024],
      [22, 2025],
    ])
      await generateSyntheticRegister(scratch.ownerUrl, config, { episodes: 600, institutions: 5, seed, year, chunkSize: 400 });
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-06-01T10:00:00Z'));
    base = await listenForBrowser(t);
    browser = await launchChromium();
    admin = await createAdmin(t);
    small = await createInstitutionWorld(t, admin, 'helse-vest');
    await submit(
      t,
      small.apiKey.headers,
      [0, 1, 2].map((i) =>
        submissionEpisode({ admission: `2025-04-0${i + 1}`, los: 18, destination: 'home', eq5d: ['32323', '11211'], barthel: [50, 90] }),
      ),
    );
    staff = await createInstitutionWorld(t, admin, 'helse-sor-ost');
    await submit(t, staff.apiKey.headers, [...ownEpisodes(2025), ...ownEpisodes(2026)]);
    for (const period of ['2024', '2025'])
      await t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send({ period }).expect(201);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await scratch?.drop();
  });

  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])(
    'lets the public read the published results and an indicator with its charts (%s)',
    async (label, javaScriptEnabled) => {
      const suffix = javaScriptEnabled ? 'js' : 'no-js';
      const checkPage = scriptFreePageCheck(label, javaScriptEnabled);
      const { context, page } = await openPage(browser, { javaScriptEnabled, locale: 'nb-NO', viewport: { width: 1280, height: 900 } });

      await page.goto(base);
      await page.getByRole('heading', { level: 1, name: 'Resultater fra rehabiliteringsregisteret' }).waitFor();
      await checkPage(page, 'front page');
      // The small institution's row: hidden, with the reason, in words.
      const row = page.locator('#institutions tbody tr', { hasText: small.name });
      expect(await row.locator('.rr-suppressed').count()).toBe(3);
      expect(await row.textContent()).toContain('Skjult: færre enn 10 forløp');
      await screenshot(page, `results-public-${suffix}`);
      await screenshot(page, `results-public-top-${suffix}`, { x: 0, y: 0, width: 1280, height: 1500 });

      await Promise.all([
        page.waitForURL(/\/resultater\/outcome\.home/),
        page.getByRole('link', { name: 'Utskrevet til hjemmet' }).first().click(),
      ]);
      await page.getByRole('heading', { level: 1, name: 'Utskrevet til hjemmet' }).waitFor();
      expect(await page.locator('svg[role="img"]').count()).toBe(3);
      expect(await page.getByRole('img', { name: /Utskrevet til hjemmet/ }).count()).toBe(3);
      await checkPage(page, 'indicator page');
      await screenshot(page, `results-public-indicator-${suffix}`);
      await screenshot(page, `results-public-indicator-top-${suffix}`, { x: 0, y: 0, width: 1280, height: 1800 });

      // A part chosen with the plain GET form.
      await page.goto(`${base}/resultater/completeness.admission`);
      await page.getByLabel('Velg del').selectOption('barthel');
      await Promise.all([page.waitForURL(/part=barthel/), page.getByRole('button', { name: 'Vis' }).click()]);
      await page.getByRole('heading', { level: 1, name: 'Registrering ved innleggelse: Barthel' }).waitFor();
      await checkPage(page, 'a part');

      // English, and a bad period as a 400 page with the way back.
      await page.goto(`${base}/resultater?lang=en`);
      await page.getByRole('heading', { level: 1, name: 'Results of the rehabilitation register' }).waitFor();
      await checkPage(page, 'English');
      const bad = await page.goto(`${base}/resultater?period=2025-Q9&lang=en`);
      expect(bad!.status()).toBe(400);
      await checkPage(page, 'bad period');
      await Promise.all([page.waitForURL(/\/resultater\?lang=en$/), page.getByRole('link', { name: 'Back to the results' }).click()]);

      // 320 px: nothing but the tables and pictures scrolls sideways, each in its own box.
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(`${base}/resultater`);
      await expectNoSidewaysScrolling(page);
      await context.close();
    },
    420_000,
  );

  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])(
    "lets a staff user see the own institution's results and an indicator with trend and funnel (%s)",
    async (label, javaScriptEnabled) => {
      const suffix = javaScriptEnabled ? 'js' : 'no-js';
      const checkPage = scriptFreePageCheck(label, javaScriptEnabled);
      const { context, page } = await openPage(browser, {
        javaScriptEnabled,
        locale: 'nb-NO',
        viewport: { width: 1280, height: 900 },
        timeout: 60_000,
      });
      await page.goto(`${base}/app/results?period=2025`);
      await signIn(page, staff.staff.email, { landing: /\/app\/results\?period=2025$/ });
      await page.getByRole('heading', { level: 1, name: `Resultater for ${staff.name}` }).waitFor();
      for (const head of [staff.name, 'Helse Sør-Øst', 'Nasjonalt'])
        expect(await page.locator('#overview thead th', { hasText: head }).count()).toBe(1);
      await checkPage(page, 'staff overview');
      await screenshot(page, `results-staff-overview-${suffix}`);

      // The completeness page: its tables, the open items, and an item's link to its episode.
      await Promise.all([
        page.waitForURL(/\/app\/results\/completeness\?period=2025$/),
        page.getByRole('link', { name: 'Kompletthet og åpne saker' }).click(),
      ]);
      await page.getByRole('heading', { level: 1, name: `Kompletthet – ${staff.name}` }).waitFor();
      for (const id of ['coverage', 'registration', 'variables', 'open-items'])
        expect(await page.locator(`table#${id} caption`).count()).toBe(1);
      await checkPage(page, 'staff completeness page');
      await screenshot(page, `results-staff-completeness-${suffix}`);
      await Promise.all([page.waitForURL(/\/app\/episodes\/[0-9a-f-]{36}$/), page.locator('table#open-items tbody a').first().click()]);
      await page.goto(`${base}/app/results?period=2025`);

      await Promise.all([
        page.waitForURL(/\/app\/results\/eq5d\.index_change\?period=2025/),
        page.getByRole('link', { name: 'Endring i EQ-5D-indeks' }).first().click(),
      ]);
      await page.getByRole('heading', { level: 1, name: `Endring i EQ-5D-indeks – ${staff.name}` }).waitFor();
      expect(await page.locator('svg[role="img"]').count()).toBe(3);
      for (const id of ['scopes', 'casemix', 'trend', 'funnel', 'region', 'breakdowns'])
        expect(await page.locator(`table#${id} caption`).count()).toBe(1);
      await checkPage(page, 'staff indicator page');
      await screenshot(page, `results-staff-indicator-${suffix}`);
      for (const section of ['trend', 'funnel'])
        await page
          .locator(`section[aria-labelledby="${section}-heading"]`)
          .screenshot({ path: join(ARTIFACTS, `results-staff-${section}-${suffix}.png`) });

      // A period typed in the form: the live year, labelled as such.
      await page.getByRole('textbox', { name: 'Periode' }).fill('2026');
      await Promise.all([page.waitForURL(/period=2026/), page.getByRole('button', { name: 'Vis' }).click()]);
      expect(await page.textContent('main')).toContain('Foreløpige tall er ikke publisert');
      await checkPage(page, 'staff indicator page, live');
      await context.close();
    },
    420_000,
  );
});
