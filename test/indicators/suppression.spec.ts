import fc from 'fast-check';
import { publishCell, suppressSmallCell, suppressTable, type SuppressionGroup } from '../../src/indicators/statistics/suppression';

describe('primary suppression', () => {
  it('removes the value and n of a figure with n below 10 and keeps one with n of 10', () => {
    expect(suppressSmallCell(9, 0.42)).toEqual({ suppressed: 'small_n', n: null, value: null });
    expect(suppressSmallCell(10, 0.42)).toEqual({ suppressed: null, n: 10, value: 0.42 });
  });

  it('uses a configured threshold', () => {
    expect(suppressSmallCell(14, 0.42, 15).suppressed).toBe('small_n');
  });
});

describe('secondary suppression within a table', () => {
  it('hides the next-smallest institution of a region whose total is published', () => {
    // region = 4 + 25 + 40 + 120 = 189: with only A hidden, A = 189 − 25 − 40 − 120
    const region: SuppressionGroup = {
      totalPublished: true,
      totalId: 'helse-vest',
      cells: [
        { id: 'A', n: 4 },
        { id: 'C', n: 40 },
        { id: 'B', n: 25 },
        { id: 'D', n: 120 },
      ],
    };
    expect(suppressTable([region])).toEqual(
      new Map([
        ['A', 'small_n'],
        ['B', 'secondary'],
      ]),
    );
  });

  it('hides nothing more when the total is not published', () => {
    const region: SuppressionGroup = {
      totalPublished: false,
      cells: [
        { id: 'A', n: 4 },
        { id: 'B', n: 25 },
      ],
    };
    expect(suppressTable([region])).toEqual(new Map([['A', 'small_n']]));
  });

  it('hides nothing more when two cells of the group are already small', () => {
    const region: SuppressionGroup = {
      totalPublished: true,
      totalId: 'r',
      cells: [
        { id: 'A', n: 4 },
        { id: 'B', n: 7 },
        { id: 'C', n: 50 },
      ],
    };
    expect(suppressTable([region])).toEqual(
      new Map([
        ['A', 'small_n'],
        ['B', 'small_n'],
      ]),
    );
  });

  it('hides the second-smallest share category of an institution', () => {
    // PCHC of 80 pairs: mixed (3) is small; alone it would be 80 − 40 − 12 − 25, so worse (12) goes too
    const shares: SuppressionGroup = {
      totalPublished: true,
      totalId: 'inst-1',
      cells: [
        { id: 'better', n: 40 },
        { id: 'worse', n: 12 },
        { id: 'mixed', n: 3 },
        { id: 'unchanged', n: 25 },
      ],
    };
    expect(suppressTable([shares])).toEqual(
      new Map([
        ['mixed', 'small_n'],
        ['worse', 'secondary'],
      ]),
    );
  });

  it('carries suppression from rows into columns of a two-way table', () => {
    //            better worse mixed unchanged | total
    //   I1         30    12     4     20      |  66
    //   I2         25    15    11     30      |  81
    // I1.mixed small → row I1 hides I1.worse (12) → columns worse and mixed each have one hidden
    // → hide I2.worse and I2.mixed; row I2 then has two hidden and all groups are safe.
    const table = { I1: { better: 30, worse: 12, mixed: 4, unchanged: 20 }, I2: { better: 25, worse: 15, mixed: 11, unchanged: 30 } };
    const categories = ['better', 'worse', 'mixed', 'unchanged'] as const;
    const rows: SuppressionGroup[] = (['I1', 'I2'] as const).map((inst) => ({
      totalPublished: true,
      totalId: inst,
      cells: categories.map((c) => ({ id: `${inst}.${c}`, n: table[inst][c] })),
    }));
    const columns: SuppressionGroup[] = categories.map((c) => ({
      totalPublished: true,
      totalId: `all.${c}`,
      cells: (['I1', 'I2'] as const).map((inst) => ({ id: `${inst}.${c}`, n: table[inst][c] })),
    }));
    expect(suppressTable([...rows, ...columns])).toEqual(
      new Map([
        ['I1.mixed', 'small_n'],
        ['I1.worse', 'secondary'],
        ['I2.worse', 'secondary'],
        ['I2.mixed', 'secondary'],
      ]),
    );
  });

  it('hides a small region total and then enough of the nation table that it cannot be subtracted back', () => {
    // north has one institution of 8: N1 and the north total are both small.
    // nation = north + west + south with north hidden → hide west (140, smaller than south 200);
    // west = W1 + W2 with west hidden → hide W1 (60), or west = W1 + W2 would give north back.
    const groups: SuppressionGroup[] = [
      { totalPublished: true, totalId: 'north', cells: [{ id: 'N1', n: 8 }] },
      {
        totalPublished: true,
        totalId: 'west',
        cells: [
          { id: 'W1', n: 60 },
          { id: 'W2', n: 80 },
        ],
      },
      { totalPublished: true, totalId: 'south', cells: [{ id: 'S1', n: 200 }] },
      {
        totalPublished: true,
        totalId: 'nation',
        cells: [
          { id: 'north', n: 8 },
          { id: 'west', n: 140 },
          { id: 'south', n: 200 },
        ],
      },
    ];
    expect(suppressTable(groups)).toEqual(
      new Map([
        ['N1', 'small_n'],
        ['north', 'small_n'],
        ['west', 'secondary'],
        ['W1', 'secondary'],
      ]),
    );
  });

  it('hides the total of a group whose only cell is hidden by another group', () => {
    const groups: SuppressionGroup[] = [
      {
        totalPublished: true,
        totalId: 'trust',
        cells: [
          { id: 'unit-a', n: 30 },
          { id: 'unit-b', n: 5 },
        ],
      },
      { totalPublished: true, totalId: 'unit-a-total', cells: [{ id: 'unit-a', n: 30 }] },
    ];
    expect(suppressTable(groups)).toEqual(
      new Map([
        ['unit-b', 'small_n'],
        ['unit-a', 'secondary'],
        ['unit-a-total', 'secondary'],
      ]),
    );
  });

  it('leaves no published group with exactly one hidden member in any two-way table', () => {
    const matrix = fc.array(fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(matrix, (rowsOfN) => {
        const width = Math.min(...rowsOfN.map((r) => r.length));
        const cell = (i: number, j: number) => ({ id: `${i}:${j}`, n: rowsOfN[i][j] });
        const groups: SuppressionGroup[] = [
          ...rowsOfN.map((_, i) => ({
            totalPublished: true as const,
            totalId: `row${i}`,
            cells: [...Array(width).keys()].map((j) => cell(i, j)),
          })),
          ...[...Array(width).keys()].map((j) => ({
            totalPublished: true as const,
            totalId: `col${j}`,
            cells: rowsOfN.map((_, i) => cell(i, j)),
          })),
        ];
        const hidden = suppressTable(groups);
        for (const group of groups) {
          if (!group.totalPublished) continue;
          const members = [...group.cells.map((c) => c.id), group.totalId];
          expect(members.filter((id) => hidden.has(id)).length).not.toBe(1);
          for (const c of group.cells) if (c.n < 10) expect(hidden.get(c.id)).toBe('small_n');
        }
      }),
    );
  });
});

describe('publishing a table cell', () => {
  it('shows the value and n of a visible cell and only the reason for a hidden one', () => {
    const hidden = new Map([['B', 'secondary' as const]]);
    expect(publishCell('A', 40, 0.31, hidden)).toEqual({ suppressed: null, n: 40, value: 0.31 });
    expect(publishCell('B', 25, 0.12, hidden)).toEqual({ suppressed: 'secondary', n: null, value: null });
  });
});
