import { describe, expect, it } from 'vitest';
import { useTempStore } from './fakes/temp-store';

const result = (statuses: Record<string, 'passed' | 'failed' | 'error'>) => ({
  tests: Object.entries(statuses).map(([id, status]) => ({ id, status })),
});

describe("the store's reads for the instructor view", () => {
  const temp = useTempStore();

  it('lists accounts of learners and guests with activity, never staff or onlookers', () => {
    const store = temp.open();
    const learner = store.createAccount('ada@example.org', 'hash', 'learner');
    store.createAccount('teach@example.org', 'hash', 'instructor');
    const active = store.createGuestUser();
    store.createGuestUser(); // only looked around
    store.recordQuizAttempt(active.id, 'm/lesson', 3, 4, [[0], [1], [0], [2]]);

    const listed = store.listLearnersWithActivity();
    expect(listed.map((l) => l.id)).toEqual([active.id, learner.id]);
    expect(listed[0]).toMatchObject({
      kind: 'guest',
      email: null,
      lastActiveAt: expect.any(String),
    });
    expect(listed[1]).toMatchObject({ email: 'ada@example.org', lastActiveAt: null });
  });

  it('reads the failed checks of every grading out of its stored result', () => {
    const store = temp.open();
    const user = store.createGuestUser().id;
    const session = store.insertLabSession(user, 'hello-service', null).id;
    const grade = (passed: boolean, statuses: Record<string, 'passed' | 'failed' | 'error'>) =>
      store.insertGrade({
        sessionId: session,
        userId: user,
        labId: 'hello-service',
        gradable: true,
        score: passed ? 4 : 2,
        maxScore: 4,
        passed,
        result: result(statuses),
      });
    grade(false, { 'service-answers': 'passed', 'health-route': 'failed', probe: 'error' });
    grade(true, { 'service-answers': 'passed', 'health-route': 'passed' });

    expect(
      store.listGradeOutcomes().map((o) => ({ passed: o.passed, failed: o.failedChecks })),
    ).toEqual([
      { passed: false, failed: ['health-route'] },
      { passed: true, failed: [] },
    ]);
  });

  it("gives everyone's best quiz per lesson and best submitted assessment", () => {
    const store = temp.open();
    const a = store.createGuestUser().id;
    store.recordQuizAttempt(a, 'm/one', 1, 4, []);
    store.recordQuizAttempt(a, 'm/one', 3, 4, []);
    const attempt = store.createAssessmentAttempt(a, [{ lesson: 'm/one', index: 0 }]);
    store.createAssessmentAttempt(a, [{ lesson: 'm/one', index: 1 }]); // open: not counted
    store.submitAssessmentAttempt(attempt.id, 1, [[0]]);

    expect(store.bestQuizScoresOfEveryone()).toEqual([
      { userId: a, lessonId: 'm/one', best: 0.75 },
    ]);
    expect(store.bestAssessmentScoresOfEveryone()).toEqual([{ userId: a, best: 1 }]);
  });
});
