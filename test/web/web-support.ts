/** A browser's view of the workspace for supertest: its cookies, and the CSRF token of the last page. */
import { type Actor, createAdmin, createInstitutionWorld, type InstitutionWorld, TEST_PASSWORD } from '../support/fixtures';
import type { TestApp } from '../support/test-app';

export interface Browser {
  /** The Cookie header this browser sends. */
  cookie: () => string;
  /** Remembers the cookies a response set (and forgets those it deleted). */
  keep: (res: { headers: Record<string, unknown> }) => void;
  jar: Map<string, string>;
}

export function newBrowser(): Browser {
  const jar = new Map<string, string>();
  return {
    jar,
    cookie: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    keep: (res) => {
      const set = res.headers['set-cookie'];
      for (const line of (Array.isArray(set) ? set : set ? [set] : []) as string[]) {
        const [pair] = line.split(';');
        const [name, ...value] = pair.split('=');
        if (/Max-Age=0/.test(line)) jar.delete(name);
        else jar.set(name, value.join('='));
      }
    },
  };
}

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

export async function get(t: TestApp, browser: Browser, path: string, headers: Record<string, string> = {}) {
  const res = await t
    .http()
    .get(path)
    .set({ Cookie: browser.cookie(), Accept: 'text/html', ...headers });
  browser.keep(res);
  return res;
}

export async function post(t: TestApp, browser: Browser, path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await t
    .http()
    .post(path)
    .type('form')
    .set({ Cookie: browser.cookie(), Accept: 'text/html', ...headers })
    .send(form);
  browser.keep(res);
  return res;
}

/** Signs in through the sign-in page as a browser would; returns the browser and the CSRF token of its session. */
export async function signIn(t: TestApp, email: string, browser = newBrowser(), password = TEST_PASSWORD) {
  const page = await get(t, browser, '/login');
  const res = await post(t, browser, '/login', { _csrf: csrfOf(page.text), email, password });
  if (res.status !== 303) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  const start = await get(t, browser, '/app');
  return { browser, csrf: csrfOf(start.text) };
}

/** Opens a form's page (it must answer 200) and sends the form with that page's CSRF token, as a browser would. */
export async function submitForm(t: TestApp, browser: Browser, formPath: string, action: string, form: Record<string, string>) {
  const page = await get(t, browser, formPath);
  expect(page.status).toBe(200);
  return post(t, browser, action, { _csrf: csrfOf(page.text), ...form });
}

export interface TwoSignedInInstitutions {
  admin: Actor;
  /** In Helse Nord. */
  a: InstitutionWorld;
  /** In Helse Vest: its staff must see nothing of A's. */
  b: InstitutionWorld;
  staffA: Browser;
  staffB: Browser;
}

/** Two institutions, each with a staff user signed in to the workspace: the set-up of the staff pages' tests. */
export async function twoSignedInInstitutions(t: TestApp): Promise<TwoSignedInInstitutions> {
  const admin = await createAdmin(t);
  const a = await createInstitutionWorld(t, admin, 'helse-nord');
  const b = await createInstitutionWorld(t, admin, 'helse-vest');
  const staffA = (await signIn(t, a.staff.email)).browser;
  const staffB = (await signIn(t, b.staff.email)).browser;
  return { admin, a, b, staffA, staffB };
}
