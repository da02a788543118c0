import { mrsAnswerProblems, MRS_SCORING_VERSION, scoreMrs } from '../../src/instruments/mrs.scoring';
import { presentScores, scoreResponse } from '../../src/episodes/responses/response-scoring';

describe('modified Rankin Scale scoring', () => {
  it.each([0, 1, 2, 3, 4, 5, 6])('scores grade %i as itself', (grade) => {
    expect(scoreMrs({ score: grade })).toEqual({ score: grade, scoringVersion: MRS_SCORING_VERSION });
  });

  it('gives no score when the grade is missing or null', () => {
    expect(scoreMrs({}).score).toBeNull();
    expect(scoreMrs({ score: null }).score).toBeNull();
  });

  it.each([-1, 7, 2.5, '3', true])('names %p as a problem, and refuses to score it', (value) => {
    expect(mrsAnswerProblems({ score: value })).toEqual([{ item: 'score', message: expect.stringContaining('0 to 6') }]);
    expect(() => scoreMrs({ score: value as number })).toThrow(RangeError);
  });

  it('names an item that is not the grade', () => {
    expect(mrsAnswerProblems({ total: 3 })).toEqual([{ item: 'total', message: expect.stringContaining('only item is score') }]);
  });

  it('stores the grade in its own column only, and shows it as scores.score', () => {
    const columns = scoreResponse('mrs', { score: 4 });
    expect(columns).toMatchObject({ mrsScore: 4, barthelTotal: null, eq5dIndex: null, scoringVersion: 'mrs/1' });
    expect(presentScores('mrs', columns)).toEqual({ score: 4, scoringVersion: 'mrs/1' });
  });
});
