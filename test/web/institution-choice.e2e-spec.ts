/**
 * A staff member of two institutions chooses the one the workspace works in (issue 21): after
 * sign-in, and again in the header. Every page then shows and writes the chosen institution's data
 * only; an institution they are not a member of cannot be chosen. Choices and refusals are audited.
 */
import { asOwner } from '../support/database';
import {
  Actor,
  createAdmin,
  createEpisode,
  createInstitutionWorld,
  createUser,
  InstitutionWorld,
  TEST_PASSWORD,
} from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { type Browser, csrfOf, get, newBrowser, post } from './web-support';

describe('choosing the institution to work in', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let c: InstitutionWorld;
  let both: Actor;
  let browser: Browser;
  let csrf: string;
  const episodes = new Map<string, { id: string; externalId: string }[]>();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    b = await createInstitutionWorld(t, admin, 'helse-vest');
    c = await createInstitutionWorld(t, admin, 'helse-midt-norge');
    for (const world of [a, b, c]) {
      const made = [];
      for (let i = 0; i < 2; i += 1) {
        const { id, body } = await createEpisode(t, world.apiKey.headers);
        made.push({ id, externalId: String(body.externalId) });
      }
      episodes.set(world.id, made);
    }
    both = await createUser(t, admin, 'staff', [a.id, b.id]);
  });
  afterAll(() => t.close());

  const listOf = async () => (await get(t, browser, '/app/episodes')).text;
  const shows = (html: string, world: InstitutionWorld) => episodes.get(world.id)!.every((e) => html.includes(`>${e.externalId}<`));
  const showsAny = (html: string, world: InstitutionWorld) => episodes.get(world.id)!.some((e) => html.includes(e.externalId));
  const audited = async (action: string) =>
    asOwner((client) =>
      client
        .query(
          `SELECT actor_type, actor_id::text, institution_id::text, object_type, object_ids FROM audit_events
            WHERE action = $1 AND actor_id = $2 ORDER BY id`,
          [action, both.id],
        )
        .then((r) => r.rows),
    );

  it('asks a member of two institutions to choose after sign-in, and shows no episodes before', async () => {
    browser = newBrowser();
    const page = await get(t, browser, '/login');
    const signedIn = await post(t, browser, '/login', { _csrf: csrfOf(page.text), email: both.email, password: TEST_PASSWORD });
    expect(signedIn.status).toBe(303);
    // every page sends the user to the choice first, and comes back to the page they asked for
    const start = await get(t, browser, '/app');
    expect(start.status).toBe(303);
    expect(start.headers.location).toBe('/app/institution');
    const list = await get(t, browser, '/app/episodes?programme=stroke');
    expect(list.status).toBe(303);
    expect(list.headers.location).toBe(`/app/institution?next=${encodeURIComponent('/app/episodes?programme=stroke')}`);
    const choice = await get(t, browser, list.headers.location);
    expect(choice.status).toBe(200);
    expect(choice.text).toContain('<h1 class="ds-heading" data-size="lg">Velg institusjon</h1>');
    for (const world of [a, b]) expect(choice.text).toContain(`name="institutionId" value="${world.id}"`);
    expect(choice.text).not.toContain(c.id);
    expect(choice.text).toContain('name="next" value="/app/episodes?programme=stroke"');
    expect(choice.text).toContain('href="/app/institution">Bytt institusjon</a>');
    expect(showsAny(choice.text, a) || showsAny(choice.text, b)).toBe(false);
    csrf = csrfOf(choice.text);
  });

  it("works in A after choosing A: A's episodes only, A's episode pages, the header says A", async () => {
    const chosen = await post(t, browser, '/app/institution', { _csrf: csrf, institutionId: a.id, next: '/app/episodes' });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe('/app/episodes');
    const list = await listOf();
    expect(list).toContain('Du har byttet institusjon.');
    expect(list).toContain(`Institusjon: ${a.name}`);
    expect(list).toContain('2 episoder');
    expect(shows(list, a)).toBe(true);
    expect(showsAny(list, b)).toBe(false);
    expect((await get(t, browser, `/app/episodes/${episodes.get(a.id)![0].id}`)).status).toBe(200);
    expect((await get(t, browser, `/app/episodes/${episodes.get(b.id)![0].id}`)).status).toBe(404);
    // the list was read (and audited) for A alone
    const lists = await asOwner((client) =>
      client
        .query(`SELECT DISTINCT institution_id::text FROM audit_events WHERE action = 'episode.list' AND actor_id = $1`, [both.id])
        .then((r) => r.rows.map((row: { institution_id: string }) => row.institution_id)),
    );
    expect(lists).toEqual([a.id]);
  });

  it("switches to B from the header: B's episodes only, A's are not found", async () => {
    const choice = await get(t, browser, '/app/institution');
    expect(choice.text).toContain(`${a.name} (valgt nå)`);
    const switched = await post(t, browser, '/app/institution', { _csrf: csrfOf(choice.text), institutionId: b.id });
    expect(switched.status).toBe(303);
    expect(switched.headers.location).toBe('/app');
    const list = await listOf();
    expect(list).toContain(`Institusjon: ${b.name}`);
    expect(shows(list, b)).toBe(true);
    expect(showsAny(list, a)).toBe(false);
    expect((await get(t, browser, `/app/episodes/${episodes.get(a.id)![0].id}`)).status).toBe(404);
    expect((await get(t, browser, `/app/episodes/${episodes.get(b.id)![1].id}`)).status).toBe(200);
  });

  it('refuses an institution the user is not a member of, and keeps working in B', async () => {
    const refused = await post(t, browser, '/app/institution', { _csrf: csrf, institutionId: c.id });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.text).toContain('Du er ikke medlem av den institusjonen.');
    expect(refused.text).toContain('<title>Feil: Velg institusjon');
    const unknown = await post(t, browser, '/app/institution', { _csrf: csrf, institutionId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(403);
    const garbage = await post(t, browser, '/app/institution', { _csrf: csrf, institutionId: 'Demo Nord' });
    expect(garbage.status).toBe(400);
    expect(garbage.text).toContain('Velg en av institusjonene nedenfor.');
    const noToken = await post(t, browser, '/app/institution', { institutionId: a.id });
    expect(noToken.status).toBe(403);
    const list = await listOf();
    expect(list).toContain(`Institusjon: ${b.name}`);
    expect(showsAny(list, c)).toBe(false);
    expect(showsAny(list, a)).toBe(false);
  });

  it('audits each choice and each refusal with the user as actor', async () => {
    expect(await audited('user.institution.choose')).toEqual([
      { actor_type: 'user', actor_id: both.id, institution_id: a.id, object_type: 'institution', object_ids: [a.id] },
      { actor_type: 'user', actor_id: both.id, institution_id: b.id, object_type: 'institution', object_ids: [b.id] },
    ]);
    expect((await audited('user.institution.refused')).map((r: { object_ids: string[] }) => r.object_ids)).toEqual([
      [c.id],
      ['00000000-0000-4000-8000-000000000000'],
    ]);
  });

  it('speaks nynorsk and English', async () => {
    expect((await get(t, browser, '/app/institution?lang=nn')).text).toContain('Vel institusjon');
    const en = await get(t, browser, '/app/institution?lang=en');
    expect(en.text).toContain('Choose an institution');
    expect(en.text).toContain('Switch institution');
    expect(en.text).toContain(`${b.name} (chosen now)`);
  });

  it('asks again when the chosen membership ends, and a member of one institution never chooses', async () => {
    await t
      .http()
      .patch(`/api/v1/admin/users/${both.id}`)
      .set(admin.headers)
      .send({ institutionIds: [a.id, c.id] })
      .expect(200);
    const sent = await get(t, browser, '/app/episodes');
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`/app/institution?next=${encodeURIComponent('/app/episodes')}`);
    await t
      .http()
      .patch(`/api/v1/admin/users/${both.id}`)
      .set(admin.headers)
      .send({ institutionIds: [c.id] })
      .expect(200);
    const list = await listOf();
    expect(list).toContain(`Institusjon: ${c.name}`);
    expect(shows(list, c)).toBe(true);
    expect(list).not.toContain('Bytt institusjon');
  });
});
