import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonsWithQuizzes, rightAnswer } from '../support/lesson-quizzes';
import { apiClient, startTestServer, type TestServer } from '../support/test-server';

describe("the course outline shows the learner's ticks", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const lessonItem = (html: string, id: string): string =>
    new RegExp(`<li[^>]*data-lesson="${id}"[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';

  it('ticks a lesson without a lab once its quiz is passed, and only for that learner', async () => {
    const lesson = lessonsWithQuizzes().find((l) => l.id === 'design-patterns/service-boundaries')!;
    const learner = apiClient(server.url);
    const before = await learner.page('/');
    expect(before).toMatch(/0 of \d+ lessons completed/);
    expect(lessonItem(before, lesson.id)).not.toContain('(completed)');

    const wrong = lesson.quiz.map((q) => [q.choices.findIndex((c) => !c.correct)]);
    await learner.request('POST', `/api/quizzes/${lesson.id}`, { answers: wrong });
    const tried = lessonItem(await learner.page('/'), lesson.id);
    expect(tried).toContain('quiz tried');
    expect(tried).not.toContain('(completed)');

    await learner.request('POST', `/api/quizzes/${lesson.id}`, {
      answers: lesson.quiz.map(rightAnswer),
    });
    const after = await learner.page('/');
    expect(lessonItem(after, lesson.id)).toContain('quiz passed');
    expect(lessonItem(after, lesson.id)).toContain('(completed)');
    expect(after).toMatch(/1 of \d+ lessons completed/);

    expect(lessonItem(await apiClient(server.url).page('/'), lesson.id)).not.toContain(
      '(completed)',
    );
  });

  it('keeps a lesson with a lab unticked until its lab is passed too', async () => {
    const lesson = lessonsWithQuizzes().find((l) => l.id === 'orientation/your-first-service')!;
    const learner = apiClient(server.url);
    await learner.request('POST', `/api/quizzes/${lesson.id}`, {
      answers: lesson.quiz.map(rightAnswer),
    });
    const item = lessonItem(await learner.page('/'), lesson.id);
    expect(item).toContain('quiz passed');
    expect(item).toMatch(/· lab\s/);
    expect(item).not.toContain('(completed)');
  });
});
