/**
 * A live cube after new data rebuilds only the cells that changed (migration 1764000000330): each
 * change notes its cell (institution, programme, setting, service level, age band, sex), the next
 * view recomputes those cells from all their episodes and copies the others from the stale cube,
 * and the figures are those of a cube built from scratch.
 */
import type { Client } from 'pg';
import { createScratchDatabase, withClient } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, InstitutionWorld, newNationalId } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { EpisodeSpec, submissionEpisode, submit } from './indicator-data';

const PROGRAMMES = ['stroke', 'musculoskeletal', 'cardiac', 'chronic_pain'];

/** Episodes discharged in 2026, spread over cells: programmes, both sexes, three age bands. */
function episodesOf2026(count: number, offset = 0): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const spec: EpisodeSpec = {
      admission: `2026-0${1 + (i % 8)}-${String(3 + (i % 25)).padStart(2, '0')}`,
      los: 10 + i,
      destination: i % 3 ? 'home' : 'nursing_home',
      eq5d: ['33333', i % 2 ? '22222' : '23232'],
      vas: [40, 50 + (i % 40)],
      barthel: [50, 60 + (i % 8) * 5],
      programme: PROGRAMMES[(i + offset) % PROGRAMMES.length],
      nationalId: newNationalId([1950, 1975, 1990][(i + offset) % 3], i % 2 ? 'male' : 'female'),
    };
    return submissionEpisode(spec);
  });
}

type Indicator = { id: string; n: number | null; [key: string]: unknown };
type CellRow = Record<string, string | number | number[]>;

describe('rebuilding the changed cells of a live cube', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  const asOwner = <T>(work: (client: Client) => Promise<T>) => withClient(scratch.ownerUrl, work);

  const ownReport = async (world: InstitutionWorld) =>
    (
      await t
        .http()
        .get('/api/v1/indicators')
        .query({ period: '2026', scope: `institution:${world.id}` })
        .set(world.staff.headers)
        .expect(200)
    ).body as { asOf: string; indicators: Indicator[] };

  const liveCube = (institutionId: string) =>
    asOwner(async (c) => {
      const { rows } = await c.query<{ id: string }>(
        `SELECT id FROM indicator_cubes WHERE kind = 'live' AND superseded_at IS NULL AND period = '2026' AND institution_id = $1`,
        [institutionId],
      );
      return rows[0].id;
    });

  /** A cube's cells by key, measures rounded (a cell recomputed adds its values in its own order). */
  const cellsOf = (cubeId: string) =>
    asOwner(async (c) => {
      const { rows } = await c.query<CellRow>(`SELECT * FROM indicator_cube_cells WHERE cube_id = $1`, [cubeId]);
      const cells = new Map<string, CellRow>();
      for (const { cube_id: _cube, ...cell } of rows) {
        const key = [cell.institution_id, cell.programme, cell.setting, cell.service_level, cell.age_band, cell.sex].join('|');
        cells.set(
          key,
          JSON.parse(JSON.stringify(cell), (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)),
        );
      }
      return cells;
    });

  /** The cells noted as changed at an institution since `after` (a transaction id); null: the whole institution. */
  const changesSince = (institutionId: string, after: string) =>
    asOwner(async (c) => {
      const { rows } = await c.query<{ cell: string | null }>(
        `SELECT DISTINCT CASE WHEN programme IS NOT NULL THEN concat_ws('|', programme, setting, service_level, age_band, sex) END AS cell
           FROM indicator_changes WHERE institution_id = $1 AND txid > $2::xid8 ORDER BY 1`,
        [institutionId, after],
      );
      return rows.map((r) => r.cell);
    });
  const currentTxid = () => asOwner(async (c) => (await c.query<{ x: string }>(`SELECT pg_current_xact_id()::text AS x`)).rows[0].x);

  /** The institution's figures and cells from a cube built from scratch (the live cubes dropped). */
  const fromScratch = async (world: InstitutionWorld) => {
    await asOwner((c) => c.query(`DELETE FROM indicator_cubes WHERE kind = 'live' AND institution_id = $1`, [world.id]));
    const report = await ownReport(world);
    return { report, cells: await cellsOf(await liveCube(world.id)) };
  };

  const rounded = (value: unknown) =>
    JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)) as unknown;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin, 'helse-nord');
    await submit(t, a.apiKey.headers, episodesOf2026(14));
  });

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  it('shows a freshly registered episode after recomputing its cell alone, with the figures of a full rebuild', async () => {
    const before = await ownReport(a);
    const staleCube = await liveCube(a.id);
    const stale = await cellsOf(staleCube);
    const since = await currentTxid();

    const fresh = submissionEpisode({
      admission: '2026-05-02',
      los: 12,
      destination: 'home',
      eq5d: ['44444', '22222'],
      vas: [30, 70],
      barthel: [40, 90],
      programme: 'cardiac',
      setting: 'day',
      nationalId: newNationalId(1940, 'female'),
    });
    await submit(t, a.apiKey.headers, [fresh]);
    const cell = `${a.id}|cardiac|day|specialist|80+|female`;
    expect(await changesSince(a.id, since)).toEqual([cell.slice(a.id.length + 1)]);
    expect(stale.has(cell)).toBe(false);

    const after = await ownReport(a);
    expect(after.asOf).not.toBe(before.asOf);
    const n = (report: typeof before, id: string) => report.indicators.find((i) => i.id === id)!.n;
    expect(n(after, 'completeness.admission')).toBe(n(before, 'completeness.admission')! + 1);
    expect(n(after, 'eq5d.index_change')).toBe(n(before, 'eq5d.index_change')! + 1);

    // Every other cell is the stale cube's; the new one holds the new episode.
    const rebuilt = await cellsOf(await liveCube(a.id));
    expect(rebuilt.get(cell)).toMatchObject({ episodes: 1, eq5d_paired: 1, barthel_paired: 1 });
    expect(new Map([...rebuilt].filter(([key]) => key !== cell))).toEqual(stale);

    const full = await fromScratch(a);
    expect(full.cells).toEqual(rebuilt);
    expect(rounded(full.report.indicators)).toEqual(rounded(after.indicators));
  });

  it('recomputes the cell an episode leaves and the one it joins when its programme changes', async () => {
    await ownReport(a);
    const stale = await cellsOf(await liveCube(a.id));
    const { rows } = await asOwner((c) =>
      c.query<{ id: string; programme: string }>(
        `SELECT id, programme FROM episodes WHERE institution_id = $1 AND programme = 'stroke' AND discharge_date IS NOT NULL LIMIT 1`,
        [a.id],
      ),
    );
    const since = await currentTxid();
    await t.http().patch(`/api/v1/episodes/${rows[0].id}`).set(a.apiKey.headers).send({ programme: 'amputation' }).expect(200);
    const noted = await changesSince(a.id, since);
    expect(noted).toHaveLength(2);
    expect(noted.map((c) => c!.split('|')[0]).sort()).toEqual(['amputation', 'stroke']);

    const after = await ownReport(a);
    const rebuilt = await cellsOf(await liveCube(a.id));
    const moved = [...rebuilt].filter(([key]) => key.includes('|amputation|'));
    expect(moved.map(([, cell]) => cell.episodes)).toEqual([1]);
    const unchanged = (cells: Map<string, CellRow>) => new Map([...cells].filter(([key]) => !noted.some((c) => key === `${a.id}|${c}`)));
    expect(unchanged(rebuilt)).toEqual(unchanged(stale));

    const full = await fromScratch(a);
    expect(full.cells).toEqual(rebuilt);
    expect(rounded(full.report.indicators)).toEqual(rounded(after.indicators));
  });

  it('notes the whole institution when one statement touches more than 32 of its cells, and rebuilds it whole', async () => {
    const big = await createInstitutionWorld(t, admin, 'helse-vest');
    // 60 episodes over 4 programmes x 3 age bands x 2 sexes x 5 settings: more than 32 cells.
    const settings = ['inpatient', 'day', 'outpatient', 'ambulatory', 'home'];
    const episodes = episodesOf2026(60).map((e, i) => ({ ...e, setting: settings[Math.floor(i / 12) % settings.length] }));
    await submit(t, big.apiKey.headers, episodes);
    const before = await ownReport(big);
    expect((await cellsOf(await liveCube(big.id))).size).toBeGreaterThan(32);

    const since = await currentTxid();
    await asOwner((c) =>
      c.query(`UPDATE episodes SET discharge_destination = 'home' WHERE institution_id = $1 AND discharge_date IS NOT NULL`, [big.id]),
    );
    expect(await changesSince(big.id, since)).toEqual([null]);

    const after = await ownReport(big);
    expect(after.asOf).not.toBe(before.asOf);
    const rebuilt = await cellsOf(await liveCube(big.id));
    for (const cell of rebuilt.values()) expect(cell.home_n).toBe(cell.destination_n);
    const full = await fromScratch(big);
    expect(full.cells).toEqual(rebuilt);
    expect(rounded(full.report.indicators)).toEqual(rounded(after.indicators));
  });
});
