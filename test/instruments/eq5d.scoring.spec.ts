import fc from 'fast-check';
import valueSetsFile from '../../src/instruments/data/eq5d-5l-value-sets.json';
import {
  DEFAULT_VALUE_SET_ID,
  EQ5D_DIMENSIONS,
  EQ5D_SCORING_VERSION,
  type Eq5dAnswers,
  eq5dAnswerProblems,
  eq5dIndex,
  eq5dLevelSum,
  eq5dState,
  isKnownValueSet,
  listValueSets,
  loadValueSets,
  parseEq5dState,
  roundIndex,
  scoreEq5d,
  unknownCoefficientNames,
  UnknownValueSetError,
} from '../../src/instruments/eq5d.scoring';
import { INSTRUMENT_DEFINITIONS } from '../../src/instruments/instrument-definitions';

const allStates: string[] = [];
for (let n = 0; n < 5 ** 5; n++) {
  allStates.push([...n.toString(5).padStart(5, '0')].map((digit) => Number(digit) + 1).join(''));
}

function answersOf(state: string, vas: number | null = null): Eq5dAnswers {
  return { ...parseEq5dState(state), vas };
}

const arbitraryState = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 5, maxLength: 5 }).map((levels) => levels.join(''));

describe('EQ-5D-5L value sets', () => {
  it('ships 49 value sets with unique ids, each with a DOI, PubMed id or URL, and Norway as default', () => {
    const sets = listValueSets();
    expect(sets).toHaveLength(49);
    expect(new Set(sets.map((set) => set.id)).size).toBe(49);
    for (const set of sets) expect(set.doi ?? set.pubmed ?? set.url).toBeTruthy();
    expect(DEFAULT_VALUE_SET_ID).toBe('norway');
    expect(isKnownValueSet('norway')).toBe(true);
    expect(isKnownValueSet('narnia')).toBe(false);
  });

  it.each(valueSetsFile.valueSets.map((set) => [set.id, set.coefficients] as const))(
    'knows every coefficient name of %s, so no term is left out of its index',
    (_id, coefficients) => {
      expect(unknownCoefficientNames(coefficients)).toEqual([]);
    },
  );

  it('refuses to load a value set with a coefficient name the formula does not know', () => {
    const file = {
      default: 'x',
      valueSets: [{ id: 'x', name: 'X', doi: null, pubmed: null, url: null, coefficients: { StartValue: 1, MOxAD2: -0.1 } }],
    };
    expect(() => loadValueSets(file)).toThrow('value set "x" cannot be scored: unknown coefficient "MOxAD2"');
  });

  it('refuses a file whose default is not one of its value sets', () => {
    const file = { default: 'y', valueSets: [{ id: 'x', name: 'X', doi: null, pubmed: null, url: null, coefficients: { StartValue: 1 } }] };
    expect(() => loadValueSets(file)).toThrow('default value set "y" is not in the file');
  });
});

describe('EQ-5D-5L index', () => {
  it('scores Norway 55555 to -0.453 and 11111 to 1', () => {
    expect(roundIndex(eq5dIndex('55555', 'norway'))).toBe(-0.453);
    expect(eq5dIndex('11111', 'norway')).toBe(1);
  });

  it('uses the Norwegian value set when none is named', () => {
    expect(eq5dIndex('12345')).toBe(eq5dIndex('12345', 'norway'));
    expect(scoreEq5d(answersOf('12345')).valueSetId).toBe('norway');
  });

  describe.each(valueSetsFile.valueSets.map((set) => [set.id, set.coefficients as Record<string, number | undefined>] as const))(
    'with the %s value set',
    (id, coefficients) => {
      const indexes = new Map(allStates.map((state) => [state, eq5dIndex(state, id)]));
      const values = [...indexes.values()];

      it('scores 11111 to StartValue plus any level-1 coefficients', () => {
        const level1 = ['MO1', 'SC1', 'UA1', 'PD1', 'AD1'].reduce((sum, name) => sum + (coefficients[name] ?? 0), 0);
        expect(indexes.get('11111')).toBeCloseTo((coefficients.StartValue ?? NaN) + level1, 12);
      });

      it('scores all 3125 states to finite numbers, with 11111 the best and 55555 the worst (ties allowed)', () => {
        expect(values.every(Number.isFinite)).toBe(true);
        expect(Math.max(...values)).toBeCloseTo(indexes.get('11111') ?? NaN, 12);
        expect(Math.min(...values)).toBeCloseTo(indexes.get('55555') ?? NaN, 12);
      });
    },
  );

  it('scores 11111 to exactly StartValue in every set except Canada, whose model has level-1 terms', () => {
    const differing = valueSetsFile.valueSets
      .filter((set) => Math.abs(eq5dIndex('11111', set.id) - set.coefficients.StartValue) > 1e-12)
      .map((set) => set.id);
    expect(differing).toEqual(['canada']);
    // 1.1351 - 0.0389 - 0.0458 - 0.0195 - 0.0444 - 0.0376 = 0.9489
    expect(eq5dIndex('11111', 'canada')).toBeCloseTo(0.9489, 12);
  });

  it('adds the <d>45 terms and Num45sq × (k − 1)² for Canada (worked by hand)', () => {
    // 31445: StartValue 1.1351
    //   MO3 -0.1167, SC1 -0.0458, UA4 -0.078, PD4 -0.1776, AD5 -0.188     = -0.6061
    //   UA45 -0.1103, PD45 -0.1409, AD45 -0.1277 (three dims at 4/5)      = -0.3789
    //   Num45sq 0.0085 × (3 − 1)² = +0.034
    //   1.1351 - 0.6061 - 0.3789 + 0.034 = 0.1841
    expect(eq5dIndex('31445', 'canada')).toBeCloseTo(0.1841, 12);
    // 55555: 1.1351 - 0.931 (levels) - 0.4883 (five <d>45) + 0.0085 × 16 = -0.1482
    expect(eq5dIndex('55555', 'canada')).toBeCloseTo(-0.1482, 12);
  });

  it('adds Intercept once and N4 once for South Korea (worked by hand)', () => {
    // 12345: 1 + Intercept -0.096 + MO1 0 + SC2 -0.032 + UA3 -0.051 + PD4 -0.166 + AD5 -0.137
    //        + N4 -0.078 (some dimension at 4 or 5) = 0.44
    expect(eq5dIndex('12345', 'southkorea')).toBeCloseTo(0.44, 12);
    // 21111: 1 - 0.096 (Intercept) - 0.046 (MO2), no N4 = 0.858
    expect(eq5dIndex('21111', 'southkorea')).toBeCloseTo(0.858, 12);
  });

  it('adds the MOAD and PDAD interactions for Singapore (worked by hand)', () => {
    // 41215: 1 + MO4 -0.31425328 + SC1 0 + UA2 -0.06974331 + PD1 0 + AD5 -0.49681671 = 0.1191867
    //        + MOAD 0.00694155 × (4 − 1) × (5 − 1) = +0.0832986
    //        + PDAD 0.00650446 × (1 − 1) × (5 − 1) = 0
    //        = 0.2024853
    expect(eq5dIndex('41215', 'singapore')).toBeCloseTo(0.2024853, 12);
  });

  it('adds N5 only when a dimension is at level 5 (Australia, worked by hand)', () => {
    // 11115: 1 + AD5 -0.238 + N5 -0.153 = 0.609;  11114: 1 + AD4 -0.238, no N5 = 0.762
    expect(eq5dIndex('11115', 'australia')).toBeCloseTo(0.609, 12);
    expect(eq5dIndex('11114', 'australia')).toBeCloseTo(0.762, 12);
  });

  it('rejects a state that is not five digits 1-5', () => {
    expect(() => eq5dIndex('12346', 'norway')).toThrow(RangeError);
  });

  it('throws UnknownValueSetError for an unknown value set, saying where valid ids are listed', () => {
    expect(() => eq5dIndex('11111', 'narnia')).toThrow(UnknownValueSetError);
    expect(() => scoreEq5d(answersOf('11111'), 'narnia')).toThrow(/Unknown EQ-5D-5L value set "narnia".*listValueSets/);
    expect(() => scoreEq5d({ vas: 50 }, 'narnia')).toThrow(UnknownValueSetError);
  });
});

describe('rounding the index', () => {
  it('rounds to three decimals with halves away from zero, whatever the floating-point noise', () => {
    expect(roundIndex(eq5dIndex('55555', 'japan-ctto'))).toBe(-0.026); // exactly -0.0255
    expect(roundIndex(eq5dIndex('21354', 'canada'))).toBe(0.321); // exactly 0.3205
    expect(roundIndex(0.12349)).toBe(0.123);
    expect(Object.is(roundIndex(-0.0004), 0)).toBe(true);
  });

  it('never moves the index by more than half a thousandth', () => {
    fc.assert(
      fc.property(arbitraryState, fc.constantFrom(...listValueSets().map((set) => set.id)), (state, id) => {
        const index = eq5dIndex(state, id);
        expect(Math.abs(roundIndex(index) - index)).toBeLessThanOrEqual(0.0005 + 1e-12);
      }),
    );
  });
});

describe('EQ-5D-5L scores of a response', () => {
  it('gives state, level sum, index unrounded and rounded, VAS, value set and scoring version', () => {
    expect(scoreEq5d(answersOf('12345', 70))).toEqual({
      state: '12345',
      levelSum: 15,
      index: expect.closeTo(0.13692, 12), // 1 - 0.031312 - 0.056743 - 0.303025 - 0.472
      indexRounded: 0.137,
      vas: 70,
      valueSetId: 'norway',
      scoringVersion: EQ5D_SCORING_VERSION,
    });
  });

  it('gives no state, level sum or index when a dimension is missing, but keeps the VAS', () => {
    const answers: Eq5dAnswers = { mobility: 1, selfCare: 2, usualActivities: 3, painDiscomfort: null, vas: 40 };
    expect(scoreEq5d(answers)).toMatchObject({ state: null, levelSum: null, index: null, indexRounded: null, vas: 40 });
  });

  it('gives a null VAS when none was given', () => {
    expect(scoreEq5d(answersOf('11111')).vas).toBeNull();
  });

  it('sums the levels from 5 to 25', () => {
    expect(eq5dLevelSum(answersOf('11111'))).toBe(5);
    expect(eq5dLevelSum(answersOf('55555'))).toBe(25);
    expect(eq5dLevelSum({ mobility: 3 })).toBeNull();
  });

  it('has a level sum equal to the sum of the state digits, and a state that parses back to the answers', () => {
    fc.assert(
      fc.property(arbitraryState, (state) => {
        const answers = answersOf(state);
        expect(eq5dState(answers)).toBe(state);
        expect(eq5dLevelSum(answers)).toBe([...state].reduce((sum, digit) => sum + Number(digit), 0));
      }),
    );
  });

  it('refuses to score a level that is not allowed rather than store a wrong score', () => {
    expect(() => scoreEq5d({ ...answersOf('11111'), mobility: 6 })).toThrow('mobility must be a whole number from 1 to 5');
  });
});

describe('parsing a five-digit state', () => {
  it('reads each digit as the level of one dimension, in the order MO SC UA PD AD', () => {
    expect(parseEq5dState('12345')).toEqual({
      mobility: 1,
      selfCare: 2,
      usualActivities: 3,
      painDiscomfort: 4,
      anxietyDepression: 5,
    });
  });

  it.each(['12346', '1234', '123456', 'abcde', '01234', ' 12345', '12345\n', ''])('rejects %j', (text) => {
    expect(parseEq5dState(text)).toBeNull();
  });
});

describe('EQ-5D-5L answer problems', () => {
  it('finds none in complete valid answers or in missing ones', () => {
    expect(eq5dAnswerProblems(answersOf('12345', 100))).toEqual([]);
    expect(eq5dAnswerProblems({ mobility: null, vas: 0 })).toEqual([]);
  });

  it('names the item and the allowed values for levels and VAS out of range, fractional or not numbers', () => {
    expect(eq5dAnswerProblems({ mobility: 0, selfCare: 2.5, usualActivities: '3', vas: 101 })).toEqual([
      { item: 'mobility', message: 'mobility must be a whole number from 1 to 5 (got 0)' },
      { item: 'selfCare', message: 'selfCare must be a whole number from 1 to 5 (got 2.5)' },
      { item: 'usualActivities', message: 'usualActivities must be a whole number from 1 to 5 (got "3")' },
      { item: 'vas', message: 'vas must be a whole number from 0 to 100 (got 101)' },
    ]);
  });

  it('names the real items when an unknown one is sent', () => {
    expect(eq5dAnswerProblems({ walking: 2 })).toEqual([
      {
        item: 'walking',
        message:
          '"walking" is not an EQ-5D-5L item; the items are mobility, selfCare, usualActivities, painDiscomfort, anxietyDepression and vas',
      },
    ]);
  });
});

describe('EQ-5D-5L definition', () => {
  const definition = INSTRUMENT_DEFINITIONS['eq5d-5l'];

  it('is marked as placeholder wording, loaded from a licensed file later', () => {
    expect(definition.wordingIsPlaceholder).toBe(true);
    expect(definition.wordingNote).toMatch(/placeholders.*configurable file/);
  });

  it('has the five dimensions with levels 1-5 and the VAS 0-100, in three languages', () => {
    expect(definition.languages).toEqual(['nb', 'nn', 'en']);
    expect(definition.items.map((item) => item.id)).toEqual([...EQ5D_DIMENSIONS, 'vas']);
    for (const item of definition.items) {
      if (item.kind === 'choice') expect(item.allowedValues).toEqual([1, 2, 3, 4, 5]);
      else expect([item.min, item.max]).toEqual([0, 100]);
    }
  });

  it('labels every item and level as an obvious placeholder in every language', () => {
    const labels = definition.items.flatMap((item) => [
      item.label,
      ...(item.kind === 'choice' ? (item.options ?? []).map((option) => option.label) : []),
    ]);
    expect(labels).toHaveLength(5 * 6 + 1);
    for (const label of labels) {
      expect(label.nb).toMatch(/^\[Plassholder\] /);
      expect(label.nn).toMatch(/^\[Plasshaldar\] /);
      expect(label.en).toMatch(/^\[Placeholder\] /);
    }
    expect(definition.items[0].kind === 'choice' && definition.items[0].options?.[0].label.en).toBe(
      '[Placeholder] Mobility — level 1 of 5',
    );
  });

  it('lists the value sets the index can use, with the default', () => {
    expect(definition.valueSets).toEqual(listValueSets());
    expect(definition.defaultValueSetId).toBe('norway');
  });
});
