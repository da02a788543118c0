/**
 * Test data through the real API: each test file makes its own institutions, users and keys,
 * so files are independent and can run in parallel on one database.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { withOrgCheckDigit } from '../../src/common/org-number';
import { syntheticNationalId } from '../../src/pseudonyms/synthetic-national-ids';
import { UserService } from '../../src/users/user.service';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface Actor {
  id: string;
  email: string;
  token: string;
  headers: Record<string, string>;
}

export interface InstitutionWorld {
  id: string;
  name: string;
  region: string;
  staff: Actor;
  apiKey: { id: string; key: string; headers: Record<string, string> };
}

export function uniqueEmail(role: string): string {
  return `${role}.${randomBytes(5).toString('hex')}@test.rehabreg.no`;
}

export function randomOrgNumber(): string {
  for (;;) {
    const candidate = withOrgCheckDigit(String(randomInt(10_000_000, 99_999_999)));
    if (candidate) return candidate;
  }
}

export async function login(t: TestApp, email: string, password = TEST_PASSWORD): Promise<Actor & { id: '' }> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: '', email, token: res.body.accessToken, headers: { Authorization: `Bearer ${res.body.accessToken}` } };
}

/** Administrators are created through the service (as start-up does); everyone else through the admin API. */
export async function createAdmin(t: TestApp): Promise<Actor> {
  const email = uniqueEmail('admin');
  const user = await t.app.get(UserService).create({ email, password: TEST_PASSWORD, role: 'admin' });
  return { ...(await login(t, email)), id: user.id };
}

export async function createUser(
  t: TestApp,
  admin: Actor,
  role: 'staff' | 'researcher' | 'admin',
  institutionIds?: string[],
): Promise<Actor> {
  const email = uniqueEmail(role);
  const res = await t.http().post('/api/v1/admin/users').set(admin.headers).send({ email, password: TEST_PASSWORD, role, institutionIds });
  if (res.status !== 201) throw new Error(`creating ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...(await login(t, email)), id: res.body.id };
}

export async function createInstitution(
  t: TestApp,
  admin: Actor,
  region = 'helse-nord',
): Promise<{ id: string; name: string; region: string }> {
  const name = `Test institution ${randomBytes(3).toString('hex')}`;
  const res = await t
    .http()
    .post('/api/v1/admin/institutions')
    .set(admin.headers)
    .send({ name, orgNumber: randomOrgNumber(), kind: 'health_trust', region });
  if (res.status !== 201) throw new Error(`creating institution failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createApiKey(t: TestApp, admin: Actor, institutionId: string): Promise<InstitutionWorld['apiKey']> {
  const res = await t.http().post(`/api/v1/admin/institutions/${institutionId}/api-keys`).set(admin.headers).send({ name: 'Test system' });
  if (res.status !== 201) throw new Error(`creating API key failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, key: res.body.key, headers: { 'X-Api-Key': res.body.key } };
}

export async function createInstitutionWorld(t: TestApp, admin: Actor, region = 'helse-nord'): Promise<InstitutionWorld> {
  const institution = await createInstitution(t, admin, region);
  const staff = await createUser(t, admin, 'staff', [institution.id]);
  const apiKey = await createApiKey(t, admin, institution.id);
  return { ...institution, staff, apiKey };
}

/** A staff user of the institution whom an administrator has made its data manager (own-data exports). */
export async function createDataManager(t: TestApp, admin: Actor, world: { id: string }): Promise<Actor> {
  const staff = await createUser(t, admin, 'staff', [world.id]);
  const res = await t.http().put(`/api/v1/admin/users/${staff.id}/institutions/${world.id}/data-manager`).set(admin.headers);
  if (res.status !== 200 || JSON.stringify(res.body.dataManagerInstitutionIds) !== JSON.stringify([world.id])) {
    throw new Error(`making ${staff.email} data manager failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return staff;
}

let idCounter = 0;

/** A valid synthetic national identity number (month + 80), different on every call. */
export function newNationalId(birthYear = 1955, sex: 'male' | 'female' = 'female'): string {
  idCounter += 1;
  const day = 1 + ((idCounter * 7 + process.pid) % 28);
  const month = idCounter % 12;
  return syntheticNationalId({ birthDate: new Date(Date.UTC(birthYear, month, day)), sex }, Math.random);
}

/** A complete, valid episode body; override any field. */
export function episodeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalId: `EXT-${randomBytes(6).toString('hex')}`,
    patient: { nationalId: newNationalId() },
    admissionDate: '2026-03-02',
    setting: 'inpatient',
    serviceLevel: 'specialist',
    programme: 'stroke',
    mainDiagnosis: 'I63.9',
    consent: { status: 'given', date: '2026-03-02' },
    ...overrides,
  };
}

export const EQ5D_WORST = { mobility: 5, selfCare: 5, usualActivities: 5, painDiscomfort: 5, anxietyDepression: 5, vas: 10 };
export const BARTHEL_FULL = {
  feeding: 10,
  bathing: 5,
  grooming: 5,
  dressing: 10,
  bowels: 10,
  bladder: 10,
  toiletUse: 10,
  transfers: 15,
  mobility: 15,
  stairs: 10,
};

export async function createEpisode(
  t: TestApp,
  headers: Record<string, string>,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; body: Record<string, unknown> }> {
  const body = episodeBody(overrides);
  const res = await t.http().post('/api/v1/episodes').set(headers).send(body);
  if (res.status !== 201) throw new Error(`creating episode failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, body };
}

/**
 * One object of every kind a route's path can name, all of institution `world`: for the tests that
 * walk every route (fuzzing, hostile input). Keys are the OpenAPI path parameters.
 */
export async function routeParams(t: TestApp, admin: Actor, world: InstitutionWorld): Promise<Record<string, string>> {
  const episode = await createEpisode(t, world.apiKey.headers);
  const response = await t
    .http()
    .post(`/api/v1/episodes/${episode.id}/responses`)
    .set(world.apiKey.headers)
    .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-03', mode: 'patient_paper', answers: EQ5D_WORST });
  const invitation = await t
    .http()
    .post(`/api/v1/episodes/${episode.id}/invitations`)
    .set(world.staff.headers)
    .send({ timepoint: 'discharge', instrument: 'eq5d-5l' });
  const unit = await t.http().post(`/api/v1/admin/institutions/${world.id}/units`).set(admin.headers).send({ name: 'Route unit' });
  if (response.status !== 201 || invitation.status !== 201 || unit.status !== 201) throw new Error('creating the route fixtures failed');
  return {
    institutionId: world.id,
    unitId: unit.body.id,
    keyId: (await createApiKey(t, admin, world.id)).id,
    episodeId: episode.id,
    responseId: response.body.id,
    invitationId: invitation.body.id,
    period: '2026',
  };
}
