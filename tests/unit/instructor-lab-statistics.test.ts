import { describe, expect, it } from 'vitest';
import { labStatistics, median } from '../../src/instructor/lab-statistics';
import type { GradeOutcomeRecord } from '../../src/store/store';

let clock = 0;
/** One graded attempt; each call is a second after the last. */
function attempt(
  userId: string,
  passed: boolean,
  failedChecks: string[] = [],
  extra: Partial<GradeOutcomeRecord> = {},
): GradeOutcomeRecord {
  clock += 1000;
  return {
    id: `g${clock}`,
    sessionId: 's',
    userId,
    labId: 'hello-service',
    gradable: true,
    score: passed ? 4 : 2,
    maxScore: 4,
    passed,
    createdAt: new Date(clock).toISOString(),
    failedChecks,
    ...extra,
  };
}

describe('lab statistics for the instructor view', () => {
  it('counts attempts, learners, the pass rate and the median attempts to a first pass', () => {
    const outcomes = [
      attempt('ann', false, ['health-route']),
      attempt('ann', false, ['health-route', 'service-answers']),
      attempt('ann', true),
      attempt('ann', false, ['health-route']), // after passing: counted as an attempt, not for the median
      attempt('bob', true),
      attempt('cy', false, ['service-answers']),
      attempt('dee', false, ['health-route']),
      attempt('dee', true),
    ];
    const [stats] = labStatistics(['hello-service'], outcomes);
    expect(stats).toEqual({
      labId: 'hello-service',
      attempts: 8,
      learnersTried: 4,
      learnersPassed: 3,
      passRate: 0.75,
      medianAttemptsToPass: 2, // ann 3, bob 1, dee 2
      failingChecks: [
        { id: 'health-route', failures: 4 },
        { id: 'service-answers', failures: 2 },
      ],
    });
  });

  it('leaves out attempts the grader could not finish, and says nothing for a lab nobody tried', () => {
    const stats = labStatistics(
      ['hello-service', 'saga'],
      [attempt('ann', false, ['health-route'], { gradable: false })],
    );
    expect(stats).toEqual([
      expect.objectContaining({ labId: 'hello-service', attempts: 0, passRate: undefined }),
      {
        labId: 'saga',
        attempts: 0,
        learnersTried: 0,
        learnersPassed: 0,
        passRate: undefined,
        medianAttemptsToPass: undefined,
        failingChecks: [],
      },
    ]);
  });

  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeUndefined();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
