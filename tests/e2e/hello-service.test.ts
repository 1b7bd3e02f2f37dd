import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { labPage } from '../support/lab-page';
import { startTestServer, type TestServer } from '../support/test-server';

describe('a learner doing the hello-service lab in Chromium', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('reads the lesson, starts the lab, fixes the service from the terminal and gets full marks', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/lessons/orientation/your-first-service`);
      await expect(page.locator('h1').innerText()).resolves.toMatch(/first microservice/i);
      expect(await page.locator('.astro-code').count()).toBeGreaterThan(0);

      await page.getByTestId('start-lab-link').click();
      await page.waitForURL('**/labs/hello-service');
      const lab = labPage(page);
      await lab.start();
      // While the lab runs, its page offers checking and stopping, not starting.
      expect(await page.getByTestId('start-lab').isVisible()).toBe(false);
      expect(await page.getByTestId('stop-lab').isVisible()).toBe(true);

      await lab.typeLine('python3 -c "print(6*7)"');
      await lab.seeLine(/^42\s*$/);

      for (const line of [
        "cat >> app.py <<'EOF'",
        '',
        '@app.get("/health")',
        'def health():',
        '    return {"status": "ok"}',
        'EOF',
      ]) {
        await lab.typeLine(line);
      }
      // As a learner would: try the new route once the service has reloaded.
      await lab.typeLine('sleep 1; curl -s http://hello:8000/health; echo');
      await lab.seeLine(/^\{"status":"ok"\}\s*$/);

      const result = await lab.checkMyWork();
      expect(result).toContain('All checks pass: 4 / 4 points');
      // The step's own checklist ticks too, and the step reads as done.
      expect(
        await page
          .locator('.step-checks li')
          .evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset['status'])),
      ).toEqual(['passed', 'passed', 'passed']);
      expect(await page.locator('section.step[data-done]').count()).toBe(1);
      await page.screenshot({ path: 'test-results/hello-service-full-marks.png', fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it("shows the untouched starter failing with the check's message and hint", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/labs/hello-service`);
      const lab = labPage(page);
      await lab.start();

      const result = await lab.checkMyWork();
      expect(result).toContain('Not yet: 2 / 4 points');
      expect(result).toContain('GET /health status: expected 200, got 404');
      expect(result).toContain('Hint: Add a route with @app.get("/health")');
      const health = page.locator('.step-checks li[data-check="health-route"]');
      expect(await health.getAttribute('data-status')).toBe('failed');
      expect(await health.innerText()).toContain('hello answers GET /health with 200');
      expect(await page.locator('section.step[data-done]').count()).toBe(0);

      // A second try is kept beside the first.
      await lab.checkMyWork();
      const attempts = page.getByTestId('attempts');
      await attempts.locator('summary', { hasText: 'Earlier attempts (2)' }).waitFor();
      await attempts.locator('summary').click();
      expect(await attempts.locator('li').allInnerTexts()).toEqual([
        expect.stringContaining('2 / 4'),
        expect.stringContaining('2 / 4'),
      ]);
      await page.screenshot({ path: 'test-results/hello-service-starter.png', fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
