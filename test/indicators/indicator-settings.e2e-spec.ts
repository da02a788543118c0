import type { Client } from 'pg';
import { createScratchDatabase, withClient } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { Clock } from '../../src/clock/clock';
import { submissionEpisode, submit } from './indicator-data';

// Ten discharged episodes with Barthel pairs; changes 30, 25, 15, 0, 0, −10, 10, 40, 20, 15:
// mean 14.5; improved by ≥ 10 points: 7 of 10; by ≥ 20 points: 4 of 10.
const BARTHEL_PAIRS: [number, number][] = [
  [40, 70],
  [55, 80],
  [60, 75],
  [90, 90],
  [100, 100],
  [85, 75],
  [70, 80],
  [20, 60],
  [65, 85],
  [80, 95],
];

const DEFAULT_PARAMETERS = {
  eq5dMid: 0.08,
  barthelMcid: 10,
  barthelIndependenceThreshold: 100,
  coverageWarning: 0.6,
  suppressionThreshold: 10,
  overdispersionMinInstitutions: 5,
  liveMinContributors: 3,
  liveMaxContributorShare: 0.8,
  publicationGraceDays: 60,
  protectionMargin: 3,
};
const DEFAULT_TARGETS = ['completeness.admission', 'completeness.paired', 'completeness.participation', 'completeness.coverage'].map(
  (indicator) => ({ indicator, minimum: 0.6, target: 0.8 }),
);

type Indicator = { id: string; [key: string]: unknown };
const find = (body: { indicators: Indicator[] }, id: string) => body.indicators.find((i) => i.id === id)!;

describe('indicator settings set by register administrators', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  const asScratchOwner = <T>(work: (client: Client) => Promise<T>) => withClient(scratch.ownerUrl, work);
  const settings = () => t.http().get('/api/v1/admin/indicator-settings').set(admin.headers);
  const put = (body: object, actor: Actor = admin) => t.http().put('/api/v1/admin/indicator-settings').set(actor.headers).send(body);
  const national = (path = '/api/v1/indicators', actor: Actor = admin) =>
    t.http().get(path).query({ period: '2026', indicator: 'barthel.change,barthel.improved' }).set(actor.headers);

  beforeAll(async () => {
    // Settings are register-wide: a database of its own, so no other test's figures move.
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    // Publishing 2026 needs a day after its grace period (docs/indicators.md, "Publishing rules").
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2027-06-01T10:00:00Z'));
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    await submit(
      t,
      a.apiKey.headers,
      BARTHEL_PAIRS.map((barthel, i) =>
        submissionEpisode({ admission: `2026-03-${String(1 + i).padStart(2, '0')}`, los: 14, destination: 'home', barthel }),
      ),
    );
  });

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  it('starts from the defaults of INDICATORS.md', async () => {
    const res = await settings().expect(200);
    expect(res.body).toMatchObject({ version: 0, parameters: DEFAULT_PARAMETERS, targets: DEFAULT_TARGETS, changedAt: null, reason: null });
    const live = await national().expect(200);
    expect(find(live.body, 'barthel.change')).toMatchObject({ value: 14.5, target: null, zone: null });
    expect(find(live.body, 'barthel.improved')).toMatchObject({ value: 0.7, events: 7, parameters: { barthelMcid: 10 } });
  });

  it('refuses settings that make no sense, with a pointer to each field, and changes nothing', async () => {
    const good = { parameters: DEFAULT_PARAMETERS, targets: DEFAULT_TARGETS, reason: 'Board decision on targets for 2026' };
    const cases: [object, string[]][] = [
      [{ ...good, parameters: { ...DEFAULT_PARAMETERS, suppressionThreshold: 3 } }, ['/parameters/suppressionThreshold']],
      [{ ...good, parameters: { ...DEFAULT_PARAMETERS, eq5dMid: 0 } }, ['/parameters/eq5dMid']],
      [{ ...good, parameters: { ...DEFAULT_PARAMETERS, liveMinContributors: 2 } }, ['/parameters/liveMinContributors']],
      [{ ...good, parameters: { ...DEFAULT_PARAMETERS, liveMaxContributorShare: 80 } }, ['/parameters/liveMaxContributorShare']],
      [{ ...good, parameters: { ...DEFAULT_PARAMETERS, overdispersionMinInstitutions: 2 } }, ['/parameters/overdispersionMinInstitutions']],
      [{ ...good, parameters: { ...DEFAULT_PARAMETERS, publicationGraceDays: -1 } }, ['/parameters/publicationGraceDays']],
      [{ ...good, targets: [{ indicator: 'los.median', minimum: 10, target: 5 }] }, ['/targets/0/indicator']],
      // waiting time: lower is better, so the target cannot lie above the minimum
      [{ ...good, targets: [{ indicator: 'wait.median', minimum: 30, target: 60 }] }, ['/targets/0/target']],
      // shares are 0 to 1, not percentages
      [{ ...good, targets: [{ indicator: 'outcome.home', minimum: 70, target: 80 }] }, ['/targets/0/minimum', '/targets/0/target']],
      [{ ...good, targets: [...DEFAULT_TARGETS, DEFAULT_TARGETS[0]] }, ['/targets/4/indicator']],
      [{ ...good, reason: '' }, ['/reason']],
      [{ targets: [], reason: good.reason }, ['/parameters']],
    ];
    for (const [body, pointers] of cases) {
      const res = await put(body).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(pointers);
    }
    expect((await settings().expect(200)).body.version).toBe(0);
    const staff = await put(good, a.staff).expect(403);
    expect(staff.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('applies a change to live figures at once, while a published snapshot keeps the settings it was published with', async () => {
    await t.http().post('/api/v1/admin/indicator-snapshots').set(admin.headers).send({ period: '2026' }).expect(201);

    const reason = 'Board decision 2026-11-12: stricter Barthel improvement, Barthel change targets';
    const changed = await put({
      parameters: { ...DEFAULT_PARAMETERS, barthelMcid: 20 },
      targets: [...DEFAULT_TARGETS, { indicator: 'barthel.change', minimum: 10, target: 20 }],
      reason,
    }).expect(200);
    expect(changed.body).toMatchObject({ parameters: { barthelMcid: 20 }, reason, changedBy: admin.id });
    expect(changed.body.version).toBeGreaterThan(0);

    const live = await national().expect(200);
    expect(find(live.body, 'barthel.change')).toMatchObject({ value: 14.5, target: { minimum: 10, target: 20 }, zone: 'minimum_met' });
    expect(find(live.body, 'barthel.improved')).toMatchObject({ value: 0.4, events: 4, parameters: { barthelMcid: 20 } });
    // An institution's staff see the same settings on their own figures.
    const own = await t
      .http()
      .get('/api/v1/indicators')
      .query({ period: '2026', scope: `institution:${a.id}`, indicator: 'barthel.change' })
      .set(a.staff.headers)
      .expect(200);
    expect(find(own.body, 'barthel.change')).toMatchObject({ zone: 'minimum_met' });

    const published = await t
      .http()
      .get('/api/v1/public/indicators')
      .query({ period: '2026', indicator: 'barthel.change,barthel.improved' })
      .expect(200);
    expect(find(published.body, 'barthel.change')).toMatchObject({ value: 14.5, target: null, zone: null });
    expect(find(published.body, 'barthel.improved')).toMatchObject({ value: 0.7, parameters: { barthelMcid: 10 } });

    // A higher suppression threshold hides figures resting on fewer episodes.
    await put({
      parameters: { ...DEFAULT_PARAMETERS, barthelMcid: 20, suppressionThreshold: 11 },
      targets: changed.body.targets,
      reason: 'Threshold 11 for the 2026 annual report',
    }).expect(200);
    const hidden = await national().expect(200);
    expect(hidden.body.suppressionThreshold).toBe(11);
    expect(find(hidden.body, 'barthel.change')).toMatchObject({ suppressed: true, value: null, zone: null });

    const history = await t.http().get('/api/v1/admin/indicator-settings/history').set(admin.headers).expect(200);
    expect(history.body.map((h: { reason: string }) => h.reason)).toEqual(['Threshold 11 for the 2026 annual report', reason]);
    const audited = await asScratchOwner((client) =>
      client.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'indicator_settings.change'`),
    );
    expect(audited.rows[0].n).toBe(2);
  });
});
