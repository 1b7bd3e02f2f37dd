import { describe, expect, it } from 'vitest';
import { LESSON_DIAGRAMS } from '../support/lesson-diagrams';
import { builtPage } from '../support/built-site';

/** Text as a reader gets it: entities decoded, whitespace collapsed. */
function plain(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** The page's figures drawn as diagrams, with the parts a reader and a screen reader get. */
function diagramsOn(html: string) {
  return [...html.matchAll(/<figure class="diagram"[^>]*>([\s\S]*?)<\/figure>/g)].map(
    ([figure, inner]) => {
      const svgTag = /<svg\b[^>]*>/.exec(inner!)?.[0] ?? '';
      const byId = (id: string | undefined) =>
        id ? new RegExp(`<(title|desc) id="${id}">([\\s\\S]*?)</\\1>`).exec(inner!) : null;
      const title = byId(attribute(svgTag, 'aria-labelledby'));
      const desc = byId(attribute(svgTag, 'aria-describedby'));
      return {
        html: figure,
        svgTag,
        title: title?.[1] === 'title' ? plain(title[2]!) : '',
        desc: desc?.[1] === 'desc' ? plain(desc[2]!) : '',
        caption: plain(/<figcaption>([\s\S]*?)<\/figcaption>/.exec(inner!)?.[1] ?? ''),
        labels: [...inner!.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map(([, t]) => plain(t!)),
      };
    },
  );
}

describe('diagrams in the built lessons', () => {
  for (const expected of LESSON_DIAGRAMS) {
    describe(expected.lesson, () => {
      const html = builtPage(`/lessons/${expected.lesson}`);
      const diagrams = diagramsOn(html);

      it('shows its diagram as an image with a name, a description and a caption', () => {
        expect(diagrams.map((d) => d.title)).toEqual([expected.title]);
        const [diagram] = diagrams;
        expect(attribute(diagram!.svgTag, 'role')).toBe('img');
        expect(diagram!.caption.length).toBeGreaterThan(40);
      });

      it('says in words everything the picture shows', () => {
        const { desc } = diagrams[0]!;
        for (const fact of expected.describes)
          expect(desc, `the description says "${fact}"`).toContain(fact);
      });

      it('draws its words as real text that scales with the picture, and runs no script', () => {
        const diagram = diagrams[0]!;
        for (const label of expected.labels) expect(diagram.labels).toContain(label);
        expect(attribute(diagram.svgTag, 'viewBox')).toMatch(/^0 0 \d+ \d+$/);
        expect(
          attribute(diagram.svgTag, 'width'),
          'a fixed width would not shrink on a phone',
        ).toBeUndefined();
        expect(diagram.html).not.toMatch(/<script\b|\son[a-z]+=|<foreignObject\b|<image\b|<img\b/i);
      });

      it('keeps every id on the page unique, and every reference finds its target', () => {
        const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map(([, id]) => id!);
        expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
        const diagram = diagrams[0]!;
        const references = [
          attribute(diagram.svgTag, 'aria-labelledby'),
          attribute(diagram.svgTag, 'aria-describedby'),
          ...[...diagram.html.matchAll(/url\(#([^)]+)\)/g)].map(([, id]) => id),
        ];
        expect(references.length).toBeGreaterThanOrEqual(2);
        for (const id of references) expect(ids, `#${id}`).toContain(id);
      });
    });
  }
});
