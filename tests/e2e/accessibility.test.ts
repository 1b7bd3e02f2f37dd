import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { builtPage } from '../support/built-site';
import { lessonsWithQuizzes } from '../support/lesson-quizzes';
import { startTestServer, type TestServer } from '../support/test-server';

const hasDiagram = (route: string): boolean => /<svg[^>]*role="img"/.test(builtPage(route));

/** The fewest lessons (greedily) whose code blocks use every language any lesson uses. */
function lessonsCoveringEveryLanguage(routes: string[]): string[] {
  const languages = new Map(
    routes.map((route) => {
      const html = builtPage(route);
      return [route, new Set([...html.matchAll(/data-language="([^"]+)"/g)].map((m) => m[1]!))];
    }),
  );
  const left = new Set([...languages.values()].flatMap((set) => [...set]));
  const chosen: string[] = [];
  while (left.size > 0) {
    const [best] = [...languages].sort(
      ([, a], [, b]) =>
        [...b].filter((l) => left.has(l)).length - [...a].filter((l) => left.has(l)).length,
    )[0]!;
    chosen.push(best);
    for (const language of languages.get(best)!) left.delete(language);
  }
  return chosen;
}

/**
 * The accessibility gate: axe-core finds no serious or critical violation on
 * the pages a learner uses, in the light and the dark colour scheme.
 */
describe('accessibility (axe-core)', () => {
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

  const chrome = ['/', '/labs/hello-service', '/assessment'];
  const lessons = lessonsWithQuizzes().map((l) => `/lessons/${l.id}`);
  // Dark mode changes colours only, so it is checked on the pages' chrome, on the
  // lessons with diagrams, and on lessons that together show every highlighted
  // language: axe takes seconds a page.
  const schemes = {
    light: [...chrome, ...lessons],
    dark: [
      ...chrome,
      ...new Set([...lessonsCoveringEveryLanguage(lessons), ...lessons.filter(hasDiagram)]),
    ],
  };

  for (const [scheme, pages] of Object.entries(schemes) as Array<['light' | 'dark', string[]]>) {
    it(`finds no serious or critical violation on the outline, lessons, a lab and the assessment (${scheme})`, async () => {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      const found: string[] = [];
      for (const route of pages) {
        const response = await page.goto(`${server.url}${route}`);
        expect(response?.status(), route).toBe(200);
        for (const v of await seriousViolations(page)) {
          found.push(`${route}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
        }
      }
      // The assessment with its questions showing, and a lesson quiz after its verdict.
      await page.goto(`${server.url}/assessment`);
      // The first scheme's run opened an attempt; the second finds it still open.
      const start = page.getByTestId('assessment-start');
      if (await start.count()) await start.click();
      await page.getByTestId('quiz-submit').waitFor();
      for (const v of await seriousViolations(page)) {
        found.push(
          `/assessment (questions): ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`,
        );
      }
      await page.close();
      expect(found).toEqual([]);
    }, 600_000);
  }
});
