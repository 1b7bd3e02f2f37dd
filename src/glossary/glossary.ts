import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const Entry = z.object({
  /**
   * The name shown on /glossary and matched in lessons. Lower case unless it
   * is an acronym or a name: see `matchesCaseSensitively`.
   */
  term: z.string().min(1),
  /** Other names and plural forms, also linked when they appear in a lesson. */
  aliases: z.array(z.string().min(1)).default([]),
  /** The lesson that teaches the term: its id, `<module>/<slug>`. */
  lesson: z
    .string()
    .regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'a lesson id such as "design-patterns/saga"'),
  definition: z.string().min(20, 'a definition of a sentence or two'),
});

const GlossarySchema = z.array(Entry).min(1);

export interface GlossaryEntry extends z.infer<typeof Entry> {
  /** The anchor on /glossary: `/glossary#<slug>`. */
  slug: string;
}

/** `Backoff with jitter` → `backoff-with-jitter`; `Conway's law` → `conways-law`. */
export function glossarySlug(term: string): string {
  return term
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A form written all in lower case is matched whatever its case in the text
 * ("circuit breaker" also finds "Circuit breaker" at the start of a sentence);
 * a form with capitals (SLO, OpenAPI, Docker Compose) is matched only as
 * written, so "SLO" never links the "slo" in a word and "Compose" never links
 * the verb.
 */
export function matchesCaseSensitively(form: string): boolean {
  return form !== form.toLowerCase();
}

/** Parses and checks the glossary's YAML text; `file` names it in error messages. */
export function parseGlossary(text: string, file = 'content/glossary.yaml'): GlossaryEntry[] {
  const parsed = GlossarySchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file} → ${issue.path.join('.')}: ${issue.message}`);
  }
  const entries = parsed.data.map((e) => ({ ...e, slug: glossarySlug(e.term) }));
  const seenSlugs = new Map<string, string>();
  const seenForms = new Map<string, string>();
  for (const entry of entries) {
    const clash = seenSlugs.get(entry.slug);
    if (clash)
      throw new Error(`${file}: "${entry.term}" and "${clash}" share the anchor #${entry.slug}`);
    seenSlugs.set(entry.slug, entry.term);
    for (const form of [entry.term, ...entry.aliases]) {
      const key = form.toLowerCase();
      const owner = seenForms.get(key);
      if (owner && owner !== entry.term) {
        throw new Error(`${file}: "${form}" is listed under both "${owner}" and "${entry.term}"`);
      }
      seenForms.set(key, entry.term);
    }
  }
  return entries;
}

/** content/glossary.yaml, read at build time from the project root. */
export function loadGlossary(root = process.cwd()): GlossaryEntry[] {
  const file = path.join(root, 'content', 'glossary.yaml');
  return parseGlossary(fs.readFileSync(file, 'utf8'));
}

/**
 * Fails the build, naming each term, when a glossary entry points at a lesson
 * that does not exist (a typo, or a lesson renamed or removed).
 */
export function checkGlossaryLessons(entries: GlossaryEntry[], lessonIds: Iterable<string>): void {
  const known = new Set(lessonIds);
  const problems = entries
    .filter((e) => !known.has(e.lesson))
    .map(
      (e) =>
        `glossary term "${e.term}": lesson "${e.lesson}" does not exist (no content/lessons/${e.lesson}.mdx)`,
    );
  if (problems.length) {
    throw new Error(
      `Fix these in content/glossary.yaml before building:\n  ${problems.join('\n  ')}`,
    );
  }
}

/** Entries in the order a reader looks them up: alphabetical, ignoring case. */
export function alphabetical(entries: GlossaryEntry[]): GlossaryEntry[] {
  return [...entries].sort((a, b) =>
    a.term.localeCompare(b.term, 'en', { sensitivity: 'base', ignorePunctuation: true }),
  );
}
