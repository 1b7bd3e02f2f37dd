import { describe, expect, it } from 'vitest';
import { lessonProgress, quizAverage } from '../../src/course/learner-progress';

const withQuiz = { id: 'm/quiz-only', data: { quiz: [1, 2, 3] } };
const withLab = { id: 'm/with-lab', data: { quiz: [1, 2, 3], lab: 'hello-service' } };

describe('a lesson’s tick in the outline', () => {
  it('comes with a quiz passed at 80% or more', () => {
    expect(lessonProgress(withQuiz, new Map(), new Set())).toEqual({
      quiz: 'not-tried',
      lab: 'none',
      done: false,
    });
    expect(lessonProgress(withQuiz, new Map([['m/quiz-only', 0.6]]), new Set()).quiz).toBe('tried');
    expect(lessonProgress(withQuiz, new Map([['m/quiz-only', 0.8]]), new Set()).done).toBe(true);
  });

  it('also needs the lesson’s lab passed when it has one', () => {
    const quizPassed = new Map([['m/with-lab', 1]]);
    expect(lessonProgress(withLab, quizPassed, new Set()).done).toBe(false);
    expect(lessonProgress(withLab, quizPassed, new Set(['hello-service']))).toEqual({
      quiz: 'passed',
      lab: 'passed',
      done: true,
    });
  });
});

describe('the quiz average', () => {
  it('is the mean of the best scores over every quiz, a quiz not taken counting 0', () => {
    const quizzes = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }];
    expect(
      quizAverage(
        quizzes,
        new Map([
          ['a', 1],
          ['b', 0.6],
        ]),
      ),
    ).toBeCloseTo(0.4);
    expect(quizAverage([], new Map([['a', 1]]))).toBeUndefined();
  });
});
