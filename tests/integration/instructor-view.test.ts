import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root';
import { containerName } from '../../src/sandbox/docker/docker-names';
import { LABELS } from '../../src/sandbox/labels';
import { docker, objectsWithLabel } from '../support/docker-cli';
import { INSTRUCTOR_PASSWORD, signedIn } from '../support/instructor-account';
import { lessonsWithQuizzes, rightAnswer } from '../support/lesson-quizzes';
import { csvRecords } from '../support/read-csv';
import {
  apiClient,
  startLabOverApi,
  startTestServer,
  type TestServer,
} from '../support/test-server';

type Client = ReturnType<typeof apiClient>;

const quizLessons = lessonsWithQuizzes();
const boundaries = quizLessons.find((l) => l.id === 'design-patterns/service-boundaries')!;
const firstService = quizLessons.find((l) => l.id === 'orientation/your-first-service')!;
const solution = fs.readFileSync(
  path.join(projectRoot, 'labs/hello-service/solution/app.py'),
  'utf8',
);

const answerRight = (client: Client, lesson: typeof boundaries) =>
  client.request('POST', `/api/quizzes/${lesson.id}`, { answers: lesson.quiz.map(rightAnswer) });
const answerWrong = (client: Client, lesson: typeof boundaries) =>
  client.request('POST', `/api/quizzes/${lesson.id}`, {
    answers: lesson.quiz.map((q) => [q.choices.findIndex((c) => !c.correct)]),
  });
const grade = (client: Client, sessionId: string) =>
  client.request<{ passed: boolean; score: number }>(
    'POST',
    `/api/lab-sessions/${sessionId}/grade`,
  );

/** Saves the solution in the learner's workspace, then waits until the service answers /health. */
async function saveSolution(sessionId: string): Promise<void> {
  const workspace = containerName(sessionId, 'workspace');
  docker(
    'exec',
    workspace,
    'python3',
    '-c',
    `open("app.py", "w").write(${JSON.stringify(solution)})`,
  );
  const deadline = Date.now() + 20_000;
  for (;;) {
    const code = docker(
      'exec',
      workspace,
      'curl',
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      'http://hello:8000/health',
    );
    if (code === '200') return;
    if (Date.now() > deadline) throw new Error(`/health still answers ${code} after the save`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A table row of the instructor page, by its data attribute, as text with tags removed. */
function row(html: string, attribute: string, id: string): string {
  const match = new RegExp(`<tr[^>]*${attribute}="${id}"[^>]*>([\\s\\S]*?)</tr>`).exec(html);
  return (match?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the instructor view shows what learners did', () => {
  let server: TestServer;
  let instructor: Client;
  let ada: Client;
  let adaId: string;
  let guestId: string;
  let sessionId: string;

  beforeAll(async () => {
    server = await startTestServer();
    instructor = await signedIn(server, 'teach@example.org', 'instructor');

    // Ada: an account; two quizzes passed, one failed; the lab failed once, then passed.
    ada = apiClient(server.url);
    await ada.request('POST', '/api/auth/signup', {
      email: 'ada@example.org',
      password: INSTRUCTOR_PASSWORD,
    });
    adaId = (await ada.request<{ user: { id: string } }>('GET', '/api/auth/me')).json.user.id;
    await answerRight(ada, boundaries);
    await answerRight(ada, firstService);
    const third = quizLessons.find((l) => l !== boundaries && l !== firstService)!;
    await answerWrong(ada, third);
    sessionId = (await startLabOverApi(ada, 'hello-service')).id;
    expect((await grade(ada, sessionId)).json).toMatchObject({ passed: false, score: 2 });
    await saveSolution(sessionId);
    expect((await grade(ada, sessionId)).json).toMatchObject({ passed: true, score: 4 });

    // A guest who took one quiz is listed; a guest who only looked is not.
    const guest = apiClient(server.url);
    await answerRight(guest, boundaries);
    guestId = (await guest.request<{ user: { id: string } }>('GET', '/api/auth/me')).json.user.id;
    await apiClient(server.url).page('/');
  });
  afterAll(() => server.stop());

  it("lists each learner's lessons done, quiz average, labs passed and last activity", async () => {
    const page = await instructor.send('/instructor');
    expect(page.status).toBe(200);
    const html = await page.text();
    // Two of every quiz in the course passed in full: the average counts the rest as 0.
    const adaAverage = `${Math.round((2 / quizLessons.length) * 100)}%`;
    expect(row(html, 'data-learner', adaId)).toMatch(
      new RegExp(
        `^ada@example\\.org 2 of \\d+ ${adaAverage} \\(3 of ${quizLessons.length} taken\\) hello-service not taken \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`,
      ),
    );
    const guestAverage = `${Math.round((1 / quizLessons.length) * 100)}%`;
    expect(row(html, 'data-learner', guestId)).toMatch(
      new RegExp(`^Guest ${guestId.slice(0, 6)} 1 of \\d+ ${guestAverage} .* none yet not taken`),
    );
    // Only learners who did something: two of them (the instructor and the onlooker are not).
    expect(html.match(/data-learner=/g)).toHaveLength(2);
  });

  it('shows per lab the attempts, pass rate, median attempts to pass and the check failed most', async () => {
    const html = await instructor.page('/instructor');
    expect(row(html, 'data-lab', 'hello-service')).toMatch(
      /^Hello, service: add a health endpoint 2 1 100% \(1 of 1\) 2 .*health.*: 1 failure$/,
    );
    expect(row(html, 'data-lab', 'saga')).toMatch(/ 0 0 – – –$/);
  });

  it('exports progress and grades as CSV downloads that match the page', async () => {
    const progress = await instructor.send('/api/instructor/progress.csv');
    expect(progress.status).toBe(200);
    expect(progress.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(progress.headers.get('content-disposition')).toBe(
      'attachment; filename="shipshape-progress.csv"',
    );
    const learners = csvRecords(await progress.text());
    expect(learners.find((l) => l['user_id'] === adaId)).toMatchObject({
      learner: 'ada@example.org',
      kind: 'account',
      lessons_done: '2',
      quiz_average_percent: String(Math.round((2 / quizLessons.length) * 100)),
      quizzes_taken: '3',
      labs_passed: 'hello-service',
      assessment_best_percent: '',
    });
    expect(learners.find((l) => l['user_id'] === guestId)).toMatchObject({
      learner: `Guest ${guestId.slice(0, 6)}`,
      kind: 'guest',
      lessons_done: '1',
      labs_passed: '',
    });

    const grades = await instructor.send('/api/instructor/grades.csv');
    expect(grades.headers.get('content-disposition')).toBe(
      'attachment; filename="shipshape-grades.csv"',
    );
    const attempts = csvRecords(await grades.text());
    expect(
      attempts.map((a) => [a['learner'], a['lab'], a['score'], a['passed'], a['failed_checks']]),
    ).toEqual([
      ['ada@example.org', 'hello-service', '2', 'no', 'health-route'],
      ['ada@example.org', 'hello-service', '4', 'yes', ''],
    ]);
  });

  it("lists a running lab with its learner, CPU and memory, and stops it on the instructor's word", async () => {
    const listed = await instructor.request<{
      sessions: Array<{
        id: string;
        owner: string;
        state: string;
        usage?: { cpuPercent: number; memoryBytes: number; memoryLimitBytes: number };
      }>;
    }>('GET', '/api/instructor/sessions');
    expect(listed.status).toBe(200);
    const session = listed.json.sessions.find((s) => s.id === sessionId);
    expect(session).toMatchObject({ owner: 'ada@example.org', state: 'ready' });
    // A workspace and a Python service: some memory each, within their limits.
    expect(session?.usage?.memoryBytes).toBeGreaterThan(1024 * 1024);
    expect(session?.usage?.memoryBytes).toBeLessThan(session!.usage!.memoryLimitBytes);
    expect(session?.usage?.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(row(await instructor.page('/instructor'), 'data-session', sessionId)).toMatch(
      /^ada@example\.org Hello, service: add a health endpoint ready \d+ (s|min) \d+\.\d% of a core \d+\.\d MiB of \d+\.\d MiB Watch Stop$/,
    );

    const stopped = await instructor.request('POST', `/api/instructor/sessions/${sessionId}/stop`);
    expect(stopped.status).toBe(200);
    expect(objectsWithLabel(`${LABELS.session}=${sessionId}`)).toEqual({
      containers: [],
      networks: [],
      volumes: [],
    });
    expect(
      (await ada.request<{ sessions: unknown[] }>('GET', '/api/lab-sessions')).json.sessions,
    ).toEqual([]);
    expect(await instructor.page('/instructor')).toContain('No learner has a lab running.');
    // Stopping it again: there is nothing running to stop.
    expect(
      (await instructor.request('POST', `/api/instructor/sessions/${sessionId}/stop`)).status,
    ).toBe(404);
  });
});
