import fc from 'fast-check';
import { buildPublicationTables, type PublicationTables } from '../../src/indicators/publishing/publication-tables';
import { readerIntervals, type ReaderTable } from './disclosure-reader';
import { publicationInput, registerArbitrary, type Register } from './disclosure-registers';

const THRESHOLD = 10;
const MARGIN = 3;

function readerTables(register: Register, tables: PublicationTables): ReaderTable[] {
  const regionOf = new Map(register.institutions.map((i) => [`institution:${i.id}`, i.region]));
  return tables.reports.map((r) => ({ scope: r.scope, breakdown: r.breakdown, region: regionOf.get(r.scope), indicators: r.indicators }));
}

/** Every count a table shows: n of figures and parts, numerators. */
function shownCounts(tables: PublicationTables): { where: string; n: number }[] {
  return tables.reports.flatMap((r) =>
    r.indicators
      .filter((i) => i.id !== 'completeness.participation')
      .flatMap((i) => [
        ...(i.n !== null ? [{ where: `${r.scope} ${r.breakdown} ${i.id}`, n: i.n }] : []),
        ...(i.parts ?? []).flatMap((p) => (p.n !== null ? [{ where: `${r.scope} ${r.breakdown} ${i.id}:${p.part}`, n: p.n }] : [])),
      ]),
  );
}

describe('disclosure control of a publication (pure, in memory)', () => {
  it('hides every count below the threshold, zeros included, and passes the audit or names what it cannot protect, on 200 random registers', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(registerArbitrary({ maxInstitutions: 4, maxEpisodes: 15 }), async (register) => {
        const tables = await buildPublicationTables(publicationInput(register));
        const unprotected = tables.disclosure.cells.filter((c) => !c.protected);
        expect(tables.disclosure.audit.failures).toHaveLength(unprotected.length);
        if (!tables.disclosure.audit.passed) refused += 1;
        for (const shown of shownCounts(tables)) {
          if (shown.where.includes('completeness.coverage')) continue; // its n is the expected count, not patients
          expect({ ...shown, small: shown.n < THRESHOLD }).toEqual({ ...shown, small: false });
        }
      }),
      { numRuns: 200 },
    );
    // Registers of 2–4 institutions with 1–15 episodes per cell are nearly all small cells; publishing
    // refuses (409) the few whose tables the heuristic cannot protect.
    expect(refused).toBeLessThanOrEqual(20);
    // 200 publications with their audits: under .ci/run's load this passed the default 60 s.
  }, 240_000);

  it('leaves every hidden count an interval of at least 2 × margin for an independent reader with another LP solver', async () => {
    await fc.assert(
      fc.asyncProperty(registerArbitrary({ maxInstitutions: 3, maxEpisodes: 15 }), async (register) => {
        const tables = await buildPublicationTables(publicationInput(register));
        if (!tables.disclosure.audit.passed) return; // publishing refuses: nothing is shown
        for (const interval of readerIntervals(readerTables(register, tables), THRESHOLD)) {
          expect({ ...interval, wide: interval.max - interval.min >= 2 * MARGIN - 1e-6 }).toEqual({ ...interval, wide: true });
        }
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});
