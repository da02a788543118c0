import { classifyHealthChange, pchcShares, pchcSharesFromCounts } from '../../src/indicators/statistics/pchc';

describe('Paretian classification of health change', () => {
  it('calls a change better when a dimension improves and none worsens', () => {
    // MO 3→2 and PD 4→2 improve; SC, UA, AD stay
    expect(classifyHealthChange('32141', '22121')).toBe('better');
    expect(classifyHealthChange('55555', '45555')).toBe('better');
  });

  it('calls a change worse when a dimension worsens and none improves', () => {
    expect(classifyHealthChange('11111', '11112')).toBe('worse');
    expect(classifyHealthChange('21231', '31242')).toBe('worse');
  });

  it('calls a change mixed when one dimension improves and another worsens', () => {
    // MO 2→1 better, AD 1→3 worse
    expect(classifyHealthChange('21111', '11113')).toBe('mixed');
  });

  it('calls identical profiles unchanged, including no problems at both times', () => {
    expect(classifyHealthChange('23232', '23232')).toBe('unchanged');
    expect(classifyHealthChange('11111', '11111')).toBe('unchanged');
  });

  it('refuses anything that is not five levels from 1 to 5', () => {
    expect(() => classifyHealthChange('1111', '11111')).toThrow(RangeError);
    expect(() => classifyHealthChange('11111', '11161')).toThrow(RangeError);
    expect(() => classifyHealthChange('1111a', '11111')).toThrow(RangeError);
  });
});

describe('PCHC shares', () => {
  it('counts each class and gives its share with a Wilson interval', () => {
    const pairs = [
      { before: '32221', after: '21111' }, // better
      { before: '22222', after: '22212' }, // better
      { before: '11111', after: '11111' }, // unchanged
      { before: '21111', after: '11112' }, // mixed
    ];
    const shares = pchcShares(pairs);
    expect(shares.n).toBe(4);
    expect(shares.classes.better).toMatchObject({ events: 2, n: 4, proportion: 0.5 });
    expect(shares.classes.worse).toMatchObject({ events: 0, proportion: 0, ciLow: 0 });
    expect(shares.classes.mixed.proportion).toBe(0.25);
    expect(shares.classes.unchanged.proportion).toBe(0.25);
  });

  it('gives the same shares from counts SQL has made', () => {
    const fromCounts = pchcSharesFromCounts({ better: 2, worse: 0, mixed: 1, unchanged: 1 });
    expect(fromCounts).toEqual(
      pchcShares([
        { before: '32221', after: '21111' },
        { before: '22222', after: '22212' },
        { before: '11111', after: '11111' },
        { before: '21111', after: '11112' },
      ]),
    );
  });

  it('has no shares without pairs', () => {
    expect(pchcShares([]).classes.better.proportion).toBeNull();
  });
});
