/**
 * The patient form in a real browser (Debian's Chromium through playwright-core): filled once with
 * a mouse on a 320 px wide phone screen and once with the keyboard only, axe on every page state,
 * the stored response checked, a screenshot kept in test/artifacts/ and the page's transferred size measured.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  ARTIFACTS,
  collectConsoleErrors,
  expectNoAxeViolations,
  expectNoSidewaysScrolling,
  launchChromium,
  listenForBrowser,
  openPage,
  recordTransfers,
  screenshot,
} from '../support/browser';
import { asOwner } from '../support/database';
import { createAdmin, createEpisode, createInstitutionWorld, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { createInvitation } from './form-support';

const DIMENSIONS = ['mobility', 'selfCare', 'usualActivities', 'painDiscomfort', 'anxietyDepression'];

/** Whether the focused element matches a CSS selector (evaluated in the page; the tests compile without DOM types). */
function focusIsOn(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(`Boolean(document.activeElement && document.activeElement.matches(${JSON.stringify(selector)}))`);
}

/**
 * Waits until the focused element matches. Chromium runs `autofocus` at its next rendering update,
 * which may come after the load event on a busy machine, so a check right after load can be too early.
 */
async function focusLandsOn(page: Page, selector: string): Promise<boolean> {
  const script = `Boolean(document.activeElement && document.activeElement.matches(${JSON.stringify(selector)}))`;
  return page
    .waitForFunction(script, undefined, { timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
}

async function storedResponse(episodeId: string) {
  return asOwner(
    async (c) =>
      (await c.query(`SELECT mode, eq5d_state, eq5d_vas, eq5d_level_sum, eq5d_index FROM responses WHERE episode_id = $1`, [episodeId]))
        .rows,
  );
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 25): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await focusIsOn(page, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('patient web form in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let a: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    base = await listenForBrowser(t);
    browser = await launchChromium();
    a = await createInstitutionWorld(t, await createAdmin(t));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is filled with a mouse on a 320 px phone screen, accessible in every state, and small', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const { token } = await createInvitation(t, a.staff.headers, episode.id);
    const { context, page } = await openPage(browser, { viewport: { width: 320, height: 640 }, locale: 'nb-NO', deviceScaleFactor: 1 });
    const consoleErrors = collectConsoleErrors(page);

    // Transferred size of the first visit: the page with everything it loads.
    const measured = recordTransfers(page, (path) => path.replace(token, '[token]'));
    await page.goto(`${base}/forms/${token}`, { waitUntil: 'networkidle' });
    const transfers = await measured();
    const totalBytes = transfers.reduce((sum, r) => sum + r.bytes, 0);
    writeFileSync(join(ARTIFACTS, 'form-transfer-size.json'), JSON.stringify({ totalBytes, requests: transfers }, null, 2));
    expect(transfers.map((r) => r.path).sort()).toEqual(['/forms/[token]', '/forms/assets/forms.css', '/forms/assets/forms.js']);
    expect(totalBytes).toBeLessThan(30 * 1024);

    await expectNoAxeViolations(page, 'first question');
    await expectNoSidewaysScrolling(page);
    await screenshot(page, 'patient-form-question-320px');

    // Sending before answering: the review lists what is missing, each a link to its question.
    await page.goto(`${base}/forms/${token}?step=review`);
    await expectNoAxeViolations(page, 'review, nothing answered');
    await page.getByRole('button', { name: 'Send svarene' }).click();
    await page.locator('.ds-error-summary').waitFor();
    await expectNoAxeViolations(page, 'review with missing answers');
    await Promise.all([page.waitForURL(/step=mobility/), page.locator('.ds-error-summary a').first().click()]);

    // Next without a choice: the error summary takes focus and links to the field.
    await page.getByRole('button', { name: 'Neste' }).click();
    await page.locator('.ds-error-summary').waitFor();
    expect(await focusLandsOn(page, '.ds-error-summary')).toBe(true);
    await expectNoAxeViolations(page, 'question with error');

    const levels = [2, 1, 3, 4, 1];
    for (const [i, dimension] of DIMENSIONS.entries()) {
      await page.locator(`label[for="${dimension}-${levels[i]}"]`).click();
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Neste' }).click()]);
    }

    // The VAS: a click on the slider (added by the script) fills the number field beside it.
    await expectNoAxeViolations(page, 'VAS');
    await expectNoSidewaysScrolling(page);
    const slider = page.locator('input[type=range]');
    await slider.scrollIntoViewIfNeeded();
    const box = (await slider.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.65, box.y + box.height / 2);
    const vas = Number(await page.locator('#vas').inputValue());
    expect(vas).toBeGreaterThanOrEqual(58);
    expect(vas).toBeLessThanOrEqual(72);
    await Promise.all([page.waitForURL(/step=review/), page.getByRole('button', { name: 'Neste' }).click()]);

    await expectNoAxeViolations(page, 'review');
    await expectNoSidewaysScrolling(page);
    await screenshot(page, 'patient-form-review-320px');
    await page.getByRole('button', { name: 'Send svarene' }).click();
    await page.getByRole('heading', { level: 1, name: 'Takk for svarene!' }).waitFor();
    await expectNoAxeViolations(page, 'thank you');

    expect(await storedResponse(episode.id)).toEqual([
      expect.objectContaining({ mode: 'patient_web', eq5d_state: '21341', eq5d_level_sum: 11, eq5d_vas: vas }),
    ]);

    const used = await page.goto(`${base}/forms/${token}`);
    expect(used!.status()).toBe(410);
    await expectNoAxeViolations(page, 'used link');
    expect(consoleErrors).toEqual([]);
    await context.close();
  }, 90_000);

  it('is filled with the keyboard only, in English, with errors announced and linked to their fields', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const { token } = await createInvitation(t, a.staff.headers, episode.id);
    const { context, page } = await openPage(browser, { locale: 'en-GB' });
    await page.goto(`${base}/forms/${token}`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    // Submitting nothing: focus lands on the error summary, whose link leads to the first choice.
    await tabTo(page, 'button[type=submit]');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(await focusLandsOn(page, '.ds-error-summary')).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focusIsOn(page, '#mobility-1')).toBe(true);

    const levels = [5, 4, 3, 2, 1];
    for (const [i, dimension] of DIMENSIONS.entries()) {
      await tabTo(page, `input[name=answer]`);
      await page.keyboard.press('Space');
      for (let n = 1; n < levels[i]; n += 1) await page.keyboard.press('ArrowDown');
      expect(await page.locator(`#${dimension}-${levels[i]}`).isChecked()).toBe(true);
      await tabTo(page, 'button[type=submit]');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    }

    // The VAS: out of range first (the server says so and keeps the value to correct), then right.
    await tabTo(page, '#vas');
    await page.keyboard.type('101');
    await tabTo(page, 'button[type=submit]');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(await focusLandsOn(page, '.ds-error-summary')).toBe(true);
    await expectNoAxeViolations(page, 'VAS with error');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focusIsOn(page, '#vas')).toBe(true);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('72');
    await tabTo(page, 'button[type=submit]');
    await Promise.all([page.waitForURL(/step=review/), page.keyboard.press('Enter')]);

    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Thank you for your answers!' }).waitFor();
    expect(await storedResponse(episode.id)).toEqual([expect.objectContaining({ mode: 'patient_web', eq5d_state: '54321', eq5d_vas: 72 })]);
    await context.close();
  }, 90_000);

  it('works with JavaScript turned off and shows the review with what is missing', async () => {
    const episode = await createEpisode(t, a.apiKey.headers);
    const { token } = await createInvitation(t, a.staff.headers, episode.id, { language: 'nn' });
    const { context, page } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${base}/forms/${token}?step=vas`);
    expect(await page.locator('input[type=range]').count()).toBe(0);
    await page.locator('#vas').fill('40');
    await Promise.all([page.waitForURL(/step=review/), page.getByRole('button', { name: 'Neste' }).click()]);
    await page.getByRole('button', { name: 'Send svara' }).click();
    await page.locator('.ds-error-summary').waitFor();
    expect(await page.locator('.ds-error-summary a').count()).toBe(5);
    expect(await storedResponse(episode.id)).toEqual([]);
    await context.close();
  }, 90_000);
});
