/**
 * Registering, changing and discharging an episode from the staff's pages: the API's validation with
 * errors at each field and in a summary, the national identity number never written back, the same
 * audit as the API, and nothing of another institution.
 */
import { asOwner } from '../support/database';
import { createEpisode, InstitutionWorld, newNationalId } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, csrfOf, get, post, submitForm, twoSignedInInstitutions } from './web-support';

describe('the staff episode forms', () => {
  let t: TestApp;
  let a: InstitutionWorld;
  let staffA: Browser;
  let staffB: Browser;

  const stay = {
    admissionDate: '2026-03-02',
    setting: 'inpatient',
    serviceLevel: 'specialist',
    programme: 'stroke',
    mainDiagnosis: 'I63.9',
    consentStatus: 'given',
    consentDate: '2026-03-02',
  };

  beforeAll(async () => {
    t = await createTestApp();
    ({ a, staffA, staffB } = await twoSignedInInstitutions(t));
  });
  afterAll(() => t.close());

  const submit = (browser: Browser, formPath: string, action: string, form: Record<string, string>) =>
    submitForm(t, browser, formPath, action, form);

  it('registers an episode through EpisodeService, audited for the signed-in user, and shows it with a message', async () => {
    const nationalId = newNationalId(1950, 'male');
    const res = await submit(staffA, '/app/episodes/new', '/app/episodes', { externalId: 'WEB-REG-1', nationalId, sex: '', ...stay });
    expect(res.status).toBe(303);
    const id = /^\/app\/episodes\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
    const page = await get(t, staffA, res.headers.location);
    expect(page.text).toContain('Episoden er registrert.');
    expect(page.text).toContain('Episode WEB-REG-1');
    expect(page.text).toContain('1950');
    expect(page.text).not.toContain(nationalId);
    const api = await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers).expect(200);
    expect(api.body).toMatchObject({ externalId: 'WEB-REG-1', sex: 'male', programme: 'stroke', consent: { status: 'given' } });
    const audit = await asOwner(
      async (c) => (await c.query(`SELECT actor_id FROM audit_events WHERE action = 'episode.write' AND $1 = ANY (object_ids)`, [id])).rows,
    );
    expect(audit).toEqual([{ actor_id: a.staff.id }]);
  });

  it('shows the errors at each field and in a summary linking to them, keeps what was typed but never the number', async () => {
    const nationalId = '12345678901'; // fails the check digits
    const res = await submit(staffA, '/app/episodes/new', '/app/episodes', {
      externalId: 'WEB-ERR-1',
      nationalId,
      ...stay,
      admissionDate: '2999-01-01',
      mainDiagnosis: 'not a code',
      programme: 'nonsense',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<title>Feil: Registrer episode');
    for (const field of ['admissionDate', 'programme', 'mainDiagnosis']) {
      expect(res.text).toContain(`href="#${field}"`);
      expect(res.text).toContain(`id="${field}-error"`);
    }
    expect(res.text).toContain('value="WEB-ERR-1"');
    expect(res.text).toContain('value="not a code"');
    expect(res.text).not.toContain(nationalId);
    // The number is checked once the fields are valid; it is an error at its own field.
    const second = await submit(staffA, '/app/episodes/new', '/app/episodes', { externalId: 'WEB-ERR-1', nationalId, ...stay });
    expect(second.status).toBe(400);
    expect(second.text).toContain('href="#nationalId"');
    expect(second.text).toContain('Skriv et gyldig fødselsnummer');
    expect(second.text).not.toContain(nationalId);
    expect((await t.http().get('/api/v1/episodes?externalId=WEB-ERR-1').set(a.staff.headers).expect(200)).body.items).toEqual([]);
  });

  it('refuses an episode ID registered for another patient and an episode without consent, at their fields', async () => {
    const { body } = await createEpisode(t, a.apiKey.headers);
    const mismatch = await submit(staffA, '/app/episodes/new', '/app/episodes', {
      externalId: String(body.externalId),
      nationalId: newNationalId(1960),
      ...stay,
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('href="#nationalId"');
    expect(mismatch.text).toContain('registrert for en annen pasient');
    const refused = await submit(staffA, '/app/episodes/new', '/app/episodes', {
      externalId: 'WEB-CONSENT-1',
      nationalId: newNationalId(1961),
      ...stay,
      consentStatus: 'refused',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('href="#consentStatus"');
  });

  it('changes an episode and clears an emptied optional field; a discharge needs a date not before the admission', async () => {
    const { id } = await createEpisode(t, a.apiKey.headers, { referralDate: '2026-02-20', rehabLevel: '5.1' });
    const form = await get(t, staffA, `/app/episodes/${id}/edit`);
    expect(form.text).toContain('value="2026-02-20"');
    expect(form.text).toContain('<option value="5.1" selected>');
    const changed = await post(t, staffA, `/app/episodes/${id}`, {
      _csrf: csrfOf(form.text),
      ...stay,
      programme: 'cardiac',
      referralDate: '',
      rehabLevel: '',
      dischargeDate: '',
      dischargeDestination: '',
    });
    expect(changed.status).toBe(303);
    expect((await get(t, staffA, `/app/episodes/${id}`)).text).toContain('Episoden er endret.');
    const api = await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers).expect(200);
    expect(api.body).toMatchObject({ programme: 'cardiac', referralDate: null, rehabLevel: null });

    const empty = await submit(staffA, `/app/episodes/${id}/discharge`, `/app/episodes/${id}/discharge`, { dischargeDate: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Skriv utskrivningsdatoen.');
    const early = await submit(staffA, `/app/episodes/${id}/discharge`, `/app/episodes/${id}/discharge`, { dischargeDate: '2026-03-01' });
    expect(early.status).toBe(400);
    expect(early.text).toContain('href="#dischargeDate"');
    const done = await submit(staffA, `/app/episodes/${id}/discharge`, `/app/episodes/${id}/discharge`, {
      dischargeDate: '2026-03-20',
      dischargeDestination: 'home',
    });
    expect(done.status).toBe(303);
    const page = await get(t, staffA, `/app/episodes/${id}`);
    expect(page.text).toContain('Pasienten er skrevet ut.');
    expect(page.text).toContain('2026-03-20');
    expect(page.text).not.toContain(`/app/episodes/${id}/discharge`);
  });

  it('registers and changes the register content of an episode (professions, individual plan, coordinator, municipality notified) as the API does', async () => {
    const form = await get(t, staffA, '/app/episodes/new');
    for (const field of ['rehabLevel', 'professions', 'individualPlan', 'coordinator', 'municipalityNotifiedDate'])
      expect(form.text).toContain(`id="${field}"`);
    // A browser sends one field per ticked box.
    const postForm = (path: string, fields: Record<string, string>, professions: string[]) => {
      const body = new URLSearchParams(fields);
      for (const profession of professions) body.append('professions', profession);
      return t.http().post(path).type('form').set({ Cookie: staffA.cookie(), Accept: 'text/html' }).send(body.toString());
    };
    const content = { rehabLevel: '5.1', individualPlan: 'established', coordinator: 'assigned', municipalityNotifiedDate: '2026-03-10' };
    const bad = await postForm(
      '/app/episodes',
      {
        _csrf: csrfOf(form.text),
        externalId: 'WEB-CONTENT-1',
        nationalId: newNationalId(1960, 'female'),
        ...stay,
        ...content,
        individualPlan: 'maybe',
        municipalityNotifiedDate: '2999-01-01',
      },
      ['physician', 'astronaut'],
    );
    expect(bad.status).toBe(400);
    for (const field of ['professions', 'individualPlan', 'municipalityNotifiedDate']) expect(bad.text).toContain(`href="#${field}"`);
    expect(bad.text).toMatch(/id="professions"[^>]*checked/); // physician stays ticked
    const res = await postForm(
      '/app/episodes',
      { _csrf: csrfOf(form.text), externalId: 'WEB-CONTENT-1', nationalId: newNationalId(1960, 'female'), ...stay, ...content },
      ['physiotherapist', 'physician'],
    );
    expect(res.status).toBe(303);
    const id = /^\/app\/episodes\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
    const api = await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers).expect(200);
    expect(api.body).toMatchObject({ ...content, professions: ['physician', 'physiotherapist'], professionCount: 2 });
    const page = await get(t, staffA, `/app/episodes/${id}`);
    for (const text of ['Lege, Fysioterapeut', 'Opprettet', 'Oppnevnt', '2026-03-10']) expect(page.text).toContain(text);

    const edit = await get(t, staffA, `/app/episodes/${id}/edit`);
    expect(edit.text).toMatch(/id="professions-physiotherapist"[^>]*checked/);
    expect(edit.text).toContain('<option value="established" selected>');
    expect(edit.text).toContain('value="2026-03-10"');
    // Untick every profession and empty the coordinator and the date: the API's null, as for any optional field.
    const changed = await postForm(
      `/app/episodes/${id}`,
      { _csrf: csrfOf(edit.text), ...stay, rehabLevel: '5.2', individualPlan: 'not_needed', coordinator: '', municipalityNotifiedDate: '' },
      [],
    );
    expect(changed.status).toBe(303);
    const after = await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers).expect(200);
    expect(after.body).toMatchObject({
      rehabLevel: '5.2',
      professions: null,
      individualPlan: 'not_needed',
      coordinator: null,
      municipalityNotifiedDate: null,
    });
  });

  it("gives a staff user of another institution no form of A's episodes and no way to change them", async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    for (const path of [`/app/episodes/${id}/edit`, `/app/episodes/${id}/discharge`]) expect((await get(t, staffB, path)).status).toBe(404);
    const own = await get(t, staffB, '/app/episodes/new');
    for (const [path, form] of [
      [`/app/episodes/${id}`, { ...stay, programme: 'cardiac' }],
      [`/app/episodes/${id}/discharge`, { dischargeDate: '2026-03-20' }],
    ] as const) {
      const res = await post(t, staffB, path, { _csrf: csrfOf(own.text), ...form });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    const api = await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers).expect(200);
    expect(api.body).toMatchObject({ programme: 'stroke', dischargeDate: null });
  });

  it('refuses a form without its CSRF token', async () => {
    const res = await post(t, staffA, '/app/episodes', { externalId: 'WEB-CSRF', nationalId: newNationalId(), ...stay });
    expect(res.status).toBe(403);
  });
});
