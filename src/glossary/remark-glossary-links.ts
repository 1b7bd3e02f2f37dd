import type { Nodes, Parent, PhrasingContent, Root } from 'mdast';
import type { Plugin } from 'unified';
import { matchesCaseSensitively, type GlossaryEntry } from './glossary';

export interface GlossaryLinkOptions {
  entries: GlossaryEntry[];
  /** Only files whose path matches are linked (e.g. lessons, not lab steps); all when absent. */
  include?: RegExp;
}

/**
 * Where a term stays plain text: headings (a link would hijack the section
 * title), code, text that is already a link, raw HTML and MDX components.
 */
const SKIPPED = new Set([
  'heading',
  'link',
  'linkReference',
  'definition',
  'code',
  'inlineCode',
  'html',
  'mdxJsxFlowElement',
  'mdxJsxTextElement',
  'mdxFlowExpression',
  'mdxTextExpression',
  'mdxjsEsm',
]);

/** Class on every glossary link, styled in global.css and found by the tests. */
export const GLOSSARY_LINK_CLASS = 'glossary-term';

/**
 * Letters, digits, `_` and `-` belong to a word, and so does a `.` or `/`
 * joining two words: "SLO" is not found in "SLO-based", nor "secret" in
 * "secret.txt" or "stateless" in "/stateless".
 */
const NOT_AFTER = String.raw`(?<![\p{L}\p{N}_\-./@#])`;
const NOT_BEFORE = String.raw`(?![\p{L}\p{N}_\-]|[./][\p{L}\p{N}])`;

interface Form {
  entry: GlossaryEntry;
  pattern: RegExp;
}

function compileForms(entries: GlossaryEntry[]): Form[] {
  return entries.flatMap((entry) =>
    [entry.term, ...entry.aliases].map((form) => {
      const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
      const flags = matchesCaseSensitively(form) ? 'u' : 'iu';
      return { entry, pattern: new RegExp(`${NOT_AFTER}${escaped}${NOT_BEFORE}`, flags) };
    }),
  );
}

/**
 * Remark plugin: links the first occurrence of each glossary term in a
 * document's prose to `/glossary#<slug>`. Later occurrences stay plain text,
 * so a paragraph is never a wall of links. No title or ARIA description is
 * added: the link text already says what it is about.
 */
export const remarkGlossaryLinks: Plugin<[GlossaryLinkOptions], Root> = (options) => {
  const forms = compileForms(options.entries);
  return (tree, file) => {
    const filePath = file.path ?? file.history[0] ?? '';
    if (options.include && !options.include.test(filePath.replaceAll('\\', '/'))) return;
    const linked = new Set<string>();
    visit(tree, (text) => linkTerms(text, forms, linked));
  };
};

/** Calls `replace` on every text node outside the skipped kinds, splicing in what it returns. */
function visit(node: Nodes, replace: (text: string) => PhrasingContent[] | undefined): void {
  if (!('children' in node) || SKIPPED.has(node.type)) return;
  const out: Nodes[] = [];
  for (const child of node.children) {
    if (child.type === 'text') {
      out.push(...(replace(child.value) ?? [child]));
    } else {
      visit(child, replace);
      out.push(child);
    }
  }
  // Text only ever sits among phrasing content, where a link is allowed too.
  (node as Parent).children = out as Parent['children'];
}

/** Splits one text into text and link nodes; undefined when no term was found. */
function linkTerms(
  text: string,
  forms: Form[],
  linked: Set<string>,
): PhrasingContent[] | undefined {
  const nodes: PhrasingContent[] = [];
  let rest = text;
  for (;;) {
    const hit = earliestMatch(rest, forms, linked);
    if (!hit) break;
    linked.add(hit.entry.slug);
    if (hit.index > 0) nodes.push({ type: 'text', value: rest.slice(0, hit.index) });
    nodes.push({
      type: 'link',
      url: `/glossary#${hit.entry.slug}`,
      children: [{ type: 'text', value: hit.text }],
      data: { hProperties: { className: [GLOSSARY_LINK_CLASS] } },
    });
    rest = rest.slice(hit.index + hit.text.length);
  }
  if (nodes.length === 0) return undefined;
  if (rest) nodes.push({ type: 'text', value: rest });
  return nodes;
}

/** The first term in the text not yet linked; of two starting at once, the longer. */
function earliestMatch(
  text: string,
  forms: Form[],
  linked: Set<string>,
): { entry: GlossaryEntry; index: number; text: string } | undefined {
  let best: { entry: GlossaryEntry; index: number; text: string } | undefined;
  for (const { entry, pattern } of forms) {
    if (linked.has(entry.slug)) continue;
    const match = pattern.exec(text);
    if (!match) continue;
    const better =
      !best ||
      match.index < best.index ||
      (match.index === best.index && match[0].length > best.text.length);
    if (better) best = { entry, index: match.index, text: match[0] };
  }
  return best;
}
