import { solver } from '../../src/indicators/disclosure/disclosure-audit';
import { countsToHide, priceOf } from '../../src/indicators/disclosure/protection-repair';
import type { LinkedTable, TableCell } from '../../src/indicators/statistics/suppression';

const cell = (id: string, n: number): TableCell => ({ id, n, small: n < 10, floor: 0, reasonTells: true });

/** A region of three institutions by two settings, with the totals of each. */
function regionTable(): LinkedTable {
  const n: Record<string, number> = {
    'region:r|all': 230,
    'region:r|setting:day': 90,
    'region:r|setting:home': 140,
    'institution:a|all': 12,
    'institution:a|setting:day': 4,
    'institution:a|setting:home': 8,
    'institution:b|all': 100,
    'institution:b|setting:day': 40,
    'institution:b|setting:home': 60,
    'institution:c|all': 118,
    'institution:c|setting:day': 46,
    'institution:c|setting:home': 72,
  };
  const cells = new Map(Object.entries(n).map(([id, v]) => [id, cell(id, v)]));
  const equations = [
    ...['all', 'setting:day', 'setting:home'].map((b) => ({
      total: `region:r|${b}`,
      members: ['a', 'b', 'c'].map((i) => `institution:${i}|${b}`),
    })),
    ...['region:r', 'institution:a', 'institution:b', 'institution:c'].map((s) => ({
      total: `${s}|all`,
      members: [`${s}|setting:day`, `${s}|setting:home`],
    })),
  ];
  return { cells, equations };
}

describe('the cheapest counts to hide for one hidden count (linear program)', () => {
  it('moves a small cell through the other institutions and settings, not through the region total', async () => {
    const h = await solver();
    const table = regionTable();
    const hidden = new Map([['institution:a|setting:day', 'small_n' as const]]);
    const bounds = (id: string): [number, number] => (table.cells.get(id)!.small ? [0, 9] : [10, Infinity]);
    const toHide = countsToHide(h, { table, hidden, bounds, boundsIfHidden: bounds }, 'institution:a|setting:day', 5, 1)!;
    expect(toHide).not.toContain('region:r|all');
    expect(toHide.some((id) => id.startsWith('region:'))).toBe(false);
    // A change that keeps every equation must leave the cell's row and column: another cell of each, and the corner.
    expect(toHide.length).toBeGreaterThanOrEqual(3);
  });

  it('says so when no change can move the count (a region of one institution, all else fixed by zeros)', async () => {
    const h = await solver();
    const cells = new Map([cell('region:r|all', 5), cell('institution:a|all', 5)].map((c) => [c.id, c]));
    const table: LinkedTable = { cells, equations: [{ total: 'region:r|all', members: ['institution:a|all'] }] };
    const hidden = new Map([['institution:a|all', 'small_n' as const]]);
    const bounds = (): [number, number] => [5, 5]; // a reader who knows it exactly (e.g. pinched by nested counts)
    expect(countsToHide(h, { table, hidden, bounds: () => [0, 9], boundsIfHidden: bounds }, 'institution:a|all', 3, 0)).toBeUndefined();
  });

  it('prices totals and national figures far above institutions, and larger counts above smaller', () => {
    expect(priceOf('institution:a|setting:day', 50)).toBeLessThan(priceOf('institution:a|all', 50));
    expect(priceOf('institution:a|all', 500)).toBeLessThan(priceOf('region:r|all', 50));
    expect(priceOf('region:r|all', 5000)).toBeLessThan(priceOf('national|all', 50));
    expect(priceOf('institution:a|setting:day', 10)).toBeLessThan(priceOf('institution:a|setting:day', 100));
  });
});
