import { DEFAULT_INDICATOR_PARAMETERS, INDICATOR_DEFINITIONS, indicatorDefinition } from '../../src/indicators/indicator-definitions';

describe('indicator definitions', () => {
  it('defines every indicator of INDICATORS.md once', () => {
    const ids = INDICATOR_DEFINITIONS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'completeness.admission',
      'completeness.paired',
      'eq5d.index_change',
      'eq5d.index_change_adjusted',
      'eq5d.vas_change',
      'eq5d.pchc',
      'eq5d.improved',
      'barthel.change',
      'barthel.improved',
      'barthel.independent',
      'outcome.home',
      'los.median',
      'wait.median',
      'completeness.participation',
      'completeness.coverage',
      'completeness.variables',
    ]);
  });

  it('names a value set exactly for the figures computed from the EQ-5D index', () => {
    const withValueSet = INDICATOR_DEFINITIONS.filter((d) => d.usesValueSet).map((d) => d.id);
    expect(withValueSet).toEqual(['eq5d.index_change', 'eq5d.index_change_adjusted', 'eq5d.improved']);
  });

  it('keeps PCHC value-set free and reported as shares', () => {
    expect(indicatorDefinition('eq5d.pchc')).toMatchObject({ kind: 'shares', usesValueSet: false, higherIsBetter: null });
  });

  it('ships the register defaults for its parameters', () => {
    expect(DEFAULT_INDICATOR_PARAMETERS).toEqual({
      eq5dMid: 0.08,
      barthelMcid: 10,
      barthelIndependenceThreshold: 100,
      coverageWarning: 0.6,
      suppressionThreshold: 10,
    });
    expect(indicatorDefinition('barthel.improved').parameters).toEqual(['barthelMcid']);
    expect(indicatorDefinition('eq5d.improved').parameters).toEqual(['eq5dMid']);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(INDICATOR_DEFINITIONS)).toBe(true);
    expect(Object.isFrozen(INDICATOR_DEFINITIONS[0])).toBe(true);
    expect(Object.isFrozen(DEFAULT_INDICATOR_PARAMETERS)).toBe(true);
  });

  it('gives every definition a title, a definition text and a unit', () => {
    for (const d of INDICATOR_DEFINITIONS) {
      expect(d.title.length).toBeGreaterThan(0);
      expect(d.definition.length).toBeGreaterThan(20);
      expect(d.unit).toBeTruthy();
    }
  });
});
