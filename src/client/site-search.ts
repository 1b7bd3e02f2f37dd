/** The parts of Pagefind's browser API (/pagefind/pagefind.js) this island uses. */
interface Pagefind {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  search(query: string): Promise<{ results: Array<{ data(): Promise<PageHit> }> } | null>;
}

interface PageHit {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: Array<{ title: string; url: string; excerpt: string }>;
}

interface ShownHit {
  title: string;
  url: string;
  excerpt: string;
}

/** Built with the site into dist/client/pagefind/; a variable, so Vite leaves the import to the browser. */
const PAGEFIND_URL = '/pagefind/pagefind.js';
const GLOSSARY_URL = '/glossary';
const MAX_SHOWN = 12;
const TYPING_PAUSE_MS = 150;
const RETRY_AFTER_MS = 250;

let loading: Promise<Pagefind> | undefined;

function loadPagefind(): Promise<Pagefind> {
  loading ??= import(/* @vite-ignore */ PAGEFIND_URL).then(
    async (module: Pagefind) => {
      await module.options({ excerptLength: 24 });
      return module;
    },
    (error: unknown) => {
      loading = undefined; // a later search tries again
      throw error;
    },
  );
  return loading;
}

async function findHits(query: string): Promise<ShownHit[]> {
  const pagefind = await loadPagefind();
  const found = await pagefind.search(query);
  const pages = await Promise.all((found?.results ?? []).slice(0, MAX_SHOWN).map((r) => r.data()));
  return pages.flatMap(hitsOf).slice(0, MAX_SHOWN);
}

/** Pagefind's `/lessons/x/` → the site's own `/lessons/x`, fragment kept. */
const siteUrl = (url: string): string => url.replace(/\/(?=#|$)/, '') || '/';

/**
 * A lesson is one hit; the glossary page is split into the terms that matched,
 * each linking to its own anchor, since "Glossary" alone would not say which.
 */
function hitsOf(page: PageHit): ShownHit[] {
  const url = siteUrl(page.url);
  if (url === GLOSSARY_URL) {
    return (page.sub_results ?? [])
      .filter(
        (sub) => siteUrl(sub.url).startsWith(`${GLOSSARY_URL}#`) && !/^[A-Z]$/.test(sub.title),
      )
      .slice(0, 3)
      .map((sub) => ({
        title: `Glossary: ${sub.title}`,
        url: siteUrl(sub.url),
        excerpt: sub.excerpt,
      }));
  }
  return [{ title: page.meta.title ?? url, url, excerpt: page.excerpt }];
}

/**
 * Pagefind's excerpt is HTML with <mark> around the matched words. It is
 * parsed in an inert template and only its text and marks are copied, so no
 * other markup from the index ever reaches the page.
 */
function excerptNodes(html: string): Node[] {
  const template = document.createElement('template');
  template.innerHTML = html;
  return [...template.content.childNodes].map((node) => {
    if (node.nodeName !== 'MARK') return document.createTextNode(node.textContent ?? '');
    const mark = document.createElement('mark');
    mark.textContent = node.textContent;
    return mark;
  });
}

/** <site-search>: the search page's island. */
class SiteSearch extends HTMLElement {
  private latest = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  connectedCallback(): void {
    const form = this.querySelector('form')!;
    const input = this.querySelector<HTMLInputElement>('input[name="q"]')!;
    const query = new URLSearchParams(location.search).get('q') ?? '';
    input.value = query;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.show(input.value);
    });
    input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.show(input.value), TYPING_PAUSE_MS);
    });
    if (query.trim()) void this.show(query);
    else input.focus();
  }

  private async show(rawQuery: string): Promise<void> {
    const query = rawQuery.trim();
    const run = ++this.latest;
    const status = this.querySelector<HTMLElement>('[data-testid="search-status"]')!;
    const list = this.querySelector<HTMLOListElement>('.search-results')!;
    // The address says what is shown, so a reload or a shared link shows it again.
    history.replaceState(null, '', query ? `?q=${encodeURIComponent(query)}` : location.pathname);
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = 'Searching…';
    let hits: ShownHit[];
    try {
      hits = await findHits(query).catch(async () => {
        // A fetch of an index file can drop (Chromium aborts requests in flight when the
        // machine's network changes): the same search once more usually goes through.
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
        return findHits(query);
      });
    } catch (error) {
      if (run !== this.latest) return;
      console.error('search failed', error);
      status.textContent = 'Search is unavailable: the search index could not be loaded.';
      return;
    }
    if (run !== this.latest) return; // a newer query has been typed meanwhile
    list.replaceChildren(
      ...hits.map((hit) => {
        const item = document.createElement('li');
        item.className = 'search-result';
        const link = document.createElement('a');
        link.href = hit.url;
        link.textContent = hit.title;
        const excerpt = document.createElement('p');
        excerpt.append(...excerptNodes(hit.excerpt));
        item.append(link, excerpt);
        return item;
      }),
    );
    status.textContent =
      hits.length === 0
        ? `Nothing found for “${query}”. Try another word, or browse the glossary.`
        : `${hits.length === 1 ? '1 result' : `${hits.length} results`} for “${query}”`;
  }
}

export function defineSiteSearch(): void {
  if (!customElements.get('site-search')) customElements.define('site-search', SiteSearch);
}
