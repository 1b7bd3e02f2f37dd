import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config';
import { PlatformError } from '../platform-error';
import { projectRoot } from '../project-root';
import { createHttpServer, type AstroHandler } from './http-server';
import { createPlatform, type Platform } from './platform';
import { registerPlatform } from './platform-registry';

export const DIST_DIR = path.join(projectRoot, 'dist');

export interface RunningServer {
  url: string;
  server: http.Server;
  platform: Platform;
  close(): Promise<void>;
}

/** Serves the built site (dist/) with the platform's services; resolves once listening. */
export async function startServer(config: Config, log = console.log): Promise<RunningServer> {
  const entry = path.join(DIST_DIR, 'server', 'entry.mjs');
  if (!fs.existsSync(entry)) {
    throw new PlatformError(
      'config-invalid',
      'The site is not built (dist/server/entry.mjs is missing).',
      {
        action: 'Run `npm start` (it builds the site) or `npm run build`.',
      },
    );
  }
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  const platform = createPlatform(config);
  // Requests reach pages with the platform in `locals`, but Astro renders its
  // error pages (404, 500) without them: those find it here.
  registerPlatform(platform);
  for (const problem of platform.catalog.problems) log(`lab skipped: ${problem.message}`);

  const engine = await platform.sessions.engineStatus();
  if (engine.ok) {
    log(`Docker engine ${engine.version}`);
    await platform.startHousekeeping(log);
  } else {
    log(`No Docker engine: ${engine.message} Lessons are served; labs cannot start.`);
    if (engine.action) log(`  To fix: ${engine.action}`);
  }

  const { server, closeTerminals } = createHttpServer(
    platform,
    handler,
    path.join(DIST_DIR, 'client'),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const url = `http://${host}:${port}`;
  return {
    url,
    server,
    platform,
    close: async () => {
      closeTerminals();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      platform.close();
    },
  };
}
