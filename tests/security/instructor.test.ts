import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/sandbox/labels';
import { objectsWithLabel } from '../support/docker-cli';
import { INSTRUCTOR_PASSWORD, signedIn } from '../support/instructor-account';
import { lessonsWithQuizzes, rightAnswer } from '../support/lesson-quizzes';
import { parseCsv } from '../support/read-csv';
import {
  apiClient,
  startLabOverApi,
  startTestServer,
  type TestServer,
} from '../support/test-server';

type Client = ReturnType<typeof apiClient>;

/** An email the sign-up accepts that a spreadsheet would run as a formula, and HTML would run as markup. */
const FORMULA_EMAIL = '=hyperlink("http://evil.example","open")@evil.example';
const MARKUP_EMAIL = '<img/src=x/onerror=alert(1)>@evil.example';

describe('the instructor view is for instructors only', () => {
  let server: TestServer;
  let learner: Client;
  let guest: Client;
  let instructor: Client;
  let sessionId: string;

  beforeAll(async () => {
    server = await startTestServer();
    instructor = await signedIn(server, 'teach@example.org', 'instructor');
    learner = apiClient(server.url);
    await learner.request('POST', '/api/auth/signup', {
      email: FORMULA_EMAIL,
      password: INSTRUCTOR_PASSWORD,
    });
    const lesson = lessonsWithQuizzes()[0]!;
    await learner.request('POST', `/api/quizzes/${lesson.id}`, {
      answers: lesson.quiz.map(rightAnswer),
    });
    sessionId = (await startLabOverApi(learner, 'hello-service')).id;
    guest = apiClient(server.url);
    await guest.page('/');
  });
  afterAll(() => server.stop());

  const readRoutes = [
    '/api/instructor/progress.csv',
    '/api/instructor/grades.csv',
    '/api/instructor/sessions',
  ];

  it('answers a learner and a guest 403 on the page and every instructor route, stop included', async () => {
    for (const [who, client] of [
      ['learner', learner],
      ['guest', guest],
    ] as const) {
      const page = await client.send('/instructor');
      expect(page.status, `${who} /instructor`).toBe(403);
      const html = await page.text();
      expect(html).toContain('Instructors only');
      expect(html).not.toContain('data-learner');
      for (const route of readRoutes) {
        const res = await client.request('GET', route);
        expect(res.status, `${who} ${route}`).toBe(403);
        expect(res.json).toMatchObject({ error: { kind: 'forbidden' } });
      }
      const stop = await client.request('POST', `/api/instructor/sessions/${sessionId}/stop`);
      expect(stop.status, `${who} stop`).toBe(403);
    }
    // The learner's lab is still there: nobody but an instructor stopped it.
    expect(objectsWithLabel(`${LABELS.session}=${sessionId}`).containers).toHaveLength(2);
    const own = await learner.request<{ sessions: Array<{ id: string }> }>(
      'GET',
      '/api/lab-sessions',
    );
    expect(own.json.sessions.map((s) => s.id)).toEqual([sessionId]);
  });

  it('shows no instructor link to a learner, and one to an instructor', async () => {
    expect(await learner.page('/')).not.toContain('href="/instructor"');
    expect(await instructor.page('/')).toContain('href="/instructor"');
  });

  it("refuses an instructor's stop sent from another site (CSRF)", async () => {
    const res = await instructor.send(`/api/instructor/sessions/${sessionId}/stop`, {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(objectsWithLabel(`${LABELS.session}=${sessionId}`).containers).toHaveLength(2);
  });

  it('exports a learner-chosen formula as text, never as a formula', async () => {
    const csv = await (await instructor.send('/api/instructor/progress.csv')).text();
    expect(csv).toContain(`"'=hyperlink(""http://evil.example"",""open"")@evil.example"`);
    const cells = parseCsv(csv).flat();
    expect(cells).toContain(`'${FORMULA_EMAIL}`);
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
  });

  it('shows a learner-chosen email as text on the page, never as markup', async () => {
    const other = apiClient(server.url);
    const signup = await other.request('POST', '/api/auth/signup', {
      email: MARKUP_EMAIL,
      password: INSTRUCTOR_PASSWORD,
    });
    expect(signup.status).toBe(201);
    const html = await instructor.page('/instructor');
    expect(html).not.toContain('<img/src=x');
    expect(html).toContain('&lt;img/src=x/onerror=alert(1)&gt;@evil.example');
  });

  it('says a stop of a session that does not exist is not found', async () => {
    const res = await instructor.request('POST', '/api/instructor/sessions/0123456789abcdef/stop');
    expect(res.status).toBe(404);
  });
});
