import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root';

const LESSONS = path.join(projectRoot, 'dist', 'client', 'lessons');

/** Every built lesson page, as a browser receives it. */
function lessonPages(): Array<{ page: string; html: string }> {
  if (!fs.existsSync(LESSONS))
    throw new Error('The site is not built: run `npm test` (it builds it) or `npm run build`.');
  return fs
    .readdirSync(LESSONS, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('index.html'))
    .map((f) => ({ page: f, html: fs.readFileSync(path.join(LESSONS, f), 'utf8') }));
}

/**
 * The islands a lesson page may carry, each known by the custom element it
 * defines. The header's search box is a plain form and needs none.
 */
const ISLANDS = ['quiz-form', 'site-search'];

describe('built lesson pages', () => {
  it('ship no JavaScript but the quiz and search islands, and nothing loaded from elsewhere', () => {
    const pages = lessonPages();
    expect(pages.length).toBeGreaterThanOrEqual(25);
    for (const { page, html } of pages) {
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      const islands = new Set<string>();
      for (const [, attributes, body] of scripts) {
        expect(attributes, `${page}: a script loaded from a file`).not.toMatch(/\bsrc=/);
        const island = ISLANDS.find((name) =>
          new RegExp(`customElements\\.define\\(["']${name}["']`).test(body!),
        );
        expect(
          island,
          `${page}: a script that is neither the quiz nor the search island`,
        ).toBeDefined();
        expect(islands.has(island!), `${page}: the ${island} island twice`).toBe(false);
        islands.add(island!);
        expect(Buffer.byteLength(body!), `${page}: size of the ${island} island`).toBeLessThan(
          4 * 1024,
        );
      }
    }
  });
});
