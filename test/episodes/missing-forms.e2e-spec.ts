/**
 * The episode list's "missing" filters and what each episode lacks (issue 21): read from flags the
 * responses' triggers keep on the episode, so they follow every write of a response (create, correct,
 * a window that moves with the discharge date, erasure).
 */
import { asOwner } from '../support/database';
import { Actor, BARTHEL_FULL, createAdmin, createEpisode, createInstitutionWorld, EQ5D_WORST, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('the episode list shows and filters what is missing', () => {
  let t: TestApp;
  let admin: Actor;
  let world: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    world = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  const respond = (episodeId: string, timepoint: string, instrument: 'eq5d-5l' | 'barthel', completedDate: string) =>
    t
      .http()
      .post(`/api/v1/episodes/${episodeId}/responses`)
      .set(world.apiKey.headers)
      .send({
        timepoint,
        instrument,
        completedDate,
        mode: instrument === 'barthel' ? 'clinician' : 'patient_paper',
        answers: instrument === 'barthel' ? BARTHEL_FULL : EQ5D_WORST,
      })
      .expect(201);

  async function listed(missing?: string): Promise<Map<string, string[]>> {
    const res = await t
      .http()
      .get('/api/v1/episodes')
      .query({ limit: 500, ...(missing ? { missing } : {}) })
      .set(world.staff.headers)
      .expect(200);
    return new Map((res.body.items as { externalId: string; missing: string[] }[]).map((e) => [e.externalId, e.missing]));
  }

  it('lists the forms each episode lacks, and filters by each kind, following every write', async () => {
    // complete: all four forms in window; bare: nothing; late: admission EQ-5D long after admission
    const complete = await createEpisode(t, world.apiKey.headers, { externalId: 'M-complete', admissionDate: '2026-02-01' });
    for (const instrument of ['eq5d-5l', 'barthel'] as const) await respond(complete.id, 'admission', instrument, '2026-02-01');
    await t.http().patch(`/api/v1/episodes/${complete.id}`).set(world.apiKey.headers).send({ dischargeDate: '2026-02-20' }).expect(200);
    for (const instrument of ['eq5d-5l', 'barthel'] as const) await respond(complete.id, 'discharge', instrument, '2026-02-20');
    await createEpisode(t, world.apiKey.headers, { externalId: 'M-bare', admissionDate: '2026-02-02' });
    const late = await createEpisode(t, world.apiKey.headers, { externalId: 'M-late', admissionDate: '2026-02-03' });
    await respond(late.id, 'admission', 'eq5d-5l', '2026-02-28');
    await respond(late.id, 'admission', 'barthel', '2026-02-03');

    expect(await listed()).toEqual(
      new Map([
        ['M-complete', []],
        ['M-bare', ['admission-eq5d', 'admission-barthel']],
        ['M-late', ['out-of-window']],
      ]),
    );
    expect([...(await listed('admission-eq5d')).keys()]).toEqual(['M-bare']);
    expect([...(await listed('barthel')).keys()]).toEqual(['M-bare']);
    expect([...(await listed('out-of-window')).keys()]).toEqual(['M-late']);
    expect([...(await listed('discharge-eq5d')).keys()]).toEqual([]);

    // discharged, it lacks both discharge forms; its admission moved, the EQ-5D is now in its window and the Barthel (before it) is not
    await t
      .http()
      .patch(`/api/v1/episodes/${late.id}`)
      .set(world.apiKey.headers)
      .send({ admissionDate: '2026-02-27', dischargeDate: '2026-03-10' })
      .expect(200);
    expect((await listed()).get('M-late')).toEqual(['discharge-eq5d', 'discharge-barthel', 'out-of-window']);
    expect([...(await listed('discharge-eq5d')).keys()]).toEqual(['M-late']);
    expect([...(await listed('barthel')).keys()].sort()).toEqual(['M-bare', 'M-late']);

    const bad = await t.http().get('/api/v1/episodes').query({ missing: 'mrs' }).set(world.staff.headers).expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/missing']);
  });

  it('keeps the flags equal to the current responses after a correction and a deletion', async () => {
    const episode = await createEpisode(t, world.apiKey.headers, { externalId: 'M-corrected', admissionDate: '2026-04-01' });
    const response = await respond(episode.id, 'admission', 'eq5d-5l', '2026-04-01');
    // a correction (a new version) completed long after admission: now out of window
    await t
      .http()
      .put(`/api/v1/episodes/${episode.id}/responses/${response.body.id}`)
      .set(world.apiKey.headers)
      .send({ timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-04-30', mode: 'patient_paper', answers: EQ5D_WORST })
      .expect(200);
    expect((await listed()).get('M-corrected')).toEqual(['admission-barthel', 'out-of-window']);
    // the flags follow a deletion too (the erasure job deletes responses): as the owner, bypassing the service
    await asOwner((c) => c.query(`DELETE FROM responses WHERE episode_id = $1`, [episode.id]));
    expect((await listed()).get('M-corrected')).toEqual(['admission-eq5d', 'admission-barthel']);
  });
});
