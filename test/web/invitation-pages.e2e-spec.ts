/**
 * An episode's invitations in the staff's pages: make one (the API's validation and rules), print it
 * (the link and its QR code, only while open), list and revoke; nothing of another institution.
 */
import { asOwner } from '../support/database';
import { createEpisode, EQ5D_WORST, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, csrfOf, get, post, submitForm, twoSignedInInstitutions } from './web-support';

describe('the staff invitation pages', () => {
  let t: TestApp;
  let a: InstitutionWorld;
  let staffA: Browser;
  let staffB: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    ({ a, staffA, staffB } = await twoSignedInInstitutions(t));
  });
  afterAll(() => t.close());

  const make = (browser: Browser, episodeId: string, form: Record<string, string>) =>
    submitForm(t, browser, `/app/episodes/${episodeId}/invitations`, `/app/episodes/${episodeId}/invitations`, form);

  it('makes an invitation and shows the letter to print with the link and its QR code, audited', async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    expect((await get(t, staffA, `/app/episodes/${id}/invitations`)).text).toContain('Episoden har ingen invitasjoner.');
    const res = await make(staffA, id, { timepoint: 'discharge', language: 'nn', expiresInDays: '7' });
    expect(res.status).toBe(303);
    const invitationId = /\/invitations\/([0-9a-f-]{36})\/print$/.exec(res.headers.location)![1];
    const print = await get(t, staffA, res.headers.location);
    expect(print.status).toBe(200);
    expect(print.text).toContain('Invitasjonen er laget.');
    expect(print.text).toContain('Spørjeskjema om helsa di'); // the letter in the invitation's language
    expect(print.text).toMatch(/<img class="rr-qr" src="data:image\/svg\+xml;base64,/);
    const url = /class="rr-url">([^<]+)</.exec(print.text)![1];
    const form = await t.http().get(new URL(url).pathname).set('Accept-Language', 'nb');
    expect(form.status).toBe(200);
    const list = await t.http().get(`/api/v1/episodes/${id}/invitations`).set(a.staff.headers).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: invitationId, timepoint: 'discharge', language: 'nn', state: 'open' })]);
    const audit = await asOwner(
      async (c) =>
        (
          await c.query(`SELECT action, actor_id FROM audit_events WHERE $1 = ANY (object_ids) ORDER BY occurred_at, action`, [
            invitationId,
          ])
        ).rows,
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'invitation.create', actor_id: a.staff.id },
        { action: 'invitation.qr', actor_id: a.staff.id },
      ]),
    );
  });

  it('shows errors at the fields, refuses an invitation for a form already answered, and revokes one', async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    const bad = await make(staffA, id, { timepoint: '', language: 'de', expiresInDays: '999' });
    expect(bad.status).toBe(400);
    for (const field of ['timepoint', 'language', 'expiresInDays']) expect(bad.text).toContain(`href="#${field}"`);
    expect(bad.text).toContain('value="999"');
    await t
      .http()
      .post(`/api/v1/episodes/${id}/responses`)
      .set(a.apiKey.headers)
      .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-03', mode: 'patient_paper', answers: EQ5D_WORST })
      .expect(201);
    const answered = await make(staffA, id, { timepoint: 'admission' });
    expect(answered.status).toBe(400);
    expect(answered.text).toContain('ingenting igjen for pasienten');

    const made = await make(staffA, id, { timepoint: 'discharge' });
    const printPath = made.headers.location as string;
    const listPage = await get(t, staffA, `/app/episodes/${id}/invitations`);
    expect(listPage.text).toContain('Åpen');
    const revoked = await post(t, staffA, printPath.replace(/\/print$/, '/revoke'), { _csrf: csrfOf(listPage.text) });
    expect(revoked.status).toBe(303);
    const after = await get(t, staffA, `/app/episodes/${id}/invitations`);
    expect(after.text).toContain('Invitasjonen er trukket tilbake.');
    expect(after.text).toContain('Trukket tilbake');
    expect(after.text).not.toContain(printPath);
    expect((await get(t, staffA, printPath)).status).toBe(409);
  });

  it("gives a staff user of another institution no invitation page of A's episodes and no way to revoke", async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    const made = await make(staffA, id, { timepoint: 'discharge' });
    const printPath = made.headers.location as string;
    for (const path of [`/app/episodes/${id}/invitations`, printPath]) expect((await get(t, staffB, path)).status).toBe(404);
    const own = await get(t, staffB, '/app');
    for (const [path, form] of [
      [`/app/episodes/${id}/invitations`, { timepoint: 'follow_up' }],
      [printPath.replace(/\/print$/, '/revoke'), {}],
    ] as const) {
      const res = await post(t, staffB, path, { _csrf: csrfOf(own.text), ...form });
      expect(res.status).toBe(404);
    }
    const list = await t.http().get(`/api/v1/episodes/${id}/invitations`).set(a.staff.headers).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ state: 'open' })]);
  });
});
