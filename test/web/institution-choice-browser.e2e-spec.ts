/**
 * A member of two institutions in Chromium, with JavaScript and without: signs in, is asked to choose,
 * works in A, switches to B in the header and works in B. axe on every page state (with JavaScript),
 * the 320 px layout of the choice, a screenshot of it in test/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { createAdmin, createEpisode, createInstitutionWorld, createUser, InstitutionWorld } from '../support/fixtures';
import {
  expectNoSidewaysScrolling,
  launchChromium,
  listenForBrowser,
  openPage,
  screenshot,
  scriptFreePageCheck,
  signIn,
} from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';

describe('choosing the institution in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let both: { email: string };
  const externalIds = new Map<string, string>();

  beforeAll(async () => {
    browser = await launchChromium();
    t = await createTestApp();
    base = await listenForBrowser(t);
    const admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    b = await createInstitutionWorld(t, admin, 'helse-vest');
    for (const world of [a, b]) externalIds.set(world.id, String((await createEpisode(t, world.apiKey.headers)).body.externalId));
    both = await createUser(t, admin, 'staff', [a.id, b.id]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])(
    'signs in, chooses A, sees A, switches to B in the header and sees B (%s)',
    async (label, javaScriptEnabled) => {
      const { context, page } = await openPage(browser, { javaScriptEnabled, locale: 'nb-NO', viewport: { width: 1024, height: 768 } });
      const checkPage = scriptFreePageCheck(label, javaScriptEnabled);
      const listShows = async (world: InstitutionWorld, other: InstitutionWorld) => {
        const main = await page.textContent('main');
        expect(main).toContain(externalIds.get(world.id));
        expect(main).not.toContain(externalIds.get(other.id));
        expect(await page.textContent('header')).toContain(`Institusjon: ${world.name}`);
      };
      const choose = async (world: InstitutionWorld, url: RegExp) => {
        await page.getByLabel(world.name).check();
        await Promise.all([page.waitForURL(url), page.getByRole('button', { name: 'Arbeid i denne institusjonen' }).click()]);
        expect(await page.getByRole('status').textContent()).toContain('Du har byttet institusjon.');
      };

      // Straight to the episodes: sign-in first, then the choice, then the episodes.
      await page.goto(`${base}/app/episodes`);
      await signIn(page, both.email, { landing: /\/app\/institution\?next=/ });
      await page.getByRole('heading', { level: 1, name: 'Velg institusjon' }).waitFor();
      await checkPage(page, 'choice after sign-in');
      if (javaScriptEnabled) await screenshot(page, 'workspace-institution-choice');

      await choose(a, /\/app\/episodes$/);
      await listShows(a, b);
      await checkPage(page, 'episodes of A');

      await Promise.all([page.waitForURL(/\/app\/institution$/), page.getByRole('link', { name: 'Bytt institusjon' }).click()]);
      await checkPage(page, 'choice from the header');
      await choose(b, /\/app$/);
      await page.goto(`${base}/app/episodes`);
      await listShows(b, a);

      // A forged choice of an institution the user is not a member of (changed in the page, so with JavaScript):
      // the choice page says so (403) and the session keeps B. Without JavaScript the HTTP test covers it.
      if (javaScriptEnabled) {
        await page.goto(`${base}/app/institution`);
        await page.evaluate(`document.querySelector('input[name=institutionId]:checked').value = '00000000-0000-4000-8000-000000000000'`);
        await page.getByRole('button', { name: 'Arbeid i denne institusjonen' }).click();
        await page.getByText('Du er ikke medlem av den institusjonen.').waitFor();
        await checkPage(page, 'choice refused');
        await page.goto(`${base}/app/episodes`);
        await listShows(b, a);
      }

      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(`${base}/app/institution`);
      await expectNoSidewaysScrolling(page);
      await context.close();
    },
    120_000,
  );
});
