import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { lessonsWithQuizzes } from '../support/lesson-quizzes';
import { startTestServer, type TestServer } from '../support/test-server';

/** A small phone: 360 CSS pixels wide. */
const PHONE = { width: 360, height: 740 };

describe('on a phone', () => {
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

  it('no page scrolls sideways: wide code and diagrams stay inside their own boxes', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    const routes = [
      '/',
      '/glossary',
      '/search?q=saga',
      '/assessment',
      '/labs/hello-service',
      ...lessonsWithQuizzes().map((l) => `/lessons/${l.id}`),
    ];
    const tooWide: string[] = [];
    for (const route of routes) {
      await page.goto(`${server.url}${route}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) {
        // The outermost element that sticks out, skipping what scrolls inside its own box.
        const culprit = await page.evaluate((limit) => {
          const scrolls = (el: Element) =>
            ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
          const wide = [...document.querySelectorAll<HTMLElement>('body *')].find(
            (el) =>
              el.getBoundingClientRect().right > limit + 1 &&
              el.parentElement!.getBoundingClientRect().right <= limit + 1 &&
              !el.parentElement!.closest('pre, .table-scroll') &&
              !scrolls(el.parentElement!),
          );
          return wide
            ? `<${wide.tagName.toLowerCase()} class="${wide.className}">: "${wide.textContent?.slice(0, 60)}"`
            : 'unknown';
        }, PHONE.width);
        tooWide.push(`${route}: ${width} px wide (${culprit})`);
      }
    }
    expect(tooWide).toEqual([]);
  });
});
