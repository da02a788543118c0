import { asOwner } from '../support/database';
import { Actor, createAdmin, createEpisode, createInstitutionWorld, EQ5D_WORST, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, get, signIn } from './web-support';

describe('the staff episode pages', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let staffA: Browser;
  let staffB: Browser;
  const episodesA: { id: string; externalId: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    b = await createInstitutionWorld(t, admin, 'helse-vest');
    for (let i = 0; i < 27; i += 1) {
      const { id, body } = await createEpisode(t, a.apiKey.headers, {
        programme: i === 0 ? 'amputation' : 'stroke',
        admissionDate: `2026-01-${String(1 + i).padStart(2, '0')}`,
      });
      episodesA.push({ id, externalId: String(body.externalId) });
    }
    await t
      .http()
      .post(`/api/v1/episodes/${episodesA[0].id}/responses`)
      .set(a.apiKey.headers)
      .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-01-01', mode: 'patient_paper', answers: EQ5D_WORST })
      .expect(201);
    staffA = (await signIn(t, a.staff.email)).browser;
    staffB = (await signIn(t, b.staff.email)).browser;
  });
  afterAll(() => t.close());

  it("lists the own institution's episodes, newest admission first, 25 a page", async () => {
    const first = await get(t, staffA, '/app/episodes');
    expect(first.status).toBe(200);
    expect(first.text).toContain('27 episoder');
    expect(first.text).toContain(episodesA[26].externalId);
    expect(first.text).not.toContain(`>${episodesA[0].externalId}<`);
    const next = /href="(\/app\/episodes\?cursor=[\w-]+)" rel="next"/.exec(first.text)![1];
    expect(first.text).not.toContain('Første side');
    expect(first.text).not.toContain('Forrige side');
    const second = await get(t, staffA, next);
    expect(second.text).toContain(episodesA[0].externalId);
    expect(second.text).not.toContain(`>${episodesA[26].externalId}<`);
    expect(second.text).toContain('href="/app/episodes" rel="first">Første side</a>');
    expect(second.text).not.toContain('rel="next"');
    // back to the page before, without JavaScript: a plain link with the page's previous cursor
    const previous = /href="(\/app\/episodes\?cursor=[\w-]+)" rel="prev">Forrige side<\/a>/.exec(second.text)![1];
    const back = await get(t, staffA, previous);
    const rowsOf = (html: string) =>
      [...html.matchAll(/<th scope="row">\s*<a class="ds-link" href="\/app\/episodes\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(rowsOf(back.text)).toHaveLength(25);
    expect(rowsOf(back.text)).toEqual(rowsOf(first.text));
    expect(back.text).not.toContain('rel="prev"'); // the first page again: nothing before it
    expect(back.text).toContain(`href="${next.replace(/&/g, '&amp;')}" rel="next"`);
    expect(second.text).toContain('aria-current="page">Episoder</a>');
  });

  it('filters by programme, admission period and open or closed, keeping the filters when paging', async () => {
    const stroke = await get(t, staffA, '/app/episodes?programme=amputation&admittedFrom=&setting=');
    expect(stroke.text).toContain('1 episoder');
    expect(stroke.text).toContain(episodesA[0].externalId);
    expect(stroke.text).toContain('<option value="amputation" selected>');
    const period = await get(t, staffA, '/app/episodes?admittedFrom=2026-01-10&admittedTo=2026-01-11');
    expect(period.text).toContain('2 episoder');
    expect((await get(t, staffA, '/app/episodes?open=false')).text).toContain('Ingen episoder passer til filteret.');
    expect((await get(t, staffA, '/app/episodes?open=true&programme=stroke')).text).toMatch(
      /href="\/app\/episodes\?programme=stroke&amp;open=true&amp;cursor=[\w-]+" rel="next"/,
    );
    const oldest = await get(t, staffA, '/app/episodes?sort=admissionDate');
    expect(oldest.text).toContain('<option value="admissionDate" selected>');
    expect(oldest.text.indexOf(`>${episodesA[0].externalId}<`)).toBeLessThan(oldest.text.indexOf(`>${episodesA[1].externalId}<`));
    expect(oldest.text).toMatch(/href="\/app\/episodes\?sort=admissionDate&amp;cursor=[\w-]+" rel="next"/);
  });

  it('filters by what is missing and shows it in a column', async () => {
    // episodesA[0] has its admission EQ-5D (beforeAll); every other episode lacks both admission forms
    const lacking = await get(t, staffA, '/app/episodes?missing=admission-eq5d&sort=admissionDate');
    expect(lacking.text).toContain('<option value="admission-eq5d" selected>');
    expect(lacking.text).toContain('26 episoder');
    expect(lacking.text).not.toContain(`>${episodesA[0].externalId}<`);
    expect(lacking.text).toContain('<th scope="col">Mangler</th>');
    expect(lacking.text).toContain('<td>EQ-5D inn, Barthel inn</td>');
    expect(lacking.text).toMatch(/href="\/app\/episodes\?missing=admission-eq5d&amp;sort=admissionDate&amp;cursor=[\w-]+" rel="next"/);
    const barthel = await get(t, staffA, '/app/episodes?missing=barthel&programme=amputation');
    expect(barthel.text).toContain('1 episoder');
    expect(barthel.text).toContain('<td>Barthel inn</td>');
    const english = await get(t, staffA, '/app/episodes?missing=out-of-window&lang=en');
    expect(english.text).toContain('No episodes match the filter.');
  });

  it('shows filters it cannot read beside the field and in a summary, in the page language', async () => {
    const res = await get(t, staffA, '/app/episodes?admittedFrom=2999-01-01&programme=nonsense');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<title>Feil: Episoder');
    expect(res.text).toContain('href="#admittedFrom"');
    expect(res.text).toContain('id="admittedFrom-error"');
    expect(res.text).toContain('href="#programme"');
    const damaged = await get(t, staffA, '/app/episodes?programme=stroke&cursor=bm90IGEgY3Vyc29y');
    expect(damaged.status).toBe(400);
    expect(damaged.text).toContain('href="#first-page"');
    expect(damaged.text).toContain('<a class="ds-link" id="first-page" href="/app/episodes?programme=stroke">Første side</a>');
  });

  it('shows an episode with its forms and scores, audited as a read by the signed-in user', async () => {
    const res = await get(t, staffA, `/app/episodes/${episodesA[0].id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`Episode ${episodesA[0].externalId}`);
    expect(res.text).toContain('EQ-5D-5L');
    expect(res.text).toContain('55555');
    expect(res.text).toContain('href="/app/episodes">Episoder</a>'); // breadcrumbs
    const audit = await asOwner(
      async (c) =>
        (
          await c.query(
            `SELECT actor_type, actor_id, institution_id FROM audit_events WHERE action = 'episode.read' AND $1 = ANY (object_ids)`,
            [episodesA[0].id],
          )
        ).rows,
    );
    expect(audit).toEqual([{ actor_type: 'user', actor_id: a.staff.id, institution_id: a.id }]);
  });

  it('gives a staff user of another institution no episode of institution A: 404 pages and an empty list', async () => {
    for (const { id } of episodesA.slice(0, 3)) {
      const res = await get(t, staffB, `/app/episodes/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).not.toContain(episodesA[0].externalId);
    }
    const list = await get(t, staffB, '/app/episodes');
    expect(list.text).toContain('0 episoder');
    for (const { externalId } of episodesA) expect(list.text).not.toContain(externalId);
  });

  it('answers an id that is no episode with a 404 page, and other roles with a 403 page', async () => {
    expect((await get(t, staffA, '/app/episodes/not-an-id')).status).toBe(404);
    const { browser } = await signIn(t, admin.email);
    const res = await get(t, browser, '/app/episodes');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Ingen tilgang');
  });
});
