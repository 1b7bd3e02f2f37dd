import http from 'node:http';
import { trustedClientAddress } from './client-address';
import { recordLessonRead } from '../progress/record-lesson-read';
import type { Platform } from './platform';
import { createStaticHandler } from './static-files';
import { createTerminalUpgradeHandler } from './terminal-upgrade';
import { createWatchUpgradeHandler } from '../instructor/watch-upgrade';

/** @astrojs/node's middleware-mode handler. */
export type AstroHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  next: undefined,
  locals: App.Locals,
) => Promise<void>;

/**
 * One server for everything: prerendered files, Astro's pages and API, and
 * the terminal WebSockets on the same port.
 */
export function createHttpServer(
  platform: Platform,
  astro: AstroHandler,
  clientDir: string,
): { server: http.Server; closeTerminals: () => void } {
  const serveStatic = createStaticHandler(clientDir);
  const upgrade = createTerminalUpgradeHandler(platform);
  const watch = createWatchUpgradeHandler(platform);
  const behindProxy = platform.config.publicOrigin !== undefined;
  const server = http.createServer((req, res) => {
    // Astro's clientAddress believes the first X-Forwarded-For entry, which any
    // client can write: sign-in rate limits must see the address we trust.
    req.headers['x-forwarded-for'] = trustedClientAddress(req, behindProxy);
    // Every visitor gets an identity first, whatever they asked for.
    const identity = platform.identity.resolve(req.headers.cookie);
    if (identity.setCookie) res.setHeader('set-cookie', identity.setCookie);
    if (serveStatic(req, res)) {
      recordLessonRead(platform.store, identity.userId, req);
      return;
    }
    void astro(req, res, undefined, { platform, userId: identity.userId });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!upgrade.handle(req, socket, head) && !watch.handle(req, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });
  const closeTerminals = (): void => {
    upgrade.closeAll();
    watch.closeAll();
  };
  return { server, closeTerminals };
}
