import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { addAccount, INSTRUCTOR_PASSWORD } from '../support/instructor-account';
import { lessonsWithQuizzes, rightAnswer } from '../support/lesson-quizzes';
import { openTerminal } from '../support/terminal-client';
import {
  apiClient,
  startLabOverApi,
  startTestServer,
  type TestServer,
} from '../support/test-server';

describe('the instructor view in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let learner: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    addAccount(server, 'teach@example.org', 'instructor');
    // A learner with a quiz passed and a lab running, so every table of the page has rows.
    learner = apiClient(server.url);
    await learner.request('POST', '/api/auth/signup', {
      email: 'learner@example.org',
      password: INSTRUCTOR_PASSWORD,
    });
    const lesson = lessonsWithQuizzes()[0]!;
    await learner.request('POST', `/api/quizzes/${lesson.id}`, {
      answers: lesson.quiz.map(rightAnswer),
    });
    await startLabOverApi(learner, 'hello-service');
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('signs an instructor in, leads them to the view from the header, and stops a learner’s lab', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email', { exact: true }).fill('teach@example.org');
    await page.getByLabel('Password', { exact: true }).fill(INSTRUCTOR_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    await page.getByRole('link', { name: 'Instructor view' }).click();
    await page.waitForURL(`${server.url}/instructor`);
    expect(await page.locator('h1').innerText()).toBe('Instructor view');
    const learners = page.getByRole('region', { name: 'Learners' });
    expect(await learners.getByRole('rowheader').allInnerTexts()).toEqual(['learner@example.org']);

    const running = page.getByRole('region', { name: 'Running labs' });
    const row = running.getByRole('row', { name: /learner@example\.org/ });
    expect(await row.innerText()).toMatch(/ready[\s\S]*% of a core[\s\S]*MiB of/);
    await row.getByRole('button', { name: "Stop learner@example.org's hello-service lab" }).click();
    await page.getByTestId('no-live-sessions').waitFor();
    expect(
      (await learner.request<{ sessions: unknown[] }>('GET', '/api/lab-sessions')).json.sessions,
    ).toEqual([]);
    await page.close();
  });

  it("shows a learner's terminal as it happens, from the Watch link", async () => {
    const { id } = await startLabOverApi(learner, 'hello-service');
    const terminal = await openTerminal(server.url, id, {
      cookie: learner.cookie,
      origin: server.url,
    });
    await terminal.waitForPrompt();
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/instructor`);
    await page.getByRole('link', { name: "Watch learner@example.org's terminal" }).click();
    await page.waitForURL(`${server.url}/instructor/watch/${id}`);
    await page.getByTestId('watch-status').filter({ hasText: 'Watching' }).waitFor();
    terminal.type('echo "the instructor sees $((6*7))"\r');
    await page.locator('.xterm-rows').filter({ hasText: 'the instructor sees 42' }).waitFor();
    await terminal.close();
    await page.close();
  });

  it('finds no serious or critical accessibility violation, light or dark', async () => {
    // The lab of the test before is running, so the sessions table, its buttons and the watch page are checked too.
    const running = (
      await learner.request<{ sessions: Array<{ id: string }> }>('GET', '/api/lab-sessions')
    ).json.sessions[0]!;
    const page = await browser.context.newPage();
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect((await page.goto(`${server.url}/instructor`))?.status()).toBe(200);
      await page.getByTestId('live-sessions').waitFor();
      for (const v of await seriousViolations(page))
        found.push(
          `/instructor ${scheme}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`,
        );
      expect((await page.goto(`${server.url}/instructor/watch/${running.id}`))?.status()).toBe(200);
      await page.locator('.xterm-rows').waitFor();
      for (const v of await seriousViolations(page))
        found.push(`watch ${scheme}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
    }
    expect(found).toEqual([]);
    await page.close();
  });
});
