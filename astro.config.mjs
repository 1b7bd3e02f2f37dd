// @ts-check
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

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

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  integrations: [mdx(), shipshapeDevServer()],
  server: { host: '127.0.0.1', port: 4321 },
  markdown: {
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  devToolbar: { enabled: false },
  // Astro's own check only covers form posts and, without allowedDomains, sees every
  // request as coming to http://localhost. src/middleware.ts checks every
  // state-changing request against the Host header or SHIPSHAPE_PUBLIC_ORIGIN instead.
  security: { checkOrigin: false },
});
