/**
 * A withdrawal erases: after the grace period (the clock moved forward) the patient's rows are gone
 * from every table, and the indicators equal those of a register that never had them. Within the
 * grace period an administrator can cancel a withdrawal made by mistake.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { submissionEpisode, submit } from '../indicators/indicator-data';
import { createScratchDatabase, pseudonymOf, withClient } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, newNationalId, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { WithdrawalErasure } from '../../src/withdrawals/withdrawal-erasure';

const DAY = 24 * 60 * 60 * 1000;
const INDICATORS = 'eq5d.index_change,barthel.change,barthel.improved,completeness.admission,completeness.paired';
/** The kept register: twelve discharged episodes with EQ-5D and Barthel pairs. */
const KEPT = Array.from({ length: 12 }, (_, i) =>
  submissionEpisode({
    admission: `2026-02-${String(1 + i).padStart(2, '0')}`,
    los: 20,
    destination: 'home',
    eq5d: ['33333', i % 2 ? '11111' : '22212'],
    vas: [40, 70 + i],
    barthel: [40 + i * 5, 80],
  }),
);

describe('erasure after a withdrawal', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  const asScratchOwner = <T>(work: (client: Client) => Promise<T>) => withClient(scratch.ownerUrl, work);
  /** The national figures, without the moment they were computed. */
  const indicators = async () => {
    const { asOf: _asOf, ...figures } = (
      await t.http().get('/api/v1/indicators').query({ period: '2026', indicator: INDICATORS }).set(admin.headers).expect(200)
    ).body;
    return figures;
  };
  const eraseAt = (daysFromNow: number) => t.app.get(WithdrawalErasure).eraseDue(new Date(Date.now() + daysFromNow * DAY));

  beforeAll(async () => {
    // Erasure runs across the whole register and indicators are national: a database of its own.
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    admin = await createAdmin(t);
    [a, b] = [await createInstitutionWorld(t, admin), await createInstitutionWorld(t, admin, 'helse-vest')];
    await submit(t, a.apiKey.headers, KEPT.slice(0, 6));
    await submit(t, b.apiKey.headers, KEPT.slice(6));
  });
  afterAll(async () => {
    await t.close();
    await scratch.drop();
  });

  /** Rows of any table (but the withdrawal record and the audit trail) whose text holds one of `needles`. */
  async function rowsHolding(needles: string[]): Promise<Record<string, number>> {
    return asScratchOwner(async (db) => {
      const tables = (
        await db.query(
          `SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('withdrawals', 'audit_events')`,
        )
      ).rows.map((r: { table_name: string }) => r.table_name);
      const found: Record<string, number> = {};
      for (const table of tables) {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM "${table}" t WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) needle WHERE t::text LIKE '%' || needle || '%')`,
          [needles],
        );
        if (rows[0].n > 0) found[table] = rows[0].n;
      }
      return found;
    });
  }

  it('deletes every row of the patient once the grace period is over, leaving the indicators of a register that never had them', async () => {
    const before = await indicators();
    const nationalId = newNationalId(1948);
    const pseudonym = pseudonymOf(t, nationalId);
    const theirs = [0, 1].map((i) =>
      submissionEpisode({
        admission: `2026-03-0${i + 1}`,
        los: 10,
        destination: 'home',
        eq5d: ['55555', '11111'],
        vas: [5, 95],
        barthel: [0, 100],
        nationalId,
      }),
    );
    // at two institutions, through a batch (its answer is stored), with a corrected response, an invitation with a draft, and a patient correction
    await t
      .http()
      .post('/api/v1/submissions')
      .set(a.apiKey.headers)
      .set('Idempotency-Key', randomUUID())
      .send({ episodes: [theirs[0]] })
      .expect(201);
    await submit(t, b.apiKey.headers, [theirs[1]]);
    await submit(t, a.apiKey.headers, [
      {
        ...theirs[0],
        responses: [
          {
            ...(theirs[0].responses as object[])[0],
            answers: { mobility: 4, selfCare: 4, usualActivities: 4, painDiscomfort: 4, anxietyDepression: 4, vas: 20 },
          },
        ],
      },
    ]);
    const mixedUp = await t
      .http()
      .post('/api/v1/episodes')
      .set(b.apiKey.headers)
      .send({ ...submissionEpisode({ admission: '2026-04-01' }), responses: undefined })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/episodes/${mixedUp.body.id}/patient-correction`)
      .set(b.staff.headers)
      .send({ nationalId, reason: 'Wrong patient chosen in the EHR' })
      .expect(200);
    const invitation = await t
      .http()
      .post(`/api/v1/episodes/${mixedUp.body.id}/invitations`)
      .set(b.staff.headers)
      .send({ timepoint: 'admission', instrument: 'eq5d-5l' })
      .expect(201);
    await asScratchOwner((db) => db.query(`UPDATE invitations SET draft = '{"mobility": 2}' WHERE id = $1`, [invitation.body.id]));
    expect(await indicators()).not.toEqual(before);

    const ids = await asScratchOwner(async (db) => ({
      episodes: (await db.query(`SELECT id::text FROM episodes WHERE pseudonym = $1`, [pseudonym])).rows.map((r: { id: string }) => r.id),
      responses: (
        await db.query(`SELECT r.id::text FROM responses r JOIN episodes e ON e.id = r.episode_id WHERE e.pseudonym = $1`, [pseudonym])
      ).rows.map((r: { id: string }) => r.id),
    }));
    expect(ids.episodes).toHaveLength(3);
    expect(ids.responses.length).toBeGreaterThanOrEqual(9);
    const needles = [pseudonym, ...ids.episodes, ...ids.responses];
    expect(Object.keys(await rowsHolding(needles)).sort()).toEqual(
      ['episode_patient_corrections', 'episodes', 'idempotency_keys', 'invitations', 'responses'].sort(),
    );

    await t.http().post('/api/v1/withdrawals').set(a.staff.headers).send({ nationalId }).expect(200);
    expect(await indicators()).toEqual(before);
    expect(await eraseAt(29)).toEqual({ patients: 0, episodes: 0 });
    expect(Object.keys(await rowsHolding(needles))).not.toHaveLength(0);

    expect(await eraseAt(31)).toEqual({ patients: 1, episodes: 3 });
    expect(await rowsHolding(needles)).toEqual({});
    expect(await indicators()).toEqual(before);
    const [record] = (
      await asScratchOwner((db) =>
        db.query(`SELECT withdrawn_at IS NOT NULL AS withdrawn, erased_at IS NOT NULL AS erased FROM withdrawals WHERE pseudonym = $1`, [
          pseudonym,
        ]),
      )
    ).rows;
    expect(record).toEqual({ withdrawn: true, erased: true });
    const audit = await t.http().get('/api/v1/admin/audit-events').query({ action: 'patient.erase' }).set(admin.headers).expect(200);
    expect(audit.body.items.map((e: { institutionId: string; rowCount: number }) => [e.institutionId, e.rowCount]).sort()).toEqual(
      [
        [a.id, 1],
        [b.id, 2],
      ].sort(),
    );
    expect(JSON.stringify(audit.body)).not.toContain(pseudonym);
  });

  it('lets an administrator cancel a withdrawal within the grace period, with a reason, and not after', async () => {
    const nationalId = newNationalId(1949);
    await submit(t, a.apiKey.headers, [submissionEpisode({ admission: '2026-05-01', los: 5, barthel: [50, 60], nationalId })]);
    const cancellations = '/api/v1/withdrawals/cancellations';
    const reason = 'Withdrawn for the wrong patient';
    await t.http().post(cancellations).set(admin.headers).send({ nationalId, reason }).expect(404);
    await t.http().post('/api/v1/withdrawals').set(a.staff.headers).send({ nationalId }).expect(200);
    await t.http().post(cancellations).set(a.staff.headers).send({ nationalId, reason }).expect(403);

    const cancelled = await t.http().post(cancellations).set(admin.headers).send({ nationalId, reason }).expect(200);
    expect(cancelled.body).toEqual({ restoredEpisodes: 1 });
    const list = await t
      .http()
      .get('/api/v1/episodes')
      .query({ admittedFrom: '2026-05-01', admittedTo: '2026-05-01' })
      .set(a.staff.headers)
      .expect(200);
    expect(list.body.count).toBe(1);
    await eraseAt(31);
    const kept = await t
      .http()
      .get('/api/v1/episodes')
      .query({ admittedFrom: '2026-05-01', admittedTo: '2026-05-01' })
      .set(a.staff.headers);
    expect(kept.body.count).toBe(1);
    const audit = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ action: 'patient.withdraw_cancel' })
      .set(admin.headers)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({ actorId: admin.id, institutionId: a.id, rowCount: 1 });

    // withdrawn again, and the grace period over: too late to cancel
    await t.http().post('/api/v1/withdrawals').set(a.staff.headers).send({ nationalId }).expect(200);
    await asScratchOwner((db) =>
      db.query(`UPDATE withdrawals SET withdrawn_at = now() - interval '31 days' WHERE pseudonym = $1`, [pseudonymOf(t, nationalId)]),
    );
    const late = await t.http().post(cancellations).set(admin.headers).send({ nationalId, reason }).expect(409);
    expect(late.body.type).toBe('urn:rehabreg:problem:withdrawal-grace-period-over');
  });
});
