import { createHash } from 'node:crypto';
import { asAppRole, asOwner } from '../support/database';
import { Actor, createAdmin, createEpisode, createInstitutionWorld, EQ5D_WORST, InstitutionWorld } from '../support/fixtures';
import { createTestApp, fromAddress, TestApp, TRUST_ONE_PROXY } from '../support/test-app';
import { ALL_ANSWERS, answer, createInvitation, csrfOf, patientBrowser } from './form-support';

async function invitationRow(id: string) {
  return asOwner(
    async (c) =>
      (
        await c.query(
          `SELECT draft, used_at, revoked_at, response_id, token_hash, token_nonce, expires_at FROM invitations WHERE id = $1`,
          [id],
        )
      ).rows[0],
  );
}

async function responsesOf(episodeId: string) {
  return asOwner(async (c) => (await c.query(`SELECT * FROM responses WHERE episode_id = $1`, [episodeId])).rows);
}

describe('patient web form over HTTP', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    b = await createInstitutionWorld(t, admin, 'helse-vest');
  });
  afterAll(() => t.close());

  describe('invitations (staff API)', () => {
    it('creates a one-time link that expires in 14 days, storing only the hash of its token', async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const invitation = await createInvitation(t, a.staff.headers, episode.id);
      expect(invitation.url).toBe(`${t.config.publicBaseUrl}/forms/${invitation.token}`);
      expect(invitation.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const days = (Date.parse(invitation.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(13.9);
      expect(days).toBeLessThan(14.1);
      const row = await invitationRow(invitation.id);
      expect(row.token_hash.equals(createHash('sha256').update(invitation.token).digest())).toBe(true);
      const dump = await asOwner(async (c) => JSON.stringify((await c.query(`SELECT * FROM invitations`)).rows));
      expect(dump).not.toContain(invitation.token);
    });

    it('lists invitations with their state, revokes them, and draws the link as a QR code', async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const first = await createInvitation(t, a.apiKey.headers, episode.id, { language: 'nn', expiresInDays: 3 });
      const second = await createInvitation(t, a.apiKey.headers, episode.id, { timepoint: 'discharge' });
      const qr = await t.http().get(`/api/v1/episodes/${episode.id}/invitations/${first.id}/qr.svg`).set(a.staff.headers).expect(200);
      expect(qr.headers['content-type']).toContain('image/svg+xml');
      expect(String(qr.body ?? qr.text)).toContain('<svg');
      await t.http().delete(`/api/v1/episodes/${episode.id}/invitations/${first.id}`).set(a.staff.headers).expect(204);
      await t.http().delete(`/api/v1/episodes/${episode.id}/invitations/${first.id}`).set(a.staff.headers).expect(204);
      await t.http().get(`/api/v1/episodes/${episode.id}/invitations/${first.id}/qr.svg`).set(a.staff.headers).expect(409);
      const list = await t.http().get(`/api/v1/episodes/${episode.id}/invitations`).set(a.staff.headers).expect(200);
      expect(list.body.map((i: { id: string; state: string; language: string | null }) => [i.id, i.state, i.language])).toEqual([
        [second.id, 'open', null],
        [first.id, 'revoked', 'nn'],
      ]);
      expect(JSON.stringify(list.body)).not.toContain(first.token);
    });

    it("answers another institution's staff 404 on every invitation route", async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const invitation = await createInvitation(t, a.staff.headers, episode.id);
      const base = `/api/v1/episodes/${episode.id}/invitations`;
      await t.http().post(base).set(b.staff.headers).send({ timepoint: 'admission', instrument: 'eq5d-5l' }).expect(404);
      await t.http().get(base).set(b.staff.headers).expect(404);
      await t.http().get(`${base}/${invitation.id}/qr.svg`).set(b.staff.headers).expect(404);
      await t.http().delete(`${base}/${invitation.id}`).set(b.staff.headers).expect(404);
      expect((await invitationRow(invitation.id)).revoked_at).toBeNull();
    });

    it('hides invitations from the app role without an institution setting, and finds one by token hash only', async () => {
      const invitation = await createInvitation(t, a.staff.headers, (await createEpisode(t, a.apiKey.headers)).id);
      const hash = createHash('sha256').update(invitation.token).digest();
      const seen = await asAppRole(async (c) => ({
        rows: (await c.query(`SELECT count(*)::int AS n FROM invitations`)).rows[0].n,
        byHash: (await c.query(`SELECT * FROM invitation_by_token_hash($1)`, [hash])).rows,
      }));
      expect(seen.rows).toBe(0);
      expect(seen.byHash).toEqual([
        {
          invitation_id: invitation.id,
          institution_id: a.id,
          episode_id: expect.any(String),
          timepoint: 'admission',
          instrument: 'eq5d-5l',
          language: null,
          state: 'open',
        },
      ]);
    });

    it('refuses bad input and an invitation for an already answered questionnaire', async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const base = `/api/v1/episodes/${episode.id}/invitations`;
      const bad = await t
        .http()
        .post(base)
        .set(a.staff.headers)
        .send({ timepoint: 'later', instrument: 'barthel', language: 'sv', expiresInDays: 0 })
        .expect(400);
      expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
        '/expiresInDays',
        '/instrument',
        '/language',
        '/timepoint',
      ]);
      await t
        .http()
        .post(`/api/v1/episodes/${episode.id}/responses`)
        .set(a.staff.headers)
        .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-02', mode: 'patient_paper', answers: EQ5D_WORST })
        .expect(201);
      await t.http().post(base).set(a.staff.headers).send({ timepoint: 'admission', instrument: 'eq5d-5l' }).expect(409);
    });
  });

  describe('the form', () => {
    it('takes the patient through five dimensions, the VAS and a review, and stores a scored patient_web response once', async () => {
      const episode = await createEpisode(t, a.apiKey.headers, { admissionDate: '2026-03-02' });
      const invitation = await createInvitation(t, a.staff.headers, episode.id);
      const browser = patientBrowser(t);
      const first = await browser.get(`/forms/${invitation.token}`).expect(200);
      expect(first.headers['content-type']).toContain('text/html');
      expect(first.headers['cache-control']).toBe('no-store');
      expect(first.headers['referrer-policy']).toBe('no-referrer');
      const csp = first.headers['content-security-policy'];
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(first.headers['set-cookie'][0]).toMatch(/HttpOnly; SameSite=Strict/);
      expect(first.headers['content-encoding']).toBe('gzip');
      for (const id of [episode.id, invitation.id, a.id]) expect(first.text).not.toContain(id);
      expect(first.text).toContain('<fieldset');
      expect(first.text).toContain('[Plassholder]');

      for (const [step, value] of ALL_ANSWERS) {
        const saved = await answer(browser, invitation.token, step, value);
        expect(saved.status).toBe(303);
        expect(saved.headers.location).toMatch(new RegExp(`^/forms/${invitation.token}\\?step=\\w+&lang=nb$`));
      }
      const review = await browser.get(`/forms/${invitation.token}?step=review`).expect(200);
      expect(review.text).toContain('65');
      const done = await browser
        .post(`/forms/${invitation.token}/submit`)
        .type('form')
        .send({ _csrf: csrfOf(review.text), lang: 'nb' })
        .expect(200);
      expect(done.text).toContain('Takk for svarene');

      const [response] = await responsesOf(episode.id);
      expect(response).toMatchObject({
        mode: 'patient_web',
        timepoint: 'admission',
        instrument: 'eq5d-5l',
        eq5d_state: '21341',
        eq5d_level_sum: 11,
        eq5d_vas: 65,
      });
      expect(response.eq5d_index).toEqual(expect.any(Number));
      const read = await t.http().get(`/api/v1/episodes/${episode.id}`).set(a.staff.headers).expect(200);
      expect(read.body.responses[0]).toMatchObject({ mode: 'patient_web', scores: { state: '21341', levelSum: 11, vas: 65 } });
      const row = await invitationRow(invitation.id);
      expect(row).toMatchObject({ response_id: response.id, draft: {} });
      expect(row.used_at).not.toBeNull();

      const audit = await asOwner(
        async (c) =>
          (
            await c.query(`SELECT actor_type, actor_id, action, institution_id FROM audit_events WHERE actor_id = $1 ORDER BY id`, [
              invitation.id,
            ])
          ).rows,
      );
      expect(new Set(audit.map((e) => e.action))).toEqual(new Set(['form.view', 'form.save', 'response.create', 'invitation.use']));
      expect(audit.every((e) => e.actor_type === 'invitation' && e.institution_id === a.id)).toBe(true);

      // The token no longer works: a friendly 410 page, and nothing changes.
      const again = await browser.get(`/forms/${invitation.token}`).expect(410);
      expect(again.text).toContain('allerede sendt');
      expect(again.text).not.toMatch(/at \w+ \(|Error:|stack/i);
      await browser
        .post(`/forms/${invitation.token}/submit`)
        .type('form')
        .send({ _csrf: csrfOf(review.text), lang: 'nb' })
        .expect(410);
      expect(await responsesOf(episode.id)).toHaveLength(1);
    });

    it('keeps partial answers across a reload, resuming at the first unanswered question', async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const invitation = await createInvitation(t, a.staff.headers, episode.id);
      const browser = patientBrowser(t);
      await answer(browser, invitation.token, 'mobility', 3);
      await answer(browser, invitation.token, 'selfCare', 2);
      const resumed = await patientBrowser(t).get(`/forms/${invitation.token}`).expect(200);
      expect(resumed.text).toContain('name="step" value="usualActivities"');
      const back = await browser.get(`/forms/${invitation.token}?step=mobility`).expect(200);
      expect(back.text).toMatch(/id="mobility-3" value="3" checked/);
      expect((await invitationRow(invitation.id)).draft).toEqual({ answers: { mobility: 3, selfCare: 2 }, language: 'nb' });
    });

    it.each([
      ['a level 6', 'mobility', '6'],
      ['a level 0', 'selfCare', '0'],
      ['a level of 2.5', 'selfCare', '2.5'],
      ['a VAS of 101', 'vas', '101'],
      ['a VAS of -1', 'vas', '-1'],
      ['no choice', 'painDiscomfort', ''],
    ])('answers %s with the page and its error, and saves nothing', async (_name, step, value) => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const invitation = await createInvitation(t, a.staff.headers, episode.id);
      const browser = patientBrowser(t);
      const res = await answer(browser, invitation.token, step, value);
      expect(res.status).toBe(400);
      expect(res.text).toContain('ds-error-summary');
      expect(res.text).toContain('aria-invalid="true"');
      expect(res.text).toMatch(new RegExp(`href="#${step === 'vas' ? 'vas' : `${step}-1`}"`));
      expect(res.text).toMatch(/<title>Feil: /);
      expect((await invitationRow(invitation.id)).draft).toEqual({});
    });

    it('refuses a tampered step name and repeated fields without saving', async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const invitation = await createInvitation(t, a.staff.headers, episode.id);
      const browser = patientBrowser(t);
      const csrf = csrfOf((await browser.get(`/forms/${invitation.token}`)).text);
      await browser.post(`/forms/${invitation.token}`).type('form').send({ _csrf: csrf, step: 'episodeId', answer: '1' }).expect(400);
      await browser
        .post(`/forms/${invitation.token}`)
        .type('form')
        .send(`_csrf=${encodeURIComponent(csrf)}&step=mobility&answer=1&answer=5`)
        .expect(400);
      expect((await invitationRow(invitation.id)).draft).toEqual({});
    });

    it('sends the review back with links to what is missing, storing nothing, when a dimension is unanswered', async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const invitation = await createInvitation(t, a.staff.headers, episode.id);
      const browser = patientBrowser(t);
      for (const [step, value] of ALL_ANSWERS.filter(([step]) => step !== 'usualActivities'))
        await answer(browser, invitation.token, step, value);
      const review = await browser.get(`/forms/${invitation.token}?step=review`);
      const res = await browser
        .post(`/forms/${invitation.token}/submit`)
        .type('form')
        .send({ _csrf: csrfOf(review.text), lang: 'nb' })
        .expect(422);
      expect(res.text).toContain('ds-error-summary');
      expect(res.text).toContain(`href="/forms/${invitation.token}?step=usualActivities&amp;lang=nb"`);
      expect(await responsesOf(episode.id)).toHaveLength(0);
      expect((await invitationRow(invitation.id)).used_at).toBeNull();
    });

    it('refuses POSTs without the matching CSRF cookie and field, and changes nothing', async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const invitation = await createInvitation(t, a.staff.headers, episode.id);
      const browser = patientBrowser(t);
      for (const [step, value] of ALL_ANSWERS) await answer(browser, invitation.token, step, value);
      const draftBefore = (await invitationRow(invitation.id)).draft;
      const csrf = csrfOf((await browser.get(`/forms/${invitation.token}?step=review`)).text);
      // No cookie (another site's form, or cookies off):
      const stranger = patientBrowser(t);
      const noCookie = await stranger.post(`/forms/${invitation.token}/submit`).type('form').send({ _csrf: csrf }).expect(403);
      expect(noCookie.text).toContain('Siden var utdatert');
      // Right cookie, wrong or missing field:
      await browser
        .post(`/forms/${invitation.token}/submit`)
        .type('form')
        .send({ _csrf: csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) })
        .expect(403);
      await browser.post(`/forms/${invitation.token}`).type('form').send({ step: 'mobility', answer: '5' }).expect(403);
      // Another invitation's field with this browser's cookie:
      const other = await createInvitation(t, a.staff.headers, (await createEpisode(t, a.apiKey.headers)).id);
      const otherCsrf = csrfOf((await browser.get(`/forms/${other.token}`)).text);
      await browser.post(`/forms/${invitation.token}`).type('form').send({ _csrf: otherCsrf, step: 'mobility', answer: '5' }).expect(403);
      expect(await responsesOf(episode.id)).toHaveLength(0);
      expect((await invitationRow(invitation.id)).draft).toEqual(draftBefore);
    });

    it('shows friendly pages for revoked (410), expired (410) and unknown (404) links', async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const revoked = await createInvitation(t, a.staff.headers, episode.id);
      const browser = patientBrowser(t);
      const csrf = csrfOf((await browser.get(`/forms/${revoked.token}`).expect(200)).text);
      await t.http().delete(`/api/v1/episodes/${episode.id}/invitations/${revoked.id}`).set(a.staff.headers).expect(204);
      expect((await browser.get(`/forms/${revoked.token}`).expect(410)).text).toContain('trukket tilbake');
      await browser.post(`/forms/${revoked.token}`).type('form').send({ _csrf: csrf, step: 'mobility', answer: '1' }).expect(410);
      expect((await invitationRow(revoked.id)).draft).toEqual({});

      const expired = await createInvitation(t, a.staff.headers, episode.id);
      await asOwner((c) => c.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.id]));
      const page = await browser.get(`/forms/${expired.token}`).set('Accept-Language', 'en').expect(410);
      expect(page.text).toContain('This link has expired');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");

      const unknown = await browser.get(`/forms/${'A'.repeat(32)}`).expect(404);
      expect(unknown.text).toContain('Vi finner ikke dette skjemaet');
      await browser.get('/forms/not-a-token').expect(404);
      await browser
        .post(`/forms/${'A'.repeat(32)}/submit`)
        .type('form')
        .send({})
        .expect(404);
    });

    it("closes the form once staff register the answer or the patient withdraws, in the invitation's language", async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const invitation = await createInvitation(t, a.staff.headers, episode.id, { language: 'en' });
      await t
        .http()
        .post(`/api/v1/episodes/${episode.id}/responses`)
        .set(a.staff.headers)
        .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-02', mode: 'patient_paper', answers: EQ5D_WORST })
        .expect(201);
      expect((await patientBrowser(t).get(`/forms/${invitation.token}`).expect(410)).text).toContain(
        'These questions have already been answered',
      );

      const withdrawn = await createEpisode(t, a.apiKey.headers);
      const other = await createInvitation(t, a.staff.headers, withdrawn.id);
      await asOwner((c) => c.query(`UPDATE episodes SET withdrawn_at = now() WHERE id = $1`, [withdrawn.id]));
      expect((await patientBrowser(t).get(`/forms/${other.token}`).expect(410)).text).toContain('ikke lenger tilgjengelig');
    });

    it('answers clients that do not ask for HTML with problem+json', async () => {
      const res = await t
        .http()
        .get(`/forms/${'B'.repeat(32)}`)
        .expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 404, type: 'urn:rehabreg:problem:form-notFound' });
      expect(JSON.stringify(res.body)).not.toContain('B'.repeat(32));
    });

    it("speaks the invitation's language, else the browser's, and lets the patient switch", async () => {
      const episode = await createEpisode(t, a.apiKey.headers);
      const nynorsk = await createInvitation(t, a.staff.headers, episode.id, { language: 'nn' });
      expect((await patientBrowser(t).get(`/forms/${nynorsk.token}`).set('Accept-Language', 'en').expect(200)).text).toContain(
        '<html lang="nn"',
      );
      const open = await createInvitation(t, a.staff.headers, episode.id, { timepoint: 'discharge' });
      const browser = patientBrowser(t);
      const english = await browser.get(`/forms/${open.token}`).set('Accept-Language', 'en-GB,en;q=0.9,nb;q=0.5').expect(200);
      expect(english.text).toContain('<html lang="en"');
      expect(english.text).toContain('[Placeholder]');
      const switched = await browser.get(`/forms/${open.token}?lang=nn`).set('Accept-Language', 'en').expect(200);
      expect(switched.text).toContain('<html lang="nn"');
      expect(switched.text).toContain('hreflang="nb"');
      await answer(browser, open.token, 'mobility', 1, 'nn');
      expect((await browser.get(`/forms/${open.token}`).set('Accept-Language', 'en').expect(200)).text).toContain('<html lang="nn"');
    });

    it('serves its stylesheet and script from the app, cached for a year and gzipped', async () => {
      const page = await patientBrowser(t).get(
        `/forms/${(await createInvitation(t, a.staff.headers, (await createEpisode(t, a.apiKey.headers)).id)).token}`,
      );
      const [, cssHref] = /<link rel="stylesheet" href="([^"]+)"/.exec(page.text)!;
      const [, jsHref] = /<script src="([^"]+)" defer><\/script>/.exec(page.text)!;
      const css = await t.http().get(cssHref.replace(/&amp;/g, '&')).expect(200);
      expect(css.headers['content-type']).toContain('text/css');
      expect(css.headers['cache-control']).toContain('immutable');
      expect(css.headers['content-encoding']).toBe('gzip');
      expect(css.text).toContain('.ds-error-summary');
      const js = await t.http().get(jsHref).expect(200);
      expect(js.headers['content-type']).toContain('javascript');
      await t.http().get(cssHref).set('If-None-Match', css.headers.etag).expect(304);
      expect(page.text).not.toMatch(/<style|style="|<script>/);
    });
  });

  describe('rate limits', () => {
    let limited: TestApp;
    beforeAll(async () => {
      limited = await createTestApp({
        FORM_RATE_LIMIT_PER_TOKEN_PER_MINUTE: '3',
        FORM_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '8',
        ...TRUST_ONE_PROXY,
      });
    });
    afterAll(() => limited.close());

    it('limits requests per token and per address with a 429 page', async () => {
      const episode = await createEpisode(limited, a.apiKey.headers);
      const invitation = await createInvitation(limited, a.staff.headers, episode.id);
      const browser = patientBrowser(limited).set(fromAddress());
      for (let i = 0; i < 3; i += 1) await browser.get(`/forms/${invitation.token}`).expect(200);
      const limitedPage = await browser.get(`/forms/${invitation.token}`).expect(429);
      expect(limitedPage.headers['retry-after']).toBe('60');
      expect(limitedPage.text).toContain('For mange forsøk');
      // The address has used 4 of 8; guessing tokens uses up the rest.
      for (let i = 0; i < 4; i += 1) await browser.get(`/forms/${String(i).repeat(32)}`).expect(404);
      await browser.get(`/forms/${'C'.repeat(32)}`).expect(429);
    });
  });
});
