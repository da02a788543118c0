/**
 * Keying in paper EQ-5D-5L and Barthel forms from the staff's pages, seeing the scores, and correcting
 * a response with its versions: ResponseService's rules and audit, errors at each item, and nothing
 * of another institution.
 */
import { asOwner } from '../support/database';
import { createEpisode, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, csrfOf, get, post, submitForm, twoSignedInInstitutions } from './web-support';

describe('the staff response pages', () => {
  let t: TestApp;
  let a: InstitutionWorld;
  let staffA: Browser;
  let staffB: Browser;

  const eq5d = { mobility: '2', selfCare: '1', usualActivities: '3', painDiscomfort: '2', anxietyDepression: '1', vas: '70' };
  const barthel = {
    feeding: '10',
    bathing: '5',
    grooming: '5',
    dressing: '5',
    bowels: '10',
    bladder: '10',
    toiletUse: '5',
    transfers: '10',
    mobility: '10',
    stairs: '0',
  };

  beforeAll(async () => {
    t = await createTestApp();
    ({ a, staffA, staffB } = await twoSignedInInstitutions(t));
  });
  afterAll(() => t.close());

  const keyIn = (browser: Browser, episodeId: string, instrument: string, form: Record<string, string>) =>
    submitForm(
      t,
      browser,
      `/app/episodes/${episodeId}/responses/new?instrument=${instrument}&timepoint=admission`,
      `/app/episodes/${episodeId}/responses`,
      { instrument, ...form },
    );

  it('keys in a paper EQ-5D-5L and a Barthel and shows their scores, audited for the signed-in user', async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    const episode = await get(t, staffA, `/app/episodes/${id}`);
    expect(episode.text).toContain(`href="/app/episodes/${id}/responses/new?instrument=eq5d-5l&amp;timepoint=admission"`);
    const form = await get(t, staffA, `/app/episodes/${id}/responses/new?instrument=eq5d-5l&timepoint=admission`);
    expect(form.text).toContain('<option value="admission" selected>');
    expect(form.text).toContain('[Plassholder]'); // the patient form's wording, placeholders unless licensed
    const res = await keyIn(staffA, id, 'eq5d-5l', { timepoint: 'admission', completedDate: '2026-03-03', mode: 'patient_paper', ...eq5d });
    expect(res.status).toBe(303);
    const responseId = /\/responses\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
    const page = await get(t, staffA, res.headers.location);
    expect(page.text).toContain('Skjemaet er lagret.');
    expect(page.text).toContain('21321');
    expect(page.text).toContain('<dd>70</dd>');
    const api = await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers).expect(200);
    expect(api.body.responses[0]).toMatchObject({ id: responseId, mode: 'patient_paper', scores: { state: '21321', vas: 70 } });

    const second = await keyIn(staffA, id, 'barthel', {
      timepoint: 'admission',
      completedDate: '2026-03-03',
      mode: 'clinician',
      ...barthel,
    });
    expect(second.status).toBe(303);
    const barthelPage = await get(t, staffA, second.headers.location);
    expect(barthelPage.text).toContain('<dd>70</dd>');
    const audit = await asOwner(
      async (c) =>
        (await c.query(`SELECT actor_id FROM audit_events WHERE action = 'response.create' AND $1 = ANY (object_ids)`, [responseId])).rows,
    );
    expect(audit).toEqual([{ actor_id: a.staff.id }]);
    // Both admission forms are there: no link to key them in again (the stroke programme's mRS is still missing).
    const after = (await get(t, staffA, `/app/episodes/${id}`)).text;
    expect(after).not.toMatch(/instrument=(eq5d-5l|barthel)&amp;timepoint=admission"/);
    expect(after).toContain('instrument=mrs&amp;timepoint=admission"');
  });

  it("keys in a clinician's mRS grade, with the grades described, and refuses one out of range at its item", async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    const episode = await get(t, staffA, `/app/episodes/${id}`);
    expect(episode.text).toContain(`href="/app/episodes/${id}/responses/new?instrument=mrs&amp;timepoint=admission"`);
    const form = await get(t, staffA, `/app/episodes/${id}/responses/new?instrument=mrs&timepoint=admission`);
    expect(form.text).toContain('0 – Ingen symptomer');
    expect(form.text).toContain('<option value="clinician" selected>');
    const bad = await keyIn(staffA, id, 'mrs', { timepoint: 'admission', completedDate: '2026-03-03', mode: 'clinician', score: '9' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#score"');
    const res = await keyIn(staffA, id, 'mrs', { timepoint: 'admission', completedDate: '2026-03-03', mode: 'clinician', score: '3' });
    expect(res.status).toBe(303);
    expect((await get(t, staffA, res.headers.location)).text).toContain('<dt>mRS</dt><dd>3</dd>');
    const api = await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers).expect(200);
    expect(api.body.responses).toEqual([
      expect.objectContaining({ instrument: 'mrs', mode: 'clinician', scores: expect.objectContaining({ score: 3 }) }),
    ]);
  });

  it('keys in and corrects a Barthel on the 20-point scale, scored on both scales', async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    const form100 = await get(t, staffA, `/app/episodes/${id}/responses/new?instrument=barthel&timepoint=admission`);
    expect(form100.text).toContain(`href="/app/episodes/${id}/responses/new?instrument=barthel&amp;timepoint=admission&amp;scale=20"`);
    const form = await get(t, staffA, `/app/episodes/${id}/responses/new?instrument=barthel&timepoint=admission&scale=20`);
    expect(form.text).toContain('<input type="hidden" name="scale" value="20"/>');
    expect(form.text).toContain('id="feeding-2"'); // 10 on the 100-point scale
    expect(form.text).not.toContain('id="feeding-10"');
    const on20 = Object.fromEntries(Object.entries(barthel).map(([item, value]) => [item, String(Number(value) / 5)]));
    const res = await post(t, staffA, `/app/episodes/${id}/responses`, {
      _csrf: csrfOf(form.text),
      instrument: 'barthel',
      scale: '20',
      timepoint: 'admission',
      completedDate: '2026-03-03',
      mode: 'clinician',
      ...on20,
    });
    expect(res.status).toBe(303);
    const page = await get(t, staffA, res.headers.location);
    expect(page.text).toContain('<dt>Barthel (0–100)</dt><dd>70</dd>');
    expect(page.text).toContain('<dt>Barthel (0–20)</dt><dd>14</dd>');
    const correct = await get(t, staffA, `${res.headers.location}/correct`);
    expect(correct.text).toContain('<input type="hidden" name="scale" value="20"/>');
    const corrected = await post(t, staffA, res.headers.location, {
      _csrf: csrfOf(correct.text),
      scale: '20',
      completedDate: '2026-03-03',
      mode: 'clinician',
      ...on20,
      stairs: '2',
    });
    expect(corrected.status).toBe(303);
    const api = await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers).expect(200);
    expect(api.body.responses).toEqual([
      expect.objectContaining({
        version: 2,
        answers: expect.objectContaining({ scale: 20, stairs: 2 }),
        scores: expect.objectContaining({ total20: 16, total100: 80 }),
      }),
    ]);
  });

  it('shows bad answers at their items and in the summary, keeps the answers given, and refuses a second response', async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    const res = await keyIn(staffA, id, 'eq5d-5l', { timepoint: 'admission', completedDate: '2999-01-01', mode: '', ...eq5d, vas: '170' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<title>Feil: ');
    for (const field of ['completedDate', 'mode', 'vas']) expect(res.text).toContain(`href="#${field}"`);
    expect(res.text).toContain('value="170"');
    expect(res.text).toMatch(/id="mobility-2"[^>]*checked|checked[^>]*id="mobility-2"/);
    const ok = await keyIn(staffA, id, 'eq5d-5l', { timepoint: 'admission', completedDate: '2026-03-03', mode: 'patient_paper', ...eq5d });
    expect(ok.status).toBe(303);
    const again = await keyIn(staffA, id, 'eq5d-5l', {
      timepoint: 'admission',
      completedDate: '2026-03-03',
      mode: 'patient_paper',
      ...eq5d,
    });
    expect(again.status).toBe(400);
    expect(again.text).toContain('Episoden har allerede dette skjemaet');
  });

  it('corrects a response as a new version and shows the history; an old version cannot be corrected again', async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    const first = await keyIn(staffA, id, 'eq5d-5l', {
      timepoint: 'admission',
      completedDate: '2026-03-03',
      mode: 'patient_paper',
      ...eq5d,
    });
    const responsePath = first.headers.location as string;
    const form = await get(t, staffA, `${responsePath}/correct`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="2026-03-03"');
    const corrected = await post(t, staffA, responsePath, {
      _csrf: csrfOf(form.text),
      completedDate: '2026-03-04',
      mode: 'patient_paper',
      ...eq5d,
      mobility: '5',
    });
    expect(corrected.status).toBe(303);
    const page = await get(t, staffA, corrected.headers.location);
    expect(page.text).toContain('Skjemaet er rettet.');
    expect(page.text).toContain('51321');
    expect(page.text).toContain('<th scope="row">1</th>');
    expect(page.text).toContain('<th scope="row">2</th>');
    const stale = await post(t, staffA, responsePath, {
      _csrf: csrfOf(form.text),
      completedDate: '2026-03-05',
      mode: 'patient_paper',
      ...eq5d,
    });
    expect(stale.status).toBe(400);
    expect(stale.text).toContain('allerede rettet');
    expect((await get(t, staffA, responsePath)).text).not.toContain(`${responsePath}/correct`);
  });

  it("gives a staff user of another institution no response page or form of A's episodes", async () => {
    const { id } = await createEpisode(t, a.apiKey.headers);
    const first = await keyIn(staffA, id, 'barthel', {
      timepoint: 'admission',
      completedDate: '2026-03-03',
      mode: 'clinician',
      ...barthel,
    });
    const responsePath = first.headers.location as string;
    for (const path of [`/app/episodes/${id}/responses/new`, responsePath, `${responsePath}/correct`])
      expect((await get(t, staffB, path)).status).toBe(404);
    const own = await get(t, staffB, '/app');
    for (const path of [`/app/episodes/${id}/responses`, responsePath]) {
      const res = await post(t, staffB, path, {
        _csrf: csrfOf(own.text),
        instrument: 'barthel',
        completedDate: '2026-03-03',
        mode: 'clinician',
        ...barthel,
      });
      expect(res.status).toBe(404);
    }
    const api = await t.http().get(`/api/v1/episodes/${id}`).set(a.staff.headers).expect(200);
    expect(api.body.responses).toHaveLength(1);
    expect(api.body.responses[0].version).toBe(1);
  });
});
