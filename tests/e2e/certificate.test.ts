import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root';
import { LABELS } from '../../src/sandbox/labels';
import { seriousViolations } from '../support/axe';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { docker } from '../support/docker-cli';
import { lessonsWithQuizzes, rightAnswer } from '../support/lesson-quizzes';
import { startTestServer, type TestServer } from '../support/test-server';

const PASSWORD = 'a long enough passphrase';

describe('earning and verifying a certificate in Chromium', () => {
  let server: TestServer;
  let learnerBrowser: TestBrowser;
  let strangerBrowser: TestBrowser;
  beforeAll(async () => {
    server = await startTestServer();
    learnerBrowser = await launchBrowser();
    strangerBrowser = await launchBrowser();
  });
  afterAll(async () => {
    await learnerBrowser.close();
    await strangerBrowser.close();
    await server.stop();
  });

  const axeFindings: string[] = [];
  async function checkAccessibility(page: Page, label: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const v of await seriousViolations(page))
        axeFindings.push(
          `${label} (${scheme}): ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`,
        );
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  /** What the page's own cookies may do over the API, as its scripts would. */
  const api = (page: Page) => ({
    post: (route: string, data?: unknown) =>
      page.request.post(`${server.url}${route}`, {
        headers: { origin: server.url },
        ...(data === undefined ? {} : { data }),
      }),
    get: (route: string) => page.request.get(`${server.url}${route}`),
  });

  /** Starts hello-service, puts the lab's own solution in place, and has it graded: a real pass. */
  async function passHelloServiceLab(page: Page): Promise<void> {
    const started = await api(page).post('/api/lab-sessions', { lab: 'hello-service' });
    let session = ((await started.json()) as { session: { id: string; state: string } }).session;
    const deadline = Date.now() + 90_000;
    while (session.state === 'queued' || session.state === 'starting') {
      expect(Date.now()).toBeLessThan(deadline);
      await page.waitForTimeout(250);
      session = (
        (await (await api(page).get(`/api/lab-sessions/${session.id}`)).json()) as {
          session: typeof session;
        }
      ).session;
    }
    expect(session.state).toBe('ready');
    const container = (role: string) =>
      docker(
        'ps',
        '-q',
        '--filter',
        `label=${LABELS.session}=${session.id}`,
        '--filter',
        `label=${LABELS.role}=${role}`,
      );
    // uvicorn logs to standard error; `docker logs` passes both streams on as they were.
    const serviceLog = () => {
      const out = spawnSync('docker', ['logs', container('hello')], { encoding: 'utf8' });
      return `${out.stdout}${out.stderr}`;
    };
    const reloadsBefore = serviceLog().split('Reloading...').length;
    execFileSync(
      'docker',
      ['exec', '-i', container('workspace'), 'sh', '-c', 'cat > /home/learner/lab/app.py'],
      { input: fs.readFileSync(path.join(projectRoot, 'labs/hello-service/solution/app.py')) },
    );
    // uvicorn --reload picks the file up: grade once the service has started again.
    for (;;) {
      const runs = serviceLog().split('Reloading...');
      if (runs.length > reloadsBefore && runs.at(-1)!.includes('Application startup complete'))
        break;
      expect(Date.now(), 'hello did not reload the solution').toBeLessThan(deadline);
      await page.waitForTimeout(200);
    }
    const grade = await api(page).post(`/api/lab-sessions/${session.id}/grade`);
    expect(await grade.json()).toMatchObject({ passed: true });
    await page.request.delete(`${server.url}/api/lab-sessions/${session.id}`, {
      headers: { origin: server.url },
    });
  }

  it('signs up, completes the course, claims the certificate, and a stranger verifies it', async () => {
    const page = await learnerBrowser.context.newPage();
    await page.goto(`${server.url}/`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Certificate' })
      .click();
    await page.waitForURL(`${server.url}/certificate`);
    const rules = page.getByTestId('certificate-rules');
    expect(await rules.locator('li[data-met="no"]').count()).toBe(4);
    await checkAccessibility(page, '/certificate as a guest');

    // The first rule's next step: an account, which keeps what the guest did.
    await page.getByRole('link', { name: 'Create an account (your progress stays)' }).click();
    await page.getByLabel('Email', { exact: true }).fill('grace@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/certificate`);
    expect(await rules.locator('li[data-rule="account"]').getAttribute('data-met')).toBe('yes');

    // Every lesson quiz answered right, through the same endpoint the quiz form uses.
    const lessons = lessonsWithQuizzes();
    for (const lesson of lessons) {
      const res = await api(page).post(`/api/quizzes/${lesson.id}`, {
        answers: lesson.quiz.map(rightAnswer),
      });
      expect(res.status()).toBe(200);
    }

    // The final assessment, answered in the page.
    await page.goto(`${server.url}/assessment`);
    await page.getByTestId('assessment-start').click();
    await page.locator('fieldset.question').first().waitFor();
    const byText = new Map(lessons.flatMap((l) => l.quiz.map((q) => [q.question, q] as const)));
    const fieldsets = page.locator('fieldset.question');
    for (let i = 0; i < (await fieldsets.count()); i++) {
      const legend = (await fieldsets.nth(i).locator('legend').innerText())
        .replace(/^\s*\d+\.\s*/, '')
        .replace(/\s*\(choose all that apply\)\s*$/, '')
        .trim();
      for (const choice of rightAnswer(byText.get(legend)!))
        await fieldsets.nth(i).locator(`input[value="${choice}"]`).check();
    }
    await page.getByTestId('quiz-submit').click();
    await expect
      .poll(() => page.getByTestId('quiz-score').innerText(), { timeout: 10_000 })
      .toContain('You passed the final assessment');

    await passHelloServiceLab(page);

    await page.goto(`${server.url}/certificate`);
    expect(await rules.locator('li[data-met="yes"]').count()).toBe(4);
    await checkAccessibility(page, '/certificate, ready to claim');
    await page.getByLabel('Your name, as it should be printed').fill('Grace Brewster Hopper');
    await page.getByRole('button', { name: 'Issue my certificate' }).click();
    await page.waitForURL(`${server.url}/certificate`);
    expect(await page.getByTestId('certificate-name').innerText()).toBe('Grace Brewster Hopper');
    const id = await page.getByTestId('certificate-id').innerText();
    await checkAccessibility(page, '/certificate with the certificate');

    // Printed: the certificate alone, without the site's chrome or the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByTestId('certificate-pdf').isVisible()).toBe(false);
    expect(await page.getByTestId('certificate').isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/certificate-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    const pdfHref = await page.getByTestId('certificate-pdf').getAttribute('href');
    const pdf = await page.request.get(`${server.url}${pdfHref}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const pdfText = (await pdf.body()).toString('latin1');
    expect(pdfText).toContain('(Grace Brewster Hopper) Tj');
    expect(pdfText).toContain('(Hello, service: add a health endpoint) Tj');
    fs.writeFileSync('test-results/certificate.pdf', await pdf.body());

    // Someone the learner shows it to: no account, another browser.
    const stranger = await strangerBrowser.context.newPage();
    await stranger.goto(`${server.url}/verify`);
    await stranger.getByLabel('Verification id').fill(id);
    await stranger.getByRole('button', { name: 'Verify' }).click();
    await stranger.waitForURL(`${server.url}/verify/${id}`);
    expect(await stranger.getByTestId('verdict').getAttribute('data-status')).toBe('valid');
    expect(await stranger.getByTestId('verdict').innerText()).toContain('Valid certificate');
    expect(await stranger.getByTestId('certified-name').innerText()).toBe('Grace Brewster Hopper');
    expect(await stranger.getByTestId('certified').innerText()).toContain(
      'Hello, service: add a health endpoint',
    );
    await checkAccessibility(stranger, '/verify/<id> valid');
    await stranger.screenshot({ path: 'test-results/certificate-verify.png', fullPage: true });

    // Revoked by an administrator: the same page now says so, and why.
    const cli = spawnSync(
      process.execPath,
      ['bin/shipshape.mjs', 'certificate', 'revoke', id, '--reason', 'Issued by mistake'],
      {
        cwd: projectRoot,
        env: { ...process.env, SHIPSHAPE_DATA_DIR: server.dataDir },
        encoding: 'utf8',
      },
    );
    expect(cli.status, cli.stderr).toBe(0);
    await stranger.reload();
    expect(await stranger.getByTestId('verdict').getAttribute('data-status')).toBe('revoked');
    expect(await stranger.getByTestId('revocation').innerText()).toContain('Issued by mistake');
    await checkAccessibility(stranger, '/verify/<id> revoked');

    await stranger.goto(`${server.url}/verify/NoSuchCertific8x`);
    await checkAccessibility(stranger, '/verify/<id> unknown');
    await stranger.goto(`${server.url}/verify`);
    await checkAccessibility(stranger, '/verify');
    expect(axeFindings).toEqual([]);
  });
});
