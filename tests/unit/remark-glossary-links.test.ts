import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';
import { parseGlossary } from '../../src/glossary/glossary';
import { remarkGlossaryLinks } from '../../src/glossary/remark-glossary-links';

const glossary = parseGlossary(`
- term: circuit breaker
  aliases: [circuit breakers]
  lesson: design-patterns/circuit-breaker
  definition: Stops calling a failing dependency for a while.
- term: SLO
  aliases: [SLOs]
  lesson: observability/grafana-dashboards-and-slos
  definition: The target a service level indicator should meet.
- term: idempotency key
  aliases: [idempotency keys]
  lesson: design-patterns/resilient-calls
  definition: A value that makes a repeated request act only once.
- term: idempotent consumer
  lesson: design-patterns/saga
  definition: A message handler that ignores messages it has already processed.
- term: retry
  lesson: design-patterns/resilient-calls
  definition: Sending a failed request again after a pause.
- term: retry budget
  lesson: design-patterns/resilient-calls
  definition: A cap on retries as a share of ordinary requests.
`);

/** Renders Markdown the way Astro renders a lesson, with the glossary plugin. */
async function render(markdown: string, include?: RegExp): Promise<string> {
  const processor = await createMarkdownProcessor({
    remarkPlugins: [[remarkGlossaryLinks, { entries: glossary, ...(include ? { include } : {}) }]],
    syntaxHighlight: false,
  });
  return (await processor.render(markdown)).code;
}

const links = (html: string): string[] =>
  [...html.matchAll(/<a href="(\/glossary#[^"]+)" class="glossary-term">([^<]*)<\/a>/g)].map(
    ([, href, text]) => `${text} → ${href}`,
  );

describe('glossary links in a lesson', () => {
  it('link the first occurrence of each term and leave the later ones as text', async () => {
    const html = await render(
      'A circuit breaker fails fast. Every circuit breaker has three states.\n\n' +
        'Circuit breakers again, and an idempotency key.',
    );
    expect(links(html)).toEqual([
      'circuit breaker → /glossary#circuit-breaker',
      'idempotency key → /glossary#idempotency-key',
    ]);
    expect(html).toContain('Every circuit breaker has three states');
  });

  it('find a term in any case and in its listed plural, keeping the words as written', async () => {
    expect(links(await render('Circuit Breakers protect callers.'))).toEqual([
      'Circuit Breakers → /glossary#circuit-breaker',
    ]);
  });

  it('match an acronym only as written, and never inside a longer word', async () => {
    const html = await render('Slow responses, a slog, SLO-based paging; then the SLOs we keep.');
    expect(links(html)).toEqual(['SLOs → /glossary#slo']);
  });

  it('never link inside headings, code, code blocks or existing links', async () => {
    const html = await render(
      [
        '## Why a circuit breaker',
        '',
        'Call `circuit breaker` here, or read [the circuit breaker lesson](/lessons/x).',
        '',
        '```python',
        '# a circuit breaker in code',
        '```',
        '',
        'Prose finally names the circuit breaker.',
      ].join('\n'),
    );
    expect(links(html)).toEqual(['circuit breaker → /glossary#circuit-breaker']);
    expect(html).toMatch(/<h2 id="[^"]*">Why a circuit breaker<\/h2>/);
    expect(html).toContain('<code>circuit breaker</code>');
    expect(html).toContain('<a href="/lessons/x">the circuit breaker lesson</a>');
    expect(html).toMatch(/Prose finally names the <a href="\/glossary#circuit-breaker"/);
  });

  it('link terms inside emphasis, lists and tables too', async () => {
    const html = await render(
      '- **idempotency keys** matter\n\n| a | b |\n| - | - |\n| one SLO | x |\n',
    );
    expect(links(html)).toEqual([
      'idempotency keys → /glossary#idempotency-key',
      'SLO → /glossary#slo',
    ]);
  });

  it('prefer the longer of two terms that start at the same word', async () => {
    const html = await render('A retry budget limits how often a client may retry.');
    expect(links(html)).toEqual([
      'retry budget → /glossary#retry-budget',
      'retry → /glossary#retry',
    ]);
  });

  it('add no title or ARIA description: the link text says what it is', async () => {
    const html = await render('One circuit breaker.');
    expect(html).toContain(
      '<a href="/glossary#circuit-breaker" class="glossary-term">circuit breaker</a>',
    );
    expect(html).not.toMatch(/title=|aria-/);
  });

  it('leave files outside `include` untouched (lab steps are not lessons)', async () => {
    // The Markdown processor renders without a file path, which `include` never matches.
    expect(links(await render('A circuit breaker.', /\/content\/lessons\//))).toEqual([]);
  });
});
