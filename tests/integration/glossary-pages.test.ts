import { describe, expect, it } from 'vitest';
import { loadGlossary, matchesCaseSensitively } from '../../src/glossary/glossary';
import { projectRoot } from '../../src/project-root';
import { builtFile, builtLessonPages } from '../support/built-site';

const glossaryLinks = (html: string) =>
  [...html.matchAll(/<a href="\/glossary#([^"]+)" class="glossary-term">([^<]*)<\/a>/g)].map(
    ([, slug, text]) => ({ slug: slug!, text: text! }),
  );

describe('the glossary', () => {
  const glossary = loadGlossary(projectRoot);
  const page = builtFile('glossary/index.html');

  it('lists every term alphabetically, each under its own anchor with the lesson that teaches it', () => {
    const anchors = [...page.matchAll(/<h3 id="([^"]+)"[^>]*>([^<]+)<\/h3>/g)].map(
      ([, id, text]) => ({
        id: id!,
        text: text!,
      }),
    );
    expect(anchors.map((a) => a.id).sort()).toEqual(glossary.map((e) => e.slug).sort());
    const shown = anchors.map((a) => a.text.toLowerCase());
    expect(shown).toEqual(
      [...shown].sort((a, b) => a.localeCompare(b, 'en', { ignorePunctuation: true })),
    );
    for (const entry of glossary) {
      const section = page.slice(page.indexOf(`id="${entry.slug}"`));
      const lessonLink = /<a href="(\/lessons\/[^"]+)">([^<]+)<\/a>/.exec(section);
      expect(lessonLink?.[1], entry.term).toBe(`/lessons/${entry.lesson}`);
    }
  });

  it('is linked from lesson prose, once per term per lesson, and every link lands on a term', () => {
    const anchors = new Set(glossary.map((e) => e.slug));
    const pages = builtLessonPages();
    let total = 0;
    for (const [lesson, html] of pages) {
      const links = glossaryLinks(html);
      total += links.length;
      for (const link of links)
        expect(anchors, `${lesson} links #${link.slug}`).toContain(link.slug);
      const slugs = links.map((l) => l.slug);
      expect(slugs, `${lesson} links a term twice`).toEqual([...new Set(slugs)]);
    }
    expect(total).toBeGreaterThan(pages.size * 3);
  });

  it('names, for every term, a lesson that uses the term or one of its other names', () => {
    const pages = builtLessonPages();
    const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'");
    const missing = glossary
      .filter((entry) => {
        const page = text(pages.get(entry.lesson) ?? '');
        return ![entry.term, ...entry.aliases].some((form) =>
          matchesCaseSensitively(form)
            ? page.includes(form)
            : page.toLowerCase().includes(form.toLowerCase()),
        );
      })
      .map((e) => `${e.term} (${e.lesson})`);
    expect(missing).toEqual([]);
  });

  it('leaves headings and code alone', () => {
    for (const [lesson, html] of builtLessonPages()) {
      expect(html, lesson).not.toMatch(/<(h[1-6])\b[^>]*>(?:(?!<\/\1>)[^])*glossary-term/);
      expect(html, lesson).not.toMatch(/<(code|pre)\b[^>]*>(?:(?!<\/\1>)[^])*glossary-term/);
    }
  });
});
