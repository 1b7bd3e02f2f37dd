import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonsWithQuizzes, rightAnswer } from '../support/lesson-quizzes';
import { apiClient, startTestServer, type TestServer } from '../support/test-server';

describe('lesson quizzes', () => {
  let server: TestServer;
  const lessons = lessonsWithQuizzes();
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('exist for at least one lesson', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it('never send the answer key or the explanations with the lesson page', async () => {
    for (const lesson of lessons) {
      const html = await (await fetch(`${server.url}/lessons/${lesson.id}`)).text();
      expect(html, lesson.id).toContain('Check my answers');
      // Where a key could travel: the quiz's own markup and any script. (The lesson's prose
      // may well say what an explanation says: that is teaching, not a leak.)
      const quizMarkup = /<quiz-form[\s\S]*?<\/quiz-form>/.exec(html)?.[0] ?? '';
      const scripts = [...html.matchAll(/<script[\s\S]*?<\/script>/g)].map((m) => m[0]).join('\n');
      expect(quizMarkup, lesson.id).toContain(
        lesson.quiz[0]!.question.slice(0, 30)
          .replace(/&/g, '&amp;')
          .split(/[<>"']/)[0],
      );
      for (const q of lesson.quiz) {
        for (const c of q.choices) {
          const words = c.explanation.slice(0, 60);
          expect(quizMarkup, `${lesson.id}: an explanation is in the quiz markup`).not.toContain(
            words,
          );
          expect(scripts, `${lesson.id}: an explanation is in a script`).not.toContain(words);
        }
      }
      expect(html).not.toMatch(/"correct"|data-correct|correct:\s*true/);
    }
  });

  it('check answers on the server: right answers score full marks, wrong ones get their explanation', async () => {
    const lesson = lessons[0]!;
    const learner = apiClient(server.url);
    const right = lesson.quiz.map(rightAnswer);
    const good = await learner.request<{ score: number; total: number }>(
      'POST',
      `/api/quizzes/${lesson.id}`,
      { answers: right },
    );
    expect(good.json).toMatchObject({ score: lesson.quiz.length, total: lesson.quiz.length });

    const first = lesson.quiz[0]!;
    const wrongChoice = first.choices.findIndex((c) => !c.correct);
    const wrong = [[wrongChoice], ...right.slice(1)];
    const bad = await learner.request<{
      score: number;
      questions: Array<{ correct: boolean; explanations: string[] }>;
    }>('POST', `/api/quizzes/${lesson.id}`, { answers: wrong });
    expect(bad.json.score).toBe(lesson.quiz.length - 1);
    expect(bad.json.questions[0]).toEqual({
      correct: false,
      explanations: [first.choices[wrongChoice]!.explanation],
    });
  });

  it('answers a malformed submission with what to do', async () => {
    const res = await apiClient(server.url).request('POST', `/api/quizzes/${lessons[0]!.id}`, {
      answers: [[0]],
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { kind: 'bad-request', action: expect.any(String) } });
  });
});
