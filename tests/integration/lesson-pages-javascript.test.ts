import { describe, expect, it } from 'vitest';
import { builtLessonPages } from '../support/built-site';

/**
 * The islands a lesson page may carry, each known by the custom element it
 * defines. The header's search box is a plain form and needs none.
 */
const ISLANDS = ['quiz-form', 'site-search'];

describe('built lesson pages', () => {
  it('ship no JavaScript but the quiz and search islands, and nothing loaded from elsewhere', () => {
    const pages = [...builtLessonPages()].map(([id, html]) => ({ page: `${id}/index.html`, html }));
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
