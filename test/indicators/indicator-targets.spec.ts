import { DEFAULT_INDICATOR_TARGETS, targetErrors, zoneOf } from '../../src/indicators/settings/indicator-targets';

describe('indicator targets', () => {
  const targets = { 'barthel.change': { minimum: 10, target: 20 }, 'wait.median': { minimum: 30, target: 14 } };

  it('puts a value in its zone, meeting a level exactly counting as meeting it, whichever direction is better', () => {
    expect([9.99, 10, 19.99, 20, 35].map((v) => zoneOf('barthel.change', v, targets))).toEqual([
      'below_minimum',
      'minimum_met',
      'minimum_met',
      'target_met',
      'target_met',
    ]);
    // waiting time: lower is better
    expect([45, 30, 20, 14, 3].map((v) => zoneOf('wait.median', v, targets))).toEqual([
      'below_minimum',
      'minimum_met',
      'minimum_met',
      'target_met',
      'target_met',
    ]);
  });

  it('gives no zone without a target, a value or a better direction', () => {
    expect(zoneOf('eq5d.vas_change', 12, targets)).toBeNull();
    expect(zoneOf('barthel.change', null, targets)).toBeNull();
    expect(zoneOf('los.median', 10, { 'los.median': { minimum: 20, target: 10 } })).toBeNull();
    expect(zoneOf('completeness.coverage', 0.7, DEFAULT_INDICATOR_TARGETS)).toBe('minimum_met');
  });

  it('says what is wrong with a list of targets, field by field', () => {
    expect(
      targetErrors(
        [
          { indicator: 'barthel.change', minimum: 10, target: 20 },
          { indicator: 'wait.median', minimum: 30, target: 14 },
        ],
        '/targets',
      ),
    ).toEqual([]);
    expect(targetErrors([{ indicator: 'eq5d.pchc', minimum: 0.2, target: 0.3 }], '/targets')).toEqual([
      { pointer: '/targets/0/indicator', detail: expect.stringContaining('no better direction') },
    ]);
    expect(targetErrors([{ indicator: 'outcome.home', minimum: 0.8, target: 0.7 }], '/targets')).toEqual([
      { pointer: '/targets/0/target', detail: expect.stringContaining('at least its minimum') },
    ]);
    expect(targetErrors([{ indicator: 'eq5d.vas_change', minimum: -101, target: 5 }], '/t').map((e) => e.pointer)).toEqual([
      '/t/0/minimum',
    ]);
    expect(
      targetErrors(
        [
          { indicator: 'outcome.home', minimum: 0.5, target: 0.7 },
          { indicator: 'outcome.home', minimum: 0.5, target: 0.7 },
        ],
        '/t',
      ).map((e) => e.pointer),
    ).toEqual(['/t/1/indicator']);
  });
});
