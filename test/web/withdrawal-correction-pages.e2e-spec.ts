/**
 * A patient's withdrawal and the correction of an episode's patient from the staff's pages: the API's
 * services and rules, a required confirmation, the identity number never written back, and nothing of
 * another institution.
 */
import { createEpisode, InstitutionWorld, newNationalId } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, csrfOf, get, post, twoSignedInInstitutions } from './web-support';

describe('the staff withdrawal and patient correction pages', () => {
  let t: TestApp;
  let a: InstitutionWorld;
  let staffA: Browser;
  let staffB: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    ({ a, staffA, staffB } = await twoSignedInInstitutions(t));
  });
  afterAll(() => t.close());

  it('withdraws a patient of the institution only after the confirmation, and never shows the number again', async () => {
    const nationalId = newNationalId(1933);
    const { id } = await createEpisode(t, a.apiKey.headers, { patient: { nationalId } });
    const page = await get(t, staffA, '/app/withdrawals');
    expect(page.status).toBe(200);
    const unconfirmed = await post(t, staffA, '/app/withdrawals', { _csrf: csrfOf(page.text), nationalId });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain('href="#confirm"');
    expect(unconfirmed.text).not.toContain(nationalId);
    expect((await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers)).status).toBe(200);
    // Staff of another institution: the patient is not found there, and nothing is withdrawn.
    const foreign = await post(t, staffB, '/app/withdrawals', {
      _csrf: csrfOf((await get(t, staffB, '/app/withdrawals')).text),
      nationalId,
      confirm: 'yes',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain('Fant ingen episoder');
    expect((await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers)).status).toBe(200);
    const done = await post(t, staffA, '/app/withdrawals', { _csrf: csrfOf(page.text), nationalId, confirm: 'yes' });
    expect(done.status).toBe(303);
    expect((await get(t, staffA, '/app/withdrawals')).text).toContain('Pasienten er trukket fra registeret');
    expect((await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers)).status).toBe(404);
  });

  it("corrects an episode's patient with a reason, kept in its history; errors at the fields", async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    const form = await get(t, staffA, `/app/episodes/${id}/patient-correction`);
    expect(form.status).toBe(200);
    const right = newNationalId(1944, 'male');
    const bad = await post(t, staffA, `/app/episodes/${id}/patient-correction`, {
      _csrf: csrfOf(form.text),
      nationalId: right,
      reason: 'no',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#reason"');
    expect(bad.text).not.toContain(right);
    const done = await post(t, staffA, `/app/episodes/${id}/patient-correction`, {
      _csrf: csrfOf(form.text),
      nationalId: right,
      reason: 'Registered for the wrong patient in the EHR',
    });
    expect(done.status).toBe(303);
    const episodePage = await get(t, staffA, `/app/episodes/${id}`);
    expect(episodePage.text).toContain('Pasienten i episoden er rettet.');
    expect(episodePage.text).toContain('Registered for the wrong patient in the EHR');
    const api = await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers).expect(200);
    expect(api.body).toMatchObject({
      birthYear: 1944,
      sex: 'male',
      patientCorrections: [expect.objectContaining({ reason: 'Registered for the wrong patient in the EHR' })],
    });
    expect((await get(t, staffB, `/app/episodes/${id}/patient-correction`)).status).toBe(404);
    const foreign = await post(t, staffB, `/app/episodes/${id}/patient-correction`, {
      _csrf: csrfOf((await get(t, staffB, '/app')).text),
      nationalId: newNationalId(1945),
      reason: 'Registered for the wrong patient in the EHR',
    });
    expect(foreign.status).toBe(404);
  });
});
