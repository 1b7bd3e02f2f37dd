import { describe, expect, it } from 'vitest';
import {
  alphabetical,
  checkGlossaryLessons,
  glossarySlug,
  loadGlossary,
  parseGlossary,
} from '../../src/glossary/glossary';
import { projectRoot } from '../../src/project-root';

const entry = (term: string, lesson: string, aliases: string[] = []) =>
  `- term: ${term}\n  aliases: [${aliases.join(', ')}]\n  lesson: ${lesson}\n  definition: A definition long enough to say something.\n`;

describe('the glossary file', () => {
  it('gives every term an anchor made from its name', () => {
    expect(glossarySlug('Backoff with jitter')).toBe('backoff-with-jitter');
    expect(glossarySlug("Conway's law")).toBe('conways-law');
    expect(glossarySlug('expand/contract migration')).toBe('expand-contract-migration');
  });

  it('fails the build, naming the term and the lesson, when a term points at a missing lesson', () => {
    const glossary = parseGlossary(
      entry('saga', 'design-patterns/saga') + entry('canary release', 'ci-cd/canaries'),
    );
    expect(() => checkGlossaryLessons(glossary, ['design-patterns/saga']))
      .toThrowErrorMatchingInlineSnapshot(`
      [Error: Fix these in content/glossary.yaml before building:
        glossary term "canary release": lesson "ci-cd/canaries" does not exist (no content/lessons/ci-cd/canaries.mdx)]
    `);
    expect(() =>
      checkGlossaryLessons(glossary, ['design-patterns/saga', 'ci-cd/canaries']),
    ).not.toThrow();
  });

  it('refuses a word listed under two terms, since a lesson could link only one of them', () => {
    expect(() =>
      parseGlossary(entry('saga', 'a/b', ['process']) + entry('orchestration', 'a/b', ['Process'])),
    ).toThrow('"Process" is listed under both "saga" and "orchestration"');
  });

  it('says which field is wrong', () => {
    expect(() => parseGlossary(entry('saga', 'saga'))).toThrow(
      'content/glossary.yaml → 0.lesson: a lesson id such as "design-patterns/saga"',
    );
  });

  it('lists the course glossary alphabetically, whatever the case of each term', () => {
    const terms = alphabetical(loadGlossary(projectRoot)).map((e) => e.term);
    expect(terms.length).toBeGreaterThanOrEqual(40);
    expect(terms.length).toBeLessThanOrEqual(60);
    const lower = terms.map((t) => t.toLowerCase());
    expect(lower).toEqual(
      [...lower].sort((a, b) => a.localeCompare(b, 'en', { ignorePunctuation: true })),
    );
  });
});
