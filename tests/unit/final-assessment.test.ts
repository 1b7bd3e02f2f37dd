import { describe, expect, it } from 'vitest';
import {
  checkAssessmentPool,
  drawAssessment,
  resolveAssessment,
} from '../../src/assessment/final-assessment';
import type { Course } from '../../src/course/course-outline';
import type { QuizQuestion } from '../../src/quizzes/grade-quiz';

const question = (text: string): QuizQuestion => ({
  question: text,
  choices: [
    { text: 'yes', correct: true, explanation: 'because' },
    { text: 'no', correct: false, explanation: 'because not' },
  ],
});
const lesson = (id: string, module: string, count: number) => ({
  id,
  data: { module, quiz: Array.from({ length: count }, (_, i) => question(`${id} q${i}`)) },
});
const course: Course = {
  title: 'Course',
  modules: [
    { id: 'one', title: 'One' },
    { id: 'two', title: 'Two' },
  ],
  assessment: { questions_per_module: 2, pass_mark: 0.8 },
};
const lessons = [lesson('one/a', 'one', 3), lesson('one/b', 'one', 3), lesson('two/c', 'two', 4)];

describe('the final assessment draw', () => {
  it('takes the configured number of distinct questions from every module, in course order', () => {
    const refs = drawAssessment(course, lessons);
    expect(refs).toHaveLength(4);
    expect(refs.slice(0, 2).every((r) => r.lesson.startsWith('one/'))).toBe(true);
    expect(refs.slice(2).every((r) => r.lesson === 'two/c')).toBe(true);
    expect(new Set(refs.map((r) => `${r.lesson}#${r.index}`)).size).toBe(4);
  });

  it('draws differently from attempt to attempt', () => {
    const draws = new Set(
      Array.from({ length: 20 }, () => JSON.stringify(drawAssessment(course, lessons))),
    );
    expect(draws.size).toBeGreaterThan(1);
  });

  it('fails the build, naming the module, when a module has too few questions', () => {
    const thin = [lesson('one/a', 'one', 3), lesson('two/c', 'two', 1)];
    expect(() => checkAssessmentPool(course, thin)).toThrow(/"two" ask only 1/);
    expect(() => checkAssessmentPool(course, lessons)).not.toThrow();
  });

  it('refuses an attempt whose question vanished in a course update, saying to start anew', () => {
    expect(resolveAssessment([{ lesson: 'one/a', index: 1 }], lessons)[0]!.question).toBe(
      'one/a q1',
    );
    expect(() => resolveAssessment([{ lesson: 'one/a', index: 7 }], lessons)).toThrow(
      expect.objectContaining({ kind: 'attempt-closed' }),
    );
  });
});
