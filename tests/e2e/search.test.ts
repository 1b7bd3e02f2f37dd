import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/test-server';

const words = (text: string, minLength = 7): string[] =>
  text.toLowerCase().match(new RegExp(`\\p{L}{${minLength},}`, 'gu')) ?? [];

/**
 * A lesson page's text as the test reads it: `prose` (what it teaches with,
 * without code), `indexed` (everything search should hold: the marked body
 * less the quiz and navigation) and `quiz` (the quiz's questions and choices).
 */
interface LessonText {
  prose: string;
  indexed: string;
  quiz: string;
}

async function lessonText(page: Page, url: string): Promise<LessonText> {
  await page.goto(url);
  return page.evaluate(() => {
    const body = document.querySelector('[data-pagefind-body]')!;
    const without = (selectors: string) => {
      const copy = body.cloneNode(true) as HTMLElement;
      copy.querySelectorAll(selectors).forEach((n) => n.remove());
      // Text nodes joined by spaces: the end of one list item must not run into the next.
      const texts: string[] = [];
      const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) texts.push(walker.currentNode.nodeValue ?? '');
      return texts.join(' ');
    };
    return {
      prose: without('pre, code, quiz-form, .lesson-nav'),
      indexed: without('quiz-form, .lesson-nav'),
      quiz: [...body.querySelectorAll('quiz-form legend, quiz-form label')]
        .map((n) => n.textContent)
        .join(' '),
    };
  });
}

/**
 * For each lesson, a word that appears in its prose and in no other lesson's
 * (the one it uses most), so that finding the lesson by it shows the index
 * holds every lesson's own text.
 */
function distinctiveWords(words: Map<string, string[]>): Map<string, string> {
  const lessonsUsing = new Map<string, number>();
  for (const list of words.values())
    for (const word of new Set(list)) lessonsUsing.set(word, (lessonsUsing.get(word) ?? 0) + 1);
  const chosen = new Map<string, string>();
  for (const [lesson, list] of words) {
    const counts = new Map<string, number>();
    for (const word of list)
      if (lessonsUsing.get(word) === 1) counts.set(word, (counts.get(word) ?? 0) + 1);
    const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (!best) throw new Error(`${lesson} has no word of its own to search for`);
    chosen.set(lesson, best[0]);
  }
  return chosen;
}

/** What the search page shows for a query: the status line and the result links. */
async function searchFor(page: Page, baseUrl: string, query: string) {
  await page.goto(`${baseUrl}/search?q=${encodeURIComponent(query)}`);
  const status = page.getByTestId('search-status');
  await status.filter({ hasText: /result|Nothing found|unavailable/ }).waitFor();
  return {
    status: await status.innerText(),
    results: await page
      .getByTestId('search-results')
      .locator('li')
      .evaluateAll((items) =>
        items.map((li) => ({
          href: li.querySelector('a')!.getAttribute('href')!,
          title: li.querySelector('a')!.textContent!,
          marked: [...li.querySelectorAll('mark')].map((m) => m.textContent!.toLowerCase()),
        })),
      ),
  };
}

describe('search in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;
  /** Every lesson's text, by its link on the course outline, read once from the served pages. */
  const lessons = new Map<string, LessonText>();
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/`);
    const hrefs = await page
      .locator('.lesson-list a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const href of hrefs) lessons.set(href, await lessonText(page, `${server.url}${href}`));
    await page.close();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('finds every lesson by a word that only that lesson uses, offline, from the index built with the site', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error' && message.type() !== 'warning') return;
      // The site has no favicon; that request's failure is not search's.
      if (message.location().url.endsWith('/favicon.ico')) return;
      problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
    });
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) elsewhere.push(request.url());
    });

    expect(lessons.size).toBeGreaterThanOrEqual(25);
    const prose = new Map([...lessons].map(([href, text]) => [href, words(text.prose)]));

    const missed: string[] = [];
    for (const [lesson, word] of distinctiveWords(prose)) {
      const { status, results } = await searchFor(page, server.url, word);
      const hit = results.find((r) => r.href === lesson);
      if (!hit) missed.push(`"${word}" → ${status}: ${results.map((r) => r.href).join(', ')}`);
      else
        expect(
          // Pagefind matches stems, so it may mark "eject_s" for "ejection".
          hit.marked.some((m) => m.includes(word.slice(0, 5))),
          `${lesson}: "${word}" highlighted in ${JSON.stringify(hit.marked)}`,
        ).toBe(true);
    }
    expect({ missed, problems, elsewhere }).toEqual({ missed: [], problems: [], elsewhere: [] });
  });

  it('takes a query from the header box on any page and finds the glossary term with its lesson', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/lessons/orientation/your-first-service`);
    await page.getByTestId('header-search').fill('idempotency key');
    await page.getByTestId('header-search').press('Enter');
    await page.waitForURL(/\/search\?q=idempotency(\+|%20)key$/);
    const { results } = await searchFor(page, server.url, 'idempotency key');
    expect(results.map((r) => r.href)).toContain('/glossary#idempotency-key');
    expect(results.map((r) => r.href)).toContain('/lessons/design-patterns/resilient-calls');
    expect(results.find((r) => r.href === '/glossary#idempotency-key')?.title).toBe(
      'Glossary: Idempotency key',
    );
  });

  it('updates the results as the learner types, and says so when nothing matches', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/search`);
    const input = page.getByTestId('search-input');
    await input.fill('zyxwvutsrq');
    await page.getByTestId('search-status').filter({ hasText: 'Nothing found' }).waitFor();
    expect(await page.getByTestId('search-results').locator('li').count()).toBe(0);
    await input.fill('half-open');
    await page
      .getByTestId('search-status')
      .filter({ hasText: /results? for “half-open”/ })
      .waitFor();
    const first = page.getByTestId('search-results').locator('li a').first();
    expect(await first.getAttribute('href')).toMatch(
      /^\/(lessons\/design-patterns\/circuit-breaker|glossary#half-open)$/,
    );
    expect(page.url()).toBe(`${server.url}/search?q=half-open`);
  });

  it('leaves the quizzes out of the index: a word only a quiz uses finds no lesson', async () => {
    const page = await browser.context.newPage();
    const indexed = new Set<string>();
    const quiz = new Set<string>();
    for (const text of lessons.values()) {
      for (const word of words(text.indexed, 5)) indexed.add(word.slice(0, 5));
      for (const word of words(text.quiz)) quiz.add(word);
    }
    // Compared by their first letters, so that no stem of an indexed word can match.
    const quizOnly = [...quiz].filter((word) => !indexed.has(word.slice(0, 5))).sort();
    expect(quizOnly.length, 'quiz words that no lesson text uses').toBeGreaterThanOrEqual(3);
    for (const word of quizOnly.slice(0, 5)) {
      // Pagefind may still offer near matches; none of them may be the quiz's own word.
      const { results } = await searchFor(page, server.url, word);
      const quoting = results.filter((r) => r.marked.some((m) => m.startsWith(word.slice(0, 5))));
      expect(quoting, word).toEqual([]);
    }
  });

  it('opens a glossary link in a lesson at the term, which links back to its lesson', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/lessons/design-patterns/saga`);
    const term = page.locator('a.glossary-term[href="/glossary#transactional-outbox"]');
    expect(await term.count()).toBe(1);
    await term.click();
    await page.waitForURL(/\/glossary#transactional-outbox$/);
    const heading = page.locator('h3:target');
    expect(await heading.innerText()).toBe('Transactional outbox');
    const entry = page.locator('.glossary-entry', { has: heading });
    expect(await entry.getByRole('link').getAttribute('href')).toBe(
      '/lessons/design-patterns/saga',
    );
  });

  it('gives the glossary and the search page no serious accessibility problem, light or dark', async () => {
    const page = await browser.context.newPage();
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const path of ['/glossary', '/search?q=circuit%20breaker']) {
        await page.goto(`${server.url}${path}`);
        if (path.startsWith('/search'))
          await page.getByTestId('search-status').filter({ hasText: 'results' }).waitFor();
        for (const v of await seriousViolations(page))
          found.push(`${path} (${colorScheme}): ${v.id} at ${v.targets.join(', ')}`);
      }
    }
    expect(found).toEqual([]);
  });
});
