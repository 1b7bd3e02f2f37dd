import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressReport } from '../../src/progress/progress-report';
import { lessonsWithQuizzes, rightAnswer } from '../support/lesson-quizzes';
import { apiClient, startTestServer, type TestServer } from '../support/test-server';

type Learner = ReturnType<typeof apiClient>;

/** What a browser sends when a learner follows a link to a page. */
const NAVIGATION = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

const progressOf = async (learner: Learner): Promise<ProgressReport> =>
  (await learner.request<ProgressReport>('GET', '/api/progress')).json;

const openLesson = async (learner: Learner, id: string): Promise<void> => {
  const res = await learner.send(`/lessons/${id}`, { headers: NAVIGATION });
  expect(res.status).toBe(200);
  await res.text();
};

const moduleRow = (html: string, module: string): string[] =>
  [
    ...(
      new RegExp(`<tr[^>]*data-module="${module}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? ''
    ).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g),
  ].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());

describe("the learner's dashboard", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('follows a learner who reads lessons and answers quizzes, and shows none of it to another', async () => {
    const learner = apiClient(server.url);
    const fresh = await progressOf(learner);
    const [first, second] = fresh.modules[0]!.lessons;
    expect(fresh.totals).toMatchObject({ read: 0, quizzesPassed: 0, done: 0, timeSpentMs: 0 });
    expect(fresh.next).toMatchObject({ kind: 'read-lesson', lessonId: first!.id });

    await openLesson(learner, first!.id);
    const opened = await progressOf(learner);
    expect(opened.totals.read).toBe(1);
    expect(opened.modules[0]!.lessons[0]!).toMatchObject({ opened: 1, stage: 'read' });
    expect(opened.next).toMatchObject({ kind: 'pass-quiz', lessonId: first!.id });

    const quiz = lessonsWithQuizzes().find((l) => l.id === first!.id)!.quiz;
    const wrong = quiz.map((q) => [q.choices.findIndex((c) => !c.correct)]);
    await learner.request('POST', `/api/quizzes/${first!.id}`, { answers: wrong });
    await learner.request('POST', `/api/quizzes/${first!.id}`, { answers: quiz.map(rightAnswer) });
    await openLesson(learner, second!.id);

    const after = await progressOf(learner);
    const lesson = after.modules[0]!.lessons[0]!;
    expect(lesson.quiz).toEqual({
      status: 'passed',
      attempts: 2,
      best: { score: quiz.length, total: quiz.length },
    });
    expect(lesson.stage).toBe(first!.lab ? 'quiz-passed' : 'done');
    expect(lesson.timeSpentMs).toBeGreaterThan(0);
    expect(after.totals).toMatchObject({ read: 2, quizzesPassed: 1 });
    expect(after.next).not.toMatchObject({ lessonId: first!.id });

    const page = await learner.page('/dashboard');
    expect(page).toContain('<title id="path-chart-title">Your path through the course</title>');
    expect(moduleRow(page, after.modules[0]!.id)).toEqual([
      after.modules[0]!.title,
      String(after.modules[0]!.lessons.length),
      '2',
      `1 of ${after.modules[0]!.counts.quizzes}`,
      expect.any(String),
      String(after.modules[0]!.counts.done),
      expect.stringMatching(/^\d+ min$/),
    ]);
    expect(page).toContain(`data-lesson="${first!.id}"`);
    expect(page).toContain(`data-next-kind="${after.next.kind}"`);

    const other = apiClient(server.url);
    const theirs = await progressOf(other);
    expect(theirs.totals).toMatchObject({ read: 0, quizzesPassed: 0, timeSpentMs: 0 });
    expect(theirs.next).toMatchObject({ kind: 'read-lesson', lessonId: first!.id });
    const theirPage = await other.page('/dashboard');
    expect(moduleRow(theirPage, after.modules[0]!.id)[2]).toBe('0');
    expect(theirPage).toContain('You have not answered a quiz yet.');
  });

  it('counts only a browser opening a lesson page, not a script fetching it', async () => {
    const learner = apiClient(server.url);
    const lessonId = (await progressOf(learner)).modules[1]!.lessons[0]!.id;
    await (await learner.send(`/lessons/${lessonId}`)).text();
    await (
      await learner.send(`/lessons/${lessonId}`, { method: 'HEAD', headers: NAVIGATION })
    ).text();
    expect((await progressOf(learner)).totals.read).toBe(0);
    await openLesson(learner, lessonId);
    expect((await progressOf(learner)).totals.read).toBe(1);
  });

  it('says how time spent is estimated, and lists labs and the final assessment', async () => {
    const page = await apiClient(server.url).page('/dashboard');
    expect(page).toContain('never more than twice the time the lesson says it takes');
    expect(page).toContain('data-lab="hello-service"');
    expect(page).toMatch(/Not taken yet\./);
    expect(page).toContain('No lab of yours is running.');
    expect(page).toMatch(/<a href="\/dashboard"[^>]*>Dashboard<\/a>/);
  });
});
