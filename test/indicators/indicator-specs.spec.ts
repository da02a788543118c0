import { INDICATOR_SPECS as INDICATOR_DEFINITIONS, indicatorSpec as indicatorDefinition } from '../../src/indicators/indicator-specs';
import { DEFAULT_INDICATOR_PARAMETERS } from '../../src/indicators/settings/indicator-parameters';
import { CELL_MEASURES, cubePartsFor } from '../../src/indicators/cube/cube-cells';
import { FIGURE_N } from '../../src/indicators/indicator-engine';
import { FUNNEL_SPECS, funnelKey } from '../../src/indicators/indicator-funnel';
import { INDICATOR_SPECS } from '../../src/indicators/indicator-specs';
import { DEFAULT_INDICATOR_TARGETS } from '../../src/indicators/settings/indicator-targets';

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
      'mrs.improved',
      'mrs.independent_discharge',
      'plan.individual_plan',
      'plan.coordinator',
      'content.interdisciplinary',
      'transition.municipality_notified',
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
      overdispersionMinInstitutions: 5,
      liveMinContributors: 3,
      liveMaxContributorShare: 0.8,
      publicationGraceDays: 60,
      protectionMargin: 3,
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

describe('what derives from the indicator specs', () => {
  it('sums every measure of a cube cell, each in one cube part', () => {
    expect([...CELL_MEASURES].sort()).toEqual(
      [
        'episodes',
        'eq5d_admission',
        'eq5d_discharge',
        'vas_admission',
        'vas_discharge',
        'barthel_admission',
        'barthel_discharge',
        'eq5d_paired',
        'barthel_paired',
        'index_n',
        'index_sum',
        'index_sum2',
        'index_base_sum',
        'index_base_sum2',
        'index_base_cross',
        'index_improved',
        'vas_n',
        'vas_sum',
        'vas_sum2',
        'pchc_better',
        'pchc_worse',
        'pchc_mixed',
        'pchc_unchanged',
        'barthel_n',
        'barthel_sum',
        'barthel_sum2',
        'barthel_improved',
        'barthel_independent',
        'destination_n',
        'home_n',
        'referral_n',
        'level_n',
        'professions_n',
        'plan_known',
        'coordinator_known',
        'plan_n',
        'plan_met',
        'coordinator_n',
        'coordinator_met',
        'interdisciplinary_n',
        'interdisciplinary_met',
        'notice_n',
        'notice_met',
        'stroke_n',
        'mrs_admission',
        'mrs_discharge',
        'mrs_improvable',
        'mrs_improved',
        'mrs_independent',
      ].sort(),
    );
    const partOf = new Map<string, string>();
    for (const spec of INDICATOR_SPECS) {
      for (const [part, measures] of Object.entries(spec.measures)) {
        for (const measure of measures) {
          expect(`${measure} in ${partOf.get(measure) ?? part}`).toBe(`${measure} in ${part}`);
          partOf.set(measure, part);
        }
      }
    }
  });

  it('builds a cube of only the parts the requested indicators rest on', () => {
    expect(cubePartsFor(['eq5d.index_change', 'outcome.home'])).toEqual(['eq5d_index', 'stay']);
    expect(cubePartsFor(['eq5d.pchc'])).toEqual(['eq5d_index', 'eq5d_profile']);
    expect(cubePartsFor(['completeness.admission'])).toEqual(['barthel', 'eq5d_index']);
    expect(cubePartsFor(['los.median'])).toEqual(['stay']);
    expect(cubePartsFor(['completeness.participation', 'completeness.coverage'])).toEqual([]);
    expect(cubePartsFor(['completeness.variables'])).toEqual(['barthel', 'content', 'eq5d_index', 'eq5d_profile', 'mrs', 'stay']);
    expect(cubePartsFor(['mrs.improved', 'mrs.independent_discharge'])).toEqual(['mrs']);
    expect(
      cubePartsFor(['plan.individual_plan', 'plan.coordinator', 'content.interdisciplinary', 'transition.municipality_notified']),
    ).toEqual(['content']);
  });

  it('gives suppression the n of every figure about patients, and funnels for the means and shares compared between institutions', () => {
    expect(Object.keys(FIGURE_N)).toEqual([
      'completeness.admission',
      'completeness.admission:eq5d-5l',
      'completeness.admission:barthel',
      'completeness.paired',
      'completeness.paired:eq5d-5l',
      'completeness.paired:barthel',
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
      'mrs.improved',
      'mrs.independent_discharge',
      'plan.individual_plan',
      'plan.coordinator',
      'content.interdisciplinary',
      'transition.municipality_notified',
      'completeness.variables',
      ...[
        'birth_year',
        'sex',
        'programme_group',
        'setting',
        'referral_date',
        'discharge_destination',
        'eq5d_admission',
        'eq5d_discharge',
        'vas_admission',
        'vas_discharge',
        'barthel_admission',
        'barthel_discharge',
        'rehab_level',
        'professions',
        'individual_plan',
        'coordinator',
        'mrs_admission',
        'mrs_discharge',
      ].map((v) => `completeness.variables:${v}`),
    ]);
    expect(Object.entries(FUNNEL_SPECS).map(([key, spec]) => `${key} ${spec.kind}`)).toEqual([
      'completeness.admission:eq5d-5l proportion',
      'completeness.admission:barthel proportion',
      'completeness.paired:eq5d-5l proportion',
      'completeness.paired:barthel proportion',
      'eq5d.index_change mean',
      'eq5d.index_change_adjusted adjusted',
      'eq5d.vas_change mean',
      'eq5d.pchc:better proportion',
      'eq5d.pchc:worse proportion',
      'eq5d.pchc:mixed proportion',
      'eq5d.pchc:unchanged proportion',
      'eq5d.improved proportion',
      'barthel.change mean',
      'barthel.improved proportion',
      'barthel.independent proportion',
      'outcome.home proportion',
      'mrs.improved proportion',
      'mrs.independent_discharge proportion',
      'plan.individual_plan proportion',
      'plan.coordinator proportion',
      'content.interdisciplinary proportion',
      'transition.municipality_notified proportion',
    ]);
    expect(funnelKey('eq5d.pchc')).toBe('eq5d.pchc:better');
    expect(funnelKey('completeness.paired')).toBe('completeness.paired:eq5d-5l');
    expect(funnelKey('eq5d.index_change')).toBe('eq5d.index_change');
    expect(funnelKey('los.median')).toBeNull();
  });

  it('ships default targets for the completeness indicators only', () => {
    expect(DEFAULT_INDICATOR_TARGETS).toEqual({
      'completeness.admission': { minimum: 0.6, target: 0.8 },
      'completeness.paired': { minimum: 0.6, target: 0.8 },
      'completeness.participation': { minimum: 0.6, target: 0.8 },
      'completeness.coverage': { minimum: 0.6, target: 0.8 },
    });
  });
});
