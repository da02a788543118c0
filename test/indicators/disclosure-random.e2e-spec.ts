/**
 * Disclosure control on random small registers through the database and HTTP (issue 19): episodes
 * submitted through the API, the period published, then every public table read back and attacked
 * by the independent LP reader. The many registers of the property test run in memory
 * (disclosure.spec.ts); these few check that the same holds end to end.
 */
import fc from 'fast-check';
import { PROGRAMMES, SERVICE_LEVELS, SETTINGS } from '../../src/episodes/episode.enums';
import { createScratchDatabase } from '../support/database';
import { Actor, createAdmin, createInstitutionWorld, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { expectProtected, type ReaderTable } from './disclosure-reader';
import { EpisodeSpec, submissionEpisode, submit } from './indicator-data';

const MARGIN = 3;
const THRESHOLD = 10;
const BREAKDOWNS = [
  'all',
  ...PROGRAMMES.map((p) => `programme:${p}`),
  ...SETTINGS.map((s) => `setting:${s}`),
  ...SERVICE_LEVELS.map((l) => `serviceLevel:${l}`),
];

interface RandomCell {
  institution: number;
  programme: 'stroke' | 'cardiac' | 'musculoskeletal';
  setting: 'inpatient' | 'ambulatory';
  serviceLevel: 'specialist' | 'municipal';
  /** Per episode: which of Barthel, VAS and a discharge EQ-5D-5L it has. */
  episodes: { barthel: boolean; vas: boolean; dischargeEq5d: boolean }[];
}

const registerOf = fc.record({
  institutions: fc.array(fc.constantFrom('helse-nord', 'helse-vest'), { minLength: 3, maxLength: 4 }),
  cells: fc.array(
    fc.record({
      institution: fc.integer({ min: 0, max: 3 }),
      programme: fc.constantFrom('stroke' as const, 'cardiac' as const, 'musculoskeletal' as const),
      setting: fc.constantFrom('inpatient' as const, 'ambulatory' as const),
      serviceLevel: fc.constantFrom('specialist' as const, 'municipal' as const),
      episodes: fc.array(fc.record({ barthel: fc.boolean(), vas: fc.boolean(), dischargeEq5d: fc.boolean() }), {
        minLength: 1,
        maxLength: 18,
      }),
    }),
    { minLength: 4, maxLength: 8 },
  ),
});

function specOf(cell: RandomCell, year: number, i: number, e: RandomCell['episodes'][number]): EpisodeSpec {
  return {
    admission: `${year}-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + ((i * 5) % 27)).padStart(2, '0')}`,
    los: 7 + (i % 11),
    wait: 3 + (i % 9),
    destination: i % 3 === 0 ? 'nursing_home' : 'home',
    eq5d: e.dischargeEq5d ? ['33333', ['22222', '21212', '32323'][i % 3]] : ['33333', null],
    ...(e.vas ? { vas: [40 + (i % 9), 55 + (i % 13)] as [number, number] } : {}),
    ...(e.barthel ? { barthel: [45 + (i % 7) * 5, 60 + (i % 8) * 5] as [number, number] } : {}),
    programme: cell.programme,
    setting: cell.setting,
    serviceLevel: cell.serviceLevel,
  };
}

describe('disclosure control on random registers, end to end', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({ DATABASE_URL: scratch.appUrl, DATABASE_OWNER_URL: scratch.ownerUrl });
    admin = await createAdmin(t);
  });

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  async function publicTables(period: string, worlds: InstitutionWorld[]): Promise<ReaderTable[]> {
    const scopes = [
      { scope: 'national', region: undefined },
      ...[...new Set(worlds.map((w) => w.region))].map((r) => ({ scope: `region:${r}`, region: undefined })),
      ...worlds.map((w) => ({ scope: `institution:${w.id}`, region: w.region })),
    ];
    const tables: ReaderTable[] = [];
    for (const { scope, region } of scopes) {
      for (const breakdown of BREAKDOWNS) {
        const [filter, value] = breakdown.split(':');
        const res = await t
          .http()
          .get('/api/v1/public/indicators')
          .query({ period, scope, ...(value ? { [filter]: value } : {}) })
          .expect(200);
        tables.push({ scope, breakdown, region, indicators: res.body.indicators });
      }
    }
    return tables;
  }

  // Each register is a year of its own, with institutions of its own, in one database.
  const registers = fc.sample(registerOf, { numRuns: 2, seed: 19 });
  it.each(registers.map((r, k) => [2023 + k, r] as const))(
    'publishes %s so that no hidden count is determined to within ± the margin, or refuses',
    async (year, register) => {
      const worlds: InstitutionWorld[] = [];
      for (const region of register.institutions) worlds.push(await createInstitutionWorld(t, admin, region));
      let i = 0;
      for (const [k, world] of worlds.entries()) {
        const cells = register.cells.filter((c) => c.institution % worlds.length === k);
        const specs = cells.flatMap((c) => c.episodes.map((e) => specOf(c, year, (i += 1), e)));
        if (specs.length) await submit(t, world.apiKey.headers, specs.map(submissionEpisode));
      }
      const res = await t
        .http()
        .post('/api/v1/admin/indicator-snapshots')
        .set(admin.headers)
        .send({ period: String(year) });
      if (res.status === 409) {
        // A register this small may not be protectable: then nothing may be published.
        expect(res.body.type).toBe('urn:rehabreg:problem:disclosure-audit-failed');
        await t
          .http()
          .get('/api/v1/public/indicators')
          .query({ period: String(year) })
          .expect(404);
        return;
      }
      expect(res.status).toBe(201);
      expectProtected(await publicTables(String(year), worlds), THRESHOLD, MARGIN);
    },
    240_000,
  );
});
