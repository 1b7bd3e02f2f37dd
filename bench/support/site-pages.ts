import fs from 'node:fs';
import path from 'node:path';

/**
 * Every page of a built project at `root`, by URL path: the prerendered files
 * in dist/client, the .astro routes without a parameter (rendered on request,
 * e.g. `/`), and one lab page per labs/<id>/lab.yaml.
 */
export function sitePages(root: string): string[] {
  const labs = fs
    .readdirSync(path.join(root, 'labs'))
    .filter((lab) => fs.existsSync(path.join(root, 'labs', lab, 'lab.yaml')))
    .map((lab) => `/labs/${lab}`);
  return [
    ...new Set([
      ...fixedRoutes(path.join(root, 'src', 'pages')),
      ...prerenderedPages(path.join(root, 'dist', 'client')),
      ...labs,
    ]),
  ];
}

/** `lessons/a/b/index.html` → `/lessons/a/b`; Astro's assets and the search index are not pages. */
function prerenderedPages(clientDir: string): string[] {
  return fs
    .readdirSync(clientDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html') && !f.startsWith('_astro') && !f.startsWith('pagefind'))
    .map((f) => `/${f.replace(/(^|\/)index\.html$/, '').replace(/\.html$/, '')}`)
    .sort();
}

/** `index.astro` → `/`, `search.astro` → `/search`; `[id].astro` needs a parameter and is skipped. */
function fixedRoutes(pagesDir: string): string[] {
  return fs
    .readdirSync(pagesDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.astro') && !f.includes('['))
    .map((f) => `/${f.replace(/\.astro$/, '').replace(/(^|\/)index$/, '')}`);
}

/** `/` is the course outline, `/lessons/…` a lesson, `/labs/…` a lab page, else its first segment. */
export function pageType(pagePath: string): string {
  const first = pagePath.split('/')[1] ?? '';
  if (first === '') return 'home (outline)';
  if (first === 'lessons') return 'lesson';
  if (first === 'labs') return 'lab page';
  return first;
}

/** Table order: the outline, lessons, lab pages, then the other types by name. */
export function byPageType(a: string, b: string): number {
  const known = ['home (outline)', 'lesson', 'lab page'];
  const rank = (type: string) => (known.includes(type) ? String(known.indexOf(type)) : `9${type}`);
  return rank(a).localeCompare(rank(b));
}
