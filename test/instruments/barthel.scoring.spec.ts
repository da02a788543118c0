import fc from 'fast-check';
import {
  BARTHEL_ITEM_IDS,
  BARTHEL_ITEMS,
  BARTHEL_SCORING_VERSION,
  type BarthelItem,
  barthelAllowedValues,
  barthelAnswerProblems,
  barthelBand,
  scoreBarthel,
} from '../../src/instruments/barthel.scoring';
import { INSTRUMENT_DEFINITIONS } from '../../src/instruments/instrument-definitions';

function answersWith(pick: (allowed: readonly number[]) => number): Record<BarthelItem, number> {
  const entries = BARTHEL_ITEM_IDS.map((item) => [item, pick(BARTHEL_ITEMS[item])]);
  return Object.fromEntries(entries) as Record<BarthelItem, number>;
}

const best = answersWith((allowed) => Math.max(...allowed));
const worst = answersWith(() => 0);

/** Any complete set of valid answers on the 100-point scale. */
const arbitraryAnswers100 = fc.record(
  Object.fromEntries(BARTHEL_ITEM_IDS.map((item) => [item, fc.constantFrom(...BARTHEL_ITEMS[item])])) as Record<
    BarthelItem,
    fc.Arbitrary<number>
  >,
);

describe('Barthel index', () => {
  it('has ten items whose best values add up to 100', () => {
    expect(BARTHEL_ITEM_IDS).toHaveLength(10);
    expect(Object.values(best).reduce((sum, value) => sum + value, 0)).toBe(100);
  });

  it('scores every item at its best as 100, independent', () => {
    expect(scoreBarthel(best, 100)).toEqual({
      total100: 100,
      total20: 20,
      band: 'independent',
      scale: 100,
      scoringVersion: BARTHEL_SCORING_VERSION,
    });
  });

  it('scores every item at 0 as 0, total dependence', () => {
    expect(scoreBarthel(worst, 100)).toMatchObject({ total100: 0, total20: 0, band: 'total' });
  });

  it.each([
    [0, 'total'],
    [20, 'total'],
    [21, 'severe'],
    [60, 'severe'],
    [61, 'moderate'],
    [90, 'moderate'],
    [91, 'slight'],
    [99, 'slight'],
    [100, 'independent'],
  ] as const)('puts a total of %i in the band %s', (total, band) => {
    expect(barthelBand(total)).toBe(band);
  });

  it('gives the same 100-point total for 20-point answers (Collin & Wade), and keeps the scale it was given', () => {
    const best20 = answersWith((allowed) => Math.max(...allowed) / 5);
    expect(best20.transfers).toBe(3);
    expect(scoreBarthel(best20, 20)).toMatchObject({ total100: 100, total20: 20, band: 'independent', scale: 20 });
  });

  it('gives the same scores for any answers on the 20-point scale as for the same answers ×5 on the 100-point scale', () => {
    fc.assert(
      fc.property(arbitraryAnswers100, (answers100) => {
        const answers20 = Object.fromEntries(Object.entries(answers100).map(([item, value]) => [item, value / 5]));
        const { scale: _s100, ...scores100 } = scoreBarthel(answers100, 100);
        const { scale: _s20, ...scores20 } = scoreBarthel(answers20, 20);
        expect(scores20).toEqual(scores100);
      }),
    );
  });

  it('always totals 0-100 in steps of 5, with total20 a fifth of it', () => {
    fc.assert(
      fc.property(arbitraryAnswers100, (answers) => {
        const { total100, total20 } = scoreBarthel(answers, 100);
        expect(total100).toBeGreaterThanOrEqual(0);
        expect(total100).toBeLessThanOrEqual(100);
        expect((total100 ?? NaN) % 5).toBe(0);
        expect(total20).toBe((total100 ?? NaN) / 5);
      }),
    );
  });

  it.each(BARTHEL_ITEM_IDS)('gives no total or band when %s is missing', (item) => {
    const scores = scoreBarthel({ ...best, [item]: undefined }, 100);
    expect(scores).toMatchObject({ total100: null, total20: null, band: null });
    expect(scoreBarthel({ ...best, [item]: null }, 100).total100).toBeNull();
  });

  it('refuses to score a value that is not allowed rather than store a wrong total', () => {
    expect(() => scoreBarthel({ ...best, feeding: 7 }, 100)).toThrow(RangeError);
  });
});

describe('Barthel allowed values', () => {
  it('lists them on the 100-point scale and divided by 5 on the 20-point scale', () => {
    expect(barthelAllowedValues('feeding', 100)).toEqual([0, 5, 10]);
    expect(barthelAllowedValues('feeding', 20)).toEqual([0, 1, 2]);
    expect(barthelAllowedValues('transfers', 100)).toEqual([0, 5, 10, 15]);
    expect(barthelAllowedValues('transfers', 20)).toEqual([0, 1, 2, 3]);
    expect(barthelAllowedValues('bathing', 20)).toEqual([0, 1]);
  });
});

describe('Barthel answer problems', () => {
  it('finds none in valid answers, complete or not', () => {
    expect(barthelAnswerProblems(best, 100)).toEqual([]);
    expect(barthelAnswerProblems({ feeding: 2, stairs: null }, 20)).toEqual([]);
  });

  it('names the item and its allowed values for feeding 7 and transfers 20', () => {
    expect(barthelAnswerProblems({ ...best, feeding: 7, transfers: 20 }, 100)).toEqual([
      { item: 'feeding', message: 'feeding must be one of 0, 5, 10 on the 100-point scale (got 7)' },
      { item: 'transfers', message: 'transfers must be one of 0, 5, 10, 15 on the 100-point scale (got 20)' },
    ]);
  });

  it('says so when a value belongs to the other scale', () => {
    expect(barthelAnswerProblems({ feeding: 10 }, 20)).toEqual([
      {
        item: 'feeding',
        message:
          'feeding must be one of 0, 1, 2 on the 20-point scale (got 10); 10 is a value of the 100-point scale, so check which scale the answers are on',
      },
    ]);
  });

  it('reports values that are not numbers and items that do not exist', () => {
    expect(barthelAnswerProblems({ feeding: '10', walking: 5 }, 100)).toEqual([
      { item: 'feeding', message: 'feeding must be one of 0, 5, 10 on the 100-point scale (got "10")' },
      {
        item: 'walking',
        message:
          '"walking" is not a Barthel item; the items are feeding, bathing, grooming, dressing, bowels, bladder, toiletUse, transfers, mobility, stairs',
      },
    ]);
  });
});

describe('Barthel definition', () => {
  const definition = INSTRUMENT_DEFINITIONS.barthel;

  it('has the ten items with their 100-point values and a label in nb, nn and en', () => {
    expect(definition.wordingIsPlaceholder).toBe(false);
    expect(definition.inputScales).toEqual([100, 20]);
    expect(definition.items.map((item) => item.id)).toEqual(BARTHEL_ITEM_IDS);
    for (const item of definition.items) {
      expect(item.kind === 'choice' && item.allowedValues).toEqual(BARTHEL_ITEMS[item.id as BarthelItem]);
      for (const language of definition.languages) expect(item.label[language]).not.toBe('');
    }
  });
});
