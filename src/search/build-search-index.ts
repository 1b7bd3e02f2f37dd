import fs from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';

/** Where the index goes inside the client build: served as /pagefind/… by the static handler. */
export const SEARCH_INDEX_DIR = 'pagefind';

/** What is searchable: the lessons and the glossary, nothing else the site serves. */
const SEARCHED_PAGES = '{lessons/**/index.html,glossary/index.html}';

/**
 * Parts of a searched page that are chrome, not teaching: the quiz (its
 * choices would match searches for wrong answers), the previous/next links
 * (every lesson would match its neighbours' titles), the lab button and the
 * lesson's module and minutes line. Pages mark their teaching text with
 * data-pagefind-body; these are left out even inside it.
 */
const NOT_INDEXED = [
  'quiz-form',
  '.lesson-nav',
  '[data-testid="start-lab-link"]',
  '.prose > p.meta',
];

/**
 * Indexes the built pages under `clientDir` with Pagefind (its binary comes
 * from the npm package @pagefind/<platform>; nothing is downloaded) and writes
 * the index to `clientDir/pagefind`, replacing any earlier one. Fails, saying
 * why, if Pagefind reports an error or finds no page to index.
 */
export async function buildSearchIndex(clientDir: string): Promise<{ pages: number }> {
  const outputPath = path.join(clientDir, SEARCH_INDEX_DIR);
  fs.rmSync(outputPath, { recursive: true, force: true });
  const created = await pagefind.createIndex({
    excludeSelectors: NOT_INDEXED,
    forceLanguage: 'en',
  });
  try {
    if (!created.index) throw new Error(`Pagefind could not start: ${created.errors.join('; ')}`);
    const added = await created.index.addDirectory({ path: clientDir, glob: SEARCHED_PAGES });
    if (added.errors.length) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
    if (added.page_count === 0) {
      throw new Error(`Pagefind found no lesson or glossary page to index under ${clientDir}`);
    }
    const written = await created.index.writeFiles({ outputPath });
    if (written.errors.length) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
