import { gzipSync } from 'node:zlib';

export interface Bytes {
  raw: number;
  /** The same bytes gzip-compressed (zlib's default level 6, as most servers use). */
  gzip: number;
}

export interface PageWeight {
  path: string;
  /** The document itself, its inline <style> and <script> included. */
  html: Bytes;
  /** Of the document: bytes inside inline <style> and <script> elements. */
  inlineCss: number;
  inlineJs: number;
  /** Stylesheets and scripts it loads, each counted once. */
  css: Bytes;
  js: Bytes;
  /** Scripts only loaded by a dynamic import(), not at page load. */
  lazyJs: Bytes;
  assets: string[];
}

const sizes = (body: Buffer): Bytes => ({ raw: body.length, gzip: gzipSync(body).length });
const add = (a: Bytes, b: Bytes): Bytes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip });
const NONE: Bytes = { raw: 0, gzip: 0 };

/** Attributes of one start tag: `<link rel="stylesheet" href=/a.css>` → {rel, href}. */
function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, , dq, sq, bare] of tag.matchAll(
    /([\w:-]+)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g,
  )) {
    found[name!.toLowerCase()] = dq ?? sq ?? bare ?? '';
  }
  return found;
}

/** What a page's HTML makes the browser fetch as CSS or JS at load. */
export function referencedAssets(html: string): { css: string[]; js: string[] } {
  const css: string[] = [];
  const js: string[] = [];
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const a = attributes(tag.slice(5));
    const rel = (a['rel'] ?? '').toLowerCase().split(/\s+/);
    if (!a['href']) continue;
    if (rel.includes('stylesheet') || (rel.includes('preload') && a['as'] === 'style'))
      css.push(a['href']);
    else if (rel.includes('modulepreload') || (rel.includes('preload') && a['as'] === 'script'))
      js.push(a['href']);
  }
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attributes(tag.slice(7))['src'];
    if (src) js.push(src);
  }
  return { css, js };
}

/** Inline <style> bytes, and the bodies of inline (no src) <script> elements. */
function inlineCode(html: string): { cssBytes: number; scripts: string[] } {
  let cssBytes = 0;
  for (const [, body] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi))
    cssBytes += Buffer.byteLength(body!);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attrs]) => !attributes(attrs!)['src'])
    .map(([, , body]) => body!);
  return { cssBytes, scripts };
}

/** Modules a script imports: static ones load with it, dynamic ones only when called. */
function jsImports(source: string): { static: string[]; dynamic: string[] } {
  const specifier = String.raw`["']((?:\.{1,2}\/|\/)[^"']+)["']`;
  return {
    static: [...source.matchAll(new RegExp(String.raw`\b(?:import|from)\s*${specifier}`, 'g'))].map(
      (m) => m[1]!,
    ),
    dynamic: [...source.matchAll(new RegExp(String.raw`\bimport\(\s*${specifier}\s*\)`, 'g'))].map(
      (m) => m[1]!,
    ),
  };
}

/**
 * Weighs pages as a browser with an empty cache loads them from the server:
 * the HTML, then each stylesheet and script it references (and the modules
 * those scripts import) once per page. One instance caches asset bodies
 * across pages, so shared assets are fetched once.
 */
export class PageWeigher {
  private readonly bodies = new Map<string, Promise<Buffer>>();

  constructor(private readonly baseUrl: string) {}

  private fetchBody(url: string): Promise<Buffer> {
    let body = this.bodies.get(url);
    if (!body) {
      body = fetch(url).then(async (res) => {
        if (!res.ok) throw new Error(`GET ${url} → ${res.status}`);
        return Buffer.from(await res.arrayBuffer());
      });
      this.bodies.set(url, body);
    }
    return body;
  }

  /** GET status of a page, to learn whether an optional page exists. */
  async status(pagePath: string): Promise<number> {
    const res = await fetch(new URL(pagePath, this.baseUrl));
    await res.body?.cancel();
    return res.status;
  }

  async html(pagePath: string): Promise<string> {
    return (await this.fetchBody(new URL(pagePath, this.baseUrl).href)).toString('utf8');
  }

  async weigh(pagePath: string): Promise<PageWeight> {
    const pageUrl = new URL(pagePath, this.baseUrl);
    const document = await this.fetchBody(pageUrl.href);
    const html = document.toString('utf8');
    const refs = referencedAssets(html);
    const seen = new Set<string>();
    const resolve = (ref: string, base: URL | string) => new URL(ref, base).href;

    let css = NONE;
    for (const href of refs.css.map((r) => resolve(r, pageUrl))) {
      if (seen.has(href)) continue;
      seen.add(href);
      css = add(css, sizes(await this.fetchBody(href)));
    }
    let js = NONE;
    const inline = inlineCode(html);
    const lazy: string[] = [];
    const queue = refs.js.map((r) => resolve(r, pageUrl));
    // An inline module script may import files too (e.g. a search island loading its index code).
    for (const body of inline.scripts) {
      const imports = jsImports(body);
      queue.push(...imports.static.map((i) => resolve(i, pageUrl)));
      lazy.push(...imports.dynamic.map((i) => resolve(i, pageUrl)));
    }
    while (queue.length) {
      const src = queue.shift()!;
      if (seen.has(src)) continue;
      seen.add(src);
      const body = await this.fetchBody(src);
      js = add(js, sizes(body));
      const imports = jsImports(body.toString('utf8'));
      queue.push(...imports.static.map((i) => resolve(i, src)));
      lazy.push(...imports.dynamic.map((i) => resolve(i, src)));
    }
    let lazyJs = NONE;
    for (const src of new Set(lazy)) {
      if (seen.has(src)) continue;
      seen.add(src);
      lazyJs = add(lazyJs, sizes(await this.fetchBody(src)));
    }
    return {
      path: pagePath,
      html: sizes(document),
      inlineCss: inline.cssBytes,
      inlineJs: inline.scripts.reduce((n, body) => n + Buffer.byteLength(body), 0),
      css,
      js,
      lazyJs,
      assets: [...seen],
    };
  }
}
