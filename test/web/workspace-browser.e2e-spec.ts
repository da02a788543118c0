/**
 * The web workspace in a real browser (Debian's Chromium through playwright-core): a staff user signs
 * in, finds the episode list and an episode, and signs out, once with JavaScript and once without.
 * One browser for the file and one context per journey; axe on every page visited; screenshots of
 * the main pages in test/artifacts/ (the README's are two of them, copied by hand to docs/screenshots/:
 * workspace-episodes-js.png as workspace-episodes.png, workspace-episode-scores-js.png as workspace-episode.png).
 */
import type { Browser } from 'playwright-core';
import {
  collectConsoleErrors,
  expectNoAxeViolations,
  expectNoSidewaysScrolling,
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
import {
  createAdmin,
  createEpisode,
  createInstitutionWorld,
  createUser,
  EQ5D_WORST,
  InstitutionWorld,
  newNationalId,
} from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('the web workspace in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let a: InstitutionWorld;
  let episode: { id: string; externalId: string };
  let dataManager: { email: string };

  beforeAll(async () => {
    t = await createTestApp();
    base = await listenForBrowser(t);
    browser = await launchChromium();
    const admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
    const created = await createEpisode(t, a.apiKey.headers, { admissionDate: '2026-02-02' });
    await createEpisode(t, a.apiKey.headers, { admissionDate: '2026-02-03', programme: 'cardiac', setting: 'outpatient' });
    await t
      .http()
      .post(`/api/v1/episodes/${created.id}/responses`)
      .set(a.apiKey.headers)
      .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-02-02', mode: 'patient_paper', answers: EQ5D_WORST })
      .expect(201);
    episode = { id: created.id, externalId: String(created.body.externalId) };
    const manager = await createUser(t, admin, 'staff', [a.id]);
    await t.http().put(`/api/v1/admin/users/${manager.id}/institutions/${a.id}/data-manager`).set(admin.headers).expect(200);
    dataManager = manager;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])(
    'lets a staff user sign in, find episodes, register one, key in admission forms, discharge, key in discharge forms, see the scores and sign out (%s)',
    async (label, javaScriptEnabled) => {
      const suffix = javaScriptEnabled ? 'js' : 'no-js';
      const checkPage = scriptFreePageCheck(label, javaScriptEnabled);
      const { context, page } = await openPage(browser, { javaScriptEnabled, locale: 'nb-NO', viewport: { width: 1024, height: 768 } });
      const consoleErrors = collectConsoleErrors(page);
      const transfers = recordTransfers(page);

      // Straight to the episodes: the workspace asks for sign-in first and comes back afterwards.
      await page.goto(`${base}/app/episodes`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await checkPage(page, 'sign-in');

      await page.getByRole('button', { name: 'Logg inn' }).click();
      await page.locator('.ds-error-summary').waitFor();
      await checkPage(page, 'sign-in with errors');
      await screenshot(page, `workspace-sign-in-errors-${suffix}`);

      await signIn(page, a.staff.email, { landing: /\/app\/episodes$/ });
      await page.getByRole('heading', { level: 1, name: 'Episoder' }).waitFor();
      expect(await page.getByRole('status').textContent()).toContain('Du er logget inn.');
      expect(await page.textContent('body')).toContain(a.name);
      await checkPage(page, 'episode list');
      await screenshot(page, `workspace-episodes-${suffix}`);

      // Filters work as a plain GET form.
      await page.getByLabel('Program').selectOption('cardiac');
      await Promise.all([page.waitForURL(/programme=cardiac/), page.getByRole('button', { name: 'Vis episoder' }).click()]);
      expect(await page.textContent('#episodes-count')).toBe('1 episoder');
      await checkPage(page, 'filtered list');
      await page.goto(`${base}/app/episodes`);

      await Promise.all([page.waitForURL(/\/app\/episodes\/[0-9a-f-]{36}$/), page.getByRole('link', { name: episode.externalId }).click()]);
      await page.getByRole('heading', { level: 1, name: `Episode ${episode.externalId}` }).waitFor();
      expect(await page.textContent('main')).toContain('55555');
      await checkPage(page, 'episode');
      await screenshot(page, `workspace-episode-${suffix}`);

      // Register an episode: first with errors (summary linking to the fields), then right; then discharge it.
      const externalId = `WEB-${suffix}-${Date.now()}`;
      await page.goto(`${base}/app/episodes/new`);
      await checkPage(page, 'register episode');
      await page.getByLabel('Episode-ID').fill(externalId);
      await page.getByLabel('Fødselsnummer').fill('12345678901');
      await page.getByLabel('Innleggelsesdato').fill('2026-03-02');
      await page.getByRole('button', { name: 'Registrer episoden' }).click();
      await page.locator('.ds-error-summary').waitFor();
      expect(await page.inputValue('#nationalId')).toBe('');
      await checkPage(page, 'register episode with errors');
      await screenshot(page, `workspace-register-errors-${suffix}`);
      await page.getByLabel('Fødselsnummer').fill(newNationalId(1948));
      await page.getByLabel('Behandlingsform').selectOption('inpatient');
      await page.getByLabel('Tjenestenivå').selectOption('specialist');
      await page.getByLabel('Program', { exact: true }).selectOption('stroke');
      await page.getByLabel('Hoveddiagnose (ICD-10)').fill('I63.9');
      await page.getByLabel('Samtykke', { exact: true }).selectOption('given');
      await page.getByLabel('Dato for samtykke').fill('2026-03-02');
      await Promise.all([
        page.waitForURL(/\/app\/episodes\/[0-9a-f-]{36}$/),
        page.getByRole('button', { name: 'Registrer episoden' }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toContain('Episoden er registrert.');
      await page.getByRole('heading', { level: 1, name: `Episode ${externalId}` }).waitFor();
      const keyIn = async (link: string, answers: Record<string, string>, state: string) => {
        await page.getByRole('link', { name: link }).click();
        await page.getByLabel('Utfylt dato').fill(state.startsWith('discharge') ? '2026-03-20' : '2026-03-03');
        for (const [item, value] of Object.entries(answers)) {
          if (item === 'vas') await page.locator('#vas').fill(value);
          else await page.locator(value === '1st' ? `#${item}` : `#${item}-${value}`).check();
        }
        await checkPage(page, state);
        await Promise.all([page.waitForURL(/\/responses\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Lagre skjemaet' }).click()]);
        expect(await page.getByRole('status').textContent()).toContain('Skjemaet er lagret.');
        await checkPage(page, `${state} saved`);
        await page.getByRole('link', { name: `Episode ${externalId}` }).click();
      };
      const eq5d = (level: string) => ({
        mobility: level,
        selfCare: level,
        usualActivities: level,
        painDiscomfort: level,
        anxietyDepression: level,
      });
      const barthel = {
        feeding: '10',
        bathing: '5',
        grooming: '5',
        dressing: '10',
        bowels: '10',
        bladder: '10',
        toiletUse: '10',
        transfers: '15',
        mobility: '15',
        stairs: '10',
      };
      await keyIn('Registrer EQ-5D-5L ved innleggelse', { ...eq5d('3'), vas: '40' }, 'admission EQ-5D-5L');
      await screenshot(page, `workspace-episode-forms-${suffix}`);
      await keyIn('Registrer Barthel index ved innleggelse', { ...barthel, stairs: '1st', transfers: '1st' }, 'admission Barthel');
      await page.getByRole('link', { name: 'Skriv ut pasienten' }).click();
      await page.getByLabel('Utskrivningsdato').fill('2026-03-20');
      await page.getByLabel('Utskrevet til (valgfritt)').selectOption('home');
      await checkPage(page, 'discharge');
      await Promise.all([page.waitForURL(/\/app\/episodes\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Skriv ut' }).click()]);
      expect(await page.getByRole('status').textContent()).toContain('Pasienten er skrevet ut.');
      await checkPage(page, 'discharged episode');
      await keyIn('Registrer EQ-5D-5L ved utskrivning', { ...eq5d('2'), mobility: '1st', vas: '80' }, 'discharge EQ-5D-5L');
      await keyIn('Registrer Barthel index ved utskrivning', barthel, 'discharge Barthel');
      // The episode shows every form with its scores: admission 33333 and Barthel 75, discharge 12222 and 100.
      const scores = await page.textContent('#responses + div');
      for (const expected of ['33333', 'VAS 40', '75/100', '12222', 'VAS 80', '100/100']) expect(scores).toContain(expected);
      await screenshot(page, `workspace-episode-scores-${suffix}`);

      // The layout holds at 320 px (WCAG reflow) on the list and the episode.
      await page.setViewportSize({ width: 320, height: 640 });
      await expectNoSidewaysScrolling(page);
      await page.goto(`${base}/app/episodes`);
      await expectNoSidewaysScrolling(page);
      await page.setViewportSize({ width: 1024, height: 768 });

      // The language kept on the user: English, then back.
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'English' }).click()]);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.getByRole('heading', { level: 1, name: 'Episodes' }).waitFor();
      await checkPage(page, 'episode list in English');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Bokmål' }).click()]);

      await Promise.all([page.waitForURL(/\/login$/), page.getByRole('button', { name: 'Logg ut' }).click()]);
      expect(await page.getByRole('status').textContent()).toContain('Du er logget ut.');
      await checkPage(page, 'signed out');
      await page.goto(`${base}/app/episodes/${episode.id}`);
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(consoleErrors).toEqual([]);

      expectPagesWithStylesheetUnder50KB(await transfers(), `workspace-transfer-size-${suffix}`);
      await context.close();
    },
    // about twenty pages, each checked by axe: minutes on a loaded machine
    480_000,
  );

  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])(
    'lets a staff user make and print an invitation, and the patient answers it on the form (%s)',
    async (label, javaScriptEnabled) => {
      const suffix = javaScriptEnabled ? 'js' : 'no-js';
      const checkPage = scriptFreePageCheck(label, javaScriptEnabled);
      const { id } = await createEpisode(t, a.apiKey.headers, { admissionDate: '2026-02-04' });
      const { context, page } = await openSignedIn(browser, base, a.staff.email, {
        javaScriptEnabled,
        locale: 'nb-NO',
        viewport: { width: 1024, height: 768 },
      });
      await page.goto(`${base}/app/episodes/${id}`);
      await page.getByRole('link', { name: 'Invitasjoner' }).click();
      await checkPage(page, 'invitations');
      await page.getByLabel('Tidspunkt').selectOption('follow_up');
      await Promise.all([page.waitForURL(/\/print$/), page.getByRole('button', { name: 'Lag og skriv ut' }).click()]);
      expect(await page.getByRole('status').textContent()).toContain('Invitasjonen er laget.');
      await checkPage(page, 'invitation to print');
      await screenshot(page, `workspace-invitation-print-${suffix}`);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.rr-header').isVisible()).toBe(false);
      await screenshot(page, `workspace-invitation-printed-${suffix}`);
      await page.emulateMedia({ media: 'screen' });
      expect(await page.locator('img.rr-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      const token = /\/forms\/([A-Za-z0-9_-]+)/.exec((await page.textContent('.rr-url'))!)![1];
      const { context: patientContext, page: patient } = await openPage(browser, { javaScriptEnabled, locale: 'nb-NO' });
      await patient.goto(`${base}/forms/${token}`);
      for (const dimension of ['mobility', 'selfCare', 'usualActivities', 'painDiscomfort', 'anxietyDepression']) {
        await patient.locator(`label[for="${dimension}-1"]`).click();
        await Promise.all([patient.waitForEvent('load'), patient.getByRole('button', { name: 'Neste' }).click()]);
      }
      await patient.locator('#vas').fill('90');
      await Promise.all([patient.waitForURL(/step=review/), patient.getByRole('button', { name: 'Neste' }).click()]);
      await patient.getByRole('button', { name: 'Send svarene' }).click();
      await patient.getByRole('heading', { level: 1, name: 'Takk for svarene!' }).waitFor();
      await patientContext.close();
      await page.getByRole('link', { name: 'Tilbake til invitasjonene' }).click();
      expect(await page.textContent('main table')).toContain('Besvart');

      await checkPage(page, 'invitations with an answered one');
      await page.setViewportSize({ width: 320, height: 640 });
      await expectNoSidewaysScrolling(page);
      await context.close();
    },
    240_000,
  );

  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])(
    "lets a data manager export the institution's own data and download a file (%s)",
    async (label, javaScriptEnabled) => {
      const suffix = javaScriptEnabled ? 'js' : 'no-js';
      const checkPage = scriptFreePageCheck(label, javaScriptEnabled);
      const { context, page } = await openSignedIn(browser, base, dataManager.email, {
        javaScriptEnabled,
        locale: 'nb-NO',
        viewport: { width: 1024, height: 768 },
      });
      await page.getByRole('link', { name: 'Uttrekk' }).first().click();
      await checkPage(page, 'exports');
      await page.getByLabel('Innlagt fra').fill('2026-01-01');
      await page.getByLabel('Innlagt til').fill('2026-12-31');
      await Promise.all([
        page.waitForURL(/\/app\/exports\/[0-9a-f-]{36}$/),
        page.getByRole('button', { name: 'Bestill uttrekket' }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toContain('Uttrekket er bestilt.');
      await checkPage(page, 'export requested');
      for (let i = 0; i < 120 && !(await page.getByRole('link', { name: 'Last ned episodes.csv' }).count()); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await page.reload();
      }
      await checkPage(page, 'export ready');
      await screenshot(page, `workspace-export-${suffix}`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Last ned episodes.csv' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('episodes.csv');
      await context.close();
    },
    240_000,
  );

  it('shows a refusal, the start page and the password page as accessible pages', async () => {
    const { context, page } = await openSignedIn(browser, base, a.staff.email, { locale: 'en-GB' });
    await expectNoAxeViolations(page, 'start page');
    const missing = await page.goto(`${base}/app/episodes/00000000-0000-4000-8000-000000000000`);
    expect(missing!.status()).toBe(404);
    await expectNoAxeViolations(page, 'not found');
    await page.goto(`${base}/app/password`);
    await expectNoAxeViolations(page, 'change password');
    // The user's own language (kept from the journeys above) or, if none, the browser's.
    await page.getByRole('button', { name: /^(Change password|Endre passord)$/ }).click();
    await page.locator('.ds-error-summary').waitFor();
    await page.waitForLoadState('load');
    await expectNoAxeViolations(page, 'change password with errors');
    await page.goto(base);
    await expectNoAxeViolations(page, 'front page');
    await context.close();
  }, 180_000);
});
