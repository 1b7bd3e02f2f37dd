import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/test-server';

describe('the course outline in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('links every lesson in order, and each opens with its title, code, quiz and a way on', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/`);
    const links = await page
      .locator('.lesson-list a')
      .evaluateAll((as) =>
        as.map((a) => ({ href: a.getAttribute('href')!, title: a.textContent!.trim() })),
      );
    expect(links.length).toBeGreaterThanOrEqual(25);
    for (const [i, link] of links.entries()) {
      const response = await page.goto(`${server.url}${link.href}`);
      expect(response?.status(), link.href).toBe(200);
      expect(await page.locator('h1').innerText(), link.href).toBe(link.title);
      expect(
        await page.locator('.astro-code').count(),
        `${link.href} has highlighted code`,
      ).toBeGreaterThan(0);
      expect(await page.getByTestId('quiz-submit').count(), `${link.href} has a quiz`).toBe(1);
      const next = page.locator('.lesson-nav a[rel="next"]');
      if (i < links.length - 1)
        expect(await next.getAttribute('href'), link.href).toBe(links[i + 1]!.href);
      else expect(await next.count()).toBe(0);
    }
    expect(errors).toEqual([]);
  });

  it("checks a quiz's answers on the server and shows why", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/lessons/orientation/your-first-service`);
    const questions = page.locator('quiz-form fieldset');
    const count = await questions.count();
    for (let i = 0; i < count; i++) await questions.nth(i).locator('input').first().check();
    await page.getByTestId('quiz-submit').click();
    await page.getByTestId('quiz-score').filter({ hasText: 'right' }).waitFor();
    expect(await page.getByTestId('quiz-score').innerText()).toMatch(
      new RegExp(`^\\d of ${count} right`),
    );
    expect(await page.locator('.verdict.right, .verdict.wrong').count()).toBe(count);
  });
});
