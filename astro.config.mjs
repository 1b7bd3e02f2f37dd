// @ts-check
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import { loadGlossary } from './src/glossary/glossary.ts';
import { remarkGlossaryLinks } from './src/glossary/remark-glossary-links.ts';
import { buildSearchIndex } from './src/search/build-search-index.ts';
import { rehypeTaskListLabels } from './src/markdown/rehype-task-list-labels.ts';
import { rehypeScrollableTables } from './src/markdown/rehype-scrollable-tables.ts';

/**
 * Under `astro dev`, gives the dev server what the production server has: the
 * platform services and the terminal WebSocket route on the same port. The
 * TypeScript is imported lazily, so `astro build` never loads it.
 * @returns {import('astro').AstroIntegration}
 */
function shipshapeDevServer() {
  return {
    name: 'shipshape-dev-server',
    hooks: {
      'astro:server:setup': async ({ server, logger }) => {
        const { attachDevPlatform } = await import('./src/server/dev-platform.ts').catch(
          (error) => {
            throw new Error(
              `Start the dev server with \`npm run dev\` (it loads TypeScript through tsx): ${error.message}`,
            );
          },
        );
        attachDevPlatform(server.httpServer, (line) => logger.info(line));
      },
    },
  };
}

/**
 * After the pages are built, indexes the lessons and the glossary with Pagefind
 * into dist/client/pagefind/, which the static file handler serves: search runs
 * in the browser against these files, with no service and no network.
 * @returns {import('astro').AstroIntegration}
 */
function shipshapeSearchIndex() {
  return {
    name: 'shipshape-search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { pages } = await buildSearchIndex(fileURLToPath(dir));
        logger.info(`search index: ${pages} pages indexed into pagefind/`);
      },
    },
  };
}

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  integrations: [mdx(), shipshapeDevServer(), shipshapeSearchIndex()],
  server: { host: '127.0.0.1', port: 4321 },
  markdown: {
    // Lessons only: lab steps sit beside a terminal, where a link away would lose the learner's place.
    remarkPlugins: [
      [remarkGlossaryLinks, { entries: loadGlossary(), include: /\/content\/lessons\// }],
    ],
    rehypePlugins: [rehypeTaskListLabels, rehypeScrollableTables],
    // The "default" GitHub themes: every token meets WCAG AA contrast on its background.
    shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' } },
  },
  devToolbar: { enabled: false },
  // Astro's own check only covers form posts and, without allowedDomains, sees every
  // request as coming to http://localhost. src/middleware.ts checks every
  // state-changing request against the Host header or SHIPSHAPE_PUBLIC_ORIGIN instead.
  security: { checkOrigin: false },
});
