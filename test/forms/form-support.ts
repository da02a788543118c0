/** Helpers for the patient form tests: invitations through the staff API, and a cookie-keeping "browser". */
import request from 'supertest';
import { checkedAgainstContract, type TestApp } from '../support/test-app';

export const HTML = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

export interface CreatedInvitation {
  id: string;
  url: string;
  token: string;
  expiresAt: string;
}

export async function createInvitation(
  t: TestApp,
  headers: Record<string, string>,
  episodeId: string,
  body: Record<string, unknown> = {},
): Promise<CreatedInvitation> {
  const res = await t
    .http()
    .post(`/api/v1/episodes/${episodeId}/invitations`)
    .set(headers)
    .send({ timepoint: 'admission', instrument: 'eq5d-5l', ...body });
  if (res.status !== 201) throw new Error(`creating invitation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, token: new URL(res.body.url).pathname.split('/').pop()! };
}

/** A supertest agent keeps cookies between requests, like a browser. */
export function patientBrowser(t: TestApp) {
  return checkedAgainstContract(request.agent(t.app.getHttpServer()).set(HTML));
}

export type PatientBrowser = ReturnType<typeof patientBrowser>;

export function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1];
}

/** Posts one answer the way the page's form does, with the page's CSRF token. */
export async function answer(browser: PatientBrowser, token: string, step: string, value: string | number, lang = 'nb') {
  const page = await browser.get(`/forms/${token}?step=${step}`);
  return browser
    .post(`/forms/${token}`)
    .type('form')
    .send({ _csrf: csrfOf(page.text), step, lang, answer: String(value) });
}

export const ALL_ANSWERS: [string, number][] = [
  ['mobility', 2],
  ['selfCare', 1],
  ['usualActivities', 3],
  ['painDiscomfort', 4],
  ['anxietyDepression', 1],
  ['vas', 65],
];
