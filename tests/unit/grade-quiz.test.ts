import { describe, expect, it } from 'vitest';
import { gradeQuiz, type QuizQuestion } from '../../src/quizzes/grade-quiz';

const quiz: QuizQuestion[] = [
  {
    question: 'Where should a service listen inside a container?',
    choices: [
      {
        text: '127.0.0.1',
        correct: false,
        explanation: 'Loopback is unreachable from other containers.',
      },
      { text: '0.0.0.0', correct: true, explanation: 'All interfaces, including the lab network.' },
    ],
  },
  {
    question: 'Which are liveness-safe checks?',
    choices: [
      { text: 'process answers', correct: true, explanation: 'Cheap and local.' },
      {
        text: 'database reachable',
        correct: false,
        explanation: 'A dependency check belongs in readiness.',
      },
      { text: 'event loop responsive', correct: true, explanation: 'Also local.' },
    ],
  },
];

describe('checking quiz answers on the server', () => {
  it('counts a question right only when exactly its correct choices are chosen', () => {
    const { verdict } = gradeQuiz(quiz, [[1], [0, 2]]);
    expect(verdict).toMatchObject({ score: 2, total: 2 });
    expect(gradeQuiz(quiz, [[1], [0]]).verdict.score).toBe(1);
    expect(gradeQuiz(quiz, [[1], [0, 1, 2]]).verdict.score).toBe(1);
  });

  it('explains only the choices the learner picked, never revealing the rest of the key', () => {
    const { verdict } = gradeQuiz(quiz, [[0], [1]]);
    expect(verdict.questions).toEqual([
      { correct: false, explanations: ['Loopback is unreachable from other containers.'] },
      { correct: false, explanations: ['A dependency check belongs in readiness.'] },
    ]);
    expect(JSON.stringify(verdict)).not.toContain('All interfaces');
  });

  it('ignores a choice sent twice and the order of choices', () => {
    expect(
      gradeQuiz(quiz, [
        [1, 1],
        [2, 0],
      ]).verdict.score,
    ).toBe(2);
  });

  it('refuses missing, empty or out-of-range answers with what to do', () => {
    expect(() => gradeQuiz(quiz, [[1]])).toThrow('Send one answer for each of the 2 questions.');
    expect(() => gradeQuiz(quiz, [[1], []])).toThrow('Question 2 has no valid answer.');
    expect(() => gradeQuiz(quiz, [[7], [0]])).toThrow('Question 1 has no valid answer.');
    expect(() => gradeQuiz(quiz, 'all of them')).toThrow();
  });
});
