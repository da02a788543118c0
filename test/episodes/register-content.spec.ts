import { professionsProblem } from '../../src/episodes/dto/register-content.validators';
import { rehabLevelInstitutionProblem, rehabLevelServiceLevelProblem } from '../../src/episodes/episode-preparation';
import { canonicalProfessions, REHAB_LEVELS, serviceLevelOf } from '../../src/episodes/episode.enums';

describe('rehabilitation level rules', () => {
  it('puts levels 1-4 at the municipal service level and 5.1-5.3 at the specialist level', () => {
    expect(REHAB_LEVELS.map(serviceLevelOf)).toEqual([
      'municipal',
      'municipal',
      'municipal',
      'municipal',
      'specialist',
      'specialist',
      'specialist',
    ]);
  });

  it('accepts a level that goes with the service level, or no level', () => {
    expect(rehabLevelServiceLevelProblem('3', 'municipal')).toBeUndefined();
    expect(rehabLevelServiceLevelProblem('5.2', 'specialist')).toBeUndefined();
    expect(rehabLevelServiceLevelProblem(null, 'specialist')).toBeUndefined();
    expect(rehabLevelServiceLevelProblem(undefined, 'municipal')).toBeUndefined();
  });

  it('refuses a level of the other service level, saying which goes with which', () => {
    expect(rehabLevelServiceLevelProblem('4', 'specialist')).toContain('levels 1-4 go with municipal');
    expect(rehabLevelServiceLevelProblem('5.1', 'municipal')).toContain('5.1-5.3 with specialist');
  });

  it('lets a municipality register 1-4, a health trust 5.x and a private institution either', () => {
    for (const level of REHAB_LEVELS) {
      const municipal = serviceLevelOf(level) === 'municipal';
      expect(rehabLevelInstitutionProblem(level, 'municipality') === undefined).toBe(municipal);
      expect(rehabLevelInstitutionProblem(level, 'health_trust') === undefined).toBe(!municipal);
      expect(rehabLevelInstitutionProblem(level, 'private')).toBeUndefined();
    }
  });
});

describe('professions', () => {
  it('stores a set in the fixed list order, whatever order it came in', () => {
    expect(canonicalProfessions(['psychologist', 'physician', 'nurse'])).toEqual(['physician', 'nurse', 'psychologist']);
  });

  it('accepts a non-empty set of listed professions', () => {
    expect(professionsProblem(['physician'])).toBeUndefined();
    expect(professionsProblem(['other', 'vision_teacher', 'speech_therapist'])).toBeUndefined();
  });

  it.each([
    [[], 'at least one'],
    ['nurse', 'at least one'],
    [['nurse', 'dentist'], 'not in the list: "dentist"'],
    [['nurse', 'nurse'], 'repeated: nurse'],
    [[1], 'not in the list: 1'],
  ])('refuses %p (%s)', (value, words) => {
    expect(professionsProblem(value)).toContain(words);
  });
});
