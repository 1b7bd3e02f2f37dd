import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuizQuestion } from '../../src/quizzes/grade-quiz';
import { lessonsWithQuizzes, rightAnswer } from '../support/lesson-quizzes';
import { apiClient, startTestServer, type TestServer } from '../support/test-server';

const decode = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('the final assessment', () => {
  let server: TestServer;
  const lessons = lessonsWithQuizzes();
  const byText = new Map<string, { module: string; question: QuizQuestion }>(
    lessons.flatMap((l) =>
      l.quiz.map((question) => [question.question, { module: l.module, question }] as const),
    ),
  );
  const modules = new Set(lessons.map((l) => l.module));

  /** The questions an attempt shows, found by their text in the lessons. */
  const drawn = (html: string) =>
    [...html.matchAll(/<legend[^>]*>([\s\S]*?)<\/legend>/g)].map((m) => {
      const text = decode(m[1]!)
        .replace(/^\s*\d+\.\s*/, '')
        .replace(/\s*\(choose all that apply\)\s*$/, '')
        .trim();
      const found = byText.get(text);
      if (!found) throw new Error(`the assessment shows a question no lesson asks: ${text}`);
      return found;
    });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('draws two questions from every module, keeps them on reload, and never sends the key', async () => {
    const learner = apiClient(server.url);
    expect(await learner.page('/assessment')).toContain('Start the assessment');
    const start = await learner.send('/api/assessment', { method: 'POST' });
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toBe('/assessment');

    const html = await learner.page('/assessment');
    const questions = drawn(html);
    expect(questions).toHaveLength(2 * modules.size);
    for (const module of modules) {
      expect(
        questions.filter((q) => q.module === module),
        module,
      ).toHaveLength(2);
    }
    expect(new Set(questions.map((q) => q.question.question)).size).toBe(questions.length);
    expect(html).not.toMatch(/"correct"|data-correct|correct:\s*true/);
    for (const { question } of questions) {
      for (const choice of question.choices) expect(html).not.toContain(choice.explanation);
    }

    // Reloading, or pressing "start" again, resumes the same attempt.
    await learner.send('/api/assessment', { method: 'POST' });
    expect(drawn(await learner.page('/assessment'))).toEqual(questions);
  });

  it('passes a learner who knows the answers, once, and shows the best result', async () => {
    const learner = apiClient(server.url);
    await learner.send('/api/assessment', { method: 'POST' });
    const html = await learner.page('/assessment');
    const action = /data-action="(\/api\/assessment\/[0-9a-f]+)"/.exec(html)![1]!;
    const answers = drawn(html).map((q) => rightAnswer(q.question));

    const verdict = await learner.request('POST', action, { answers });
    expect(verdict.status).toBe(200);
    expect(verdict.json).toMatchObject({
      score: answers.length,
      total: answers.length,
      passed: true,
    });

    const again = await learner.request('POST', action, { answers });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({
      error: { kind: 'attempt-closed', action: expect.any(String) },
    });

    const after = await learner.page('/assessment');
    expect(decode(after)).toContain('Your best attempt: 14 of 14 (100%), passed, over 1 attempt.');
    expect(after).toContain('Start a new attempt');
  });

  it('fails a learner below the pass mark and lets them start a fresh draw', async () => {
    const learner = apiClient(server.url);
    await learner.send('/api/assessment', { method: 'POST' });
    const html = await learner.page('/assessment');
    const action = /data-action="(\/api\/assessment\/[0-9a-f]+)"/.exec(html)![1]!;
    const questions = drawn(html);
    // Right on all but three: 11 of 14 is 79%, under the 80% pass mark.
    const answers = questions.map((q, i) =>
      i < 3 ? [q.question.choices.findIndex((c) => !c.correct)] : rightAnswer(q.question),
    );
    const verdict = await learner.request('POST', action, { answers });
    expect(verdict.json).toMatchObject({
      score: questions.length - 3,
      passed: false,
      passMark: 0.8,
    });

    await learner.send('/api/assessment', { method: 'POST' });
    const next = await learner.page('/assessment');
    expect(/data-action="([^"]+)"/.exec(next)![1]).not.toBe(action);
  });

  it("refuses another learner's attempt", async () => {
    const owner = apiClient(server.url);
    await owner.send('/api/assessment', { method: 'POST' });
    const action = /data-action="([^"]+)"/.exec(await owner.page('/assessment'))![1]!;
    const stranger = apiClient(server.url);
    const res = await stranger.request('POST', action, { answers: [[0]] });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { kind: 'attempt-not-found' } });
  });
});
