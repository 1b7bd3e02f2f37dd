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

describe('built lesson pages', () => {
  it('ship no JavaScript but the quiz island, and nothing loaded from elsewhere', () => {
    const pages = lessonPages();
    expect(pages.length).toBeGreaterThanOrEqual(25);
    for (const { page, html } of pages) {
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      for (const [, attributes, body] of scripts) {
        expect(attributes, `${page}: a script loaded from a file`).not.toMatch(/\bsrc=/);
        expect(body, `${page}: a script other than the quiz island`).toContain('quiz-form');
      }
      expect(scripts.length, page).toBeLessThanOrEqual(1);
      expect(
        Buffer.byteLength(scripts.map((s) => s[2]).join('')),
        `${page}: quiz island size`,
      ).toBeLessThan(4 * 1024);
    }
  });
});
