import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/sandbox/labels';
import { seriousViolations } from '../support/axe';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { objectsWithLabel } from '../support/docker-cli';
import { labPage } from '../support/lab-page';
import { startTestServer, type TestServer } from '../support/test-server';

describe('the dashboard in Chromium', () => {
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

  it('draws the path through the modules as a named picture, and says what to do next', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/`);
    await page.locator('.lesson-list a').first().click();
    const lessonTitle = await page.locator('h1').innerText();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Dashboard' })
      .click();

    const chart = page.getByRole('img', { name: 'Your path through the course' });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-describedby')).toBe('path-chart-desc');
    expect(await page.locator('#path-chart-desc').textContent()).toMatch(
      /^Orientation, \d+ lessons: 1 opened, not finished;/,
    );
    expect(await page.getByTestId('next-step').getByRole('link').innerText()).toBe(
      `Pass the quiz of “${lessonTitle}”`,
    );
    expect(await page.getByRole('table', { name: 'Progress per module' }).isVisible()).toBe(true);
    expect(await page.locator('script').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('has no serious accessibility violation, light or dark, and fits a phone', async () => {
    const page = await browser.context.newPage();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${server.url}/dashboard`);
      expect(await seriousViolations(page), colorScheme).toEqual([]);
    }
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/dashboard`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
  });

  it('stops a running lab with its Stop button, and the lab’s containers are gone', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/labs/hello-service`);
    await labPage(page).start();

    await page.goto(`${server.url}/dashboard`);
    const item = page.locator('.running-labs li');
    expect(await item.count()).toBe(1);
    const sessionId = (await item.getAttribute('data-session'))!;
    expect(objectsWithLabel(`${LABELS.session}=${sessionId}`).containers.length).toBeGreaterThan(0);
    expect(await item.getByRole('link', { name: /^Resume/ }).getAttribute('href')).toBe(
      '/labs/hello-service',
    );
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousViolations(page), `with a running lab, ${colorScheme}`).toEqual([]);
    }

    await item.getByRole('button', { name: /^Stop/ }).click();
    await page.getByTestId('lab-stopped').waitFor();
    expect(await page.getByTestId('lab-stopped').innerText()).toContain('was stopped');
    expect(await page.getByTestId('no-running-labs').isVisible()).toBe(true);
    expect(objectsWithLabel(`${LABELS.session}=${sessionId}`)).toEqual({
      containers: [],
      networks: [],
      volumes: [],
    });
  });
});
