import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { expectedOrigin } from '../auth/same-origin';
import { PlatformError } from '../platform-error';
import { bridgeTerminal } from '../terminal/terminal-bridge';
import { MAX_MESSAGE_BYTES, initialSize } from '../terminal/terminal-protocol';
import type { Platform } from './platform';

const TERMINAL_PATH = /^\/api\/lab-sessions\/([a-f0-9]{16})\/terminal$/;

export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/**
 * Takes WebSocket upgrades for lab terminals. Who may attach is decided
 * before the upgrade: same Origin, a valid identity cookie, the session's
 * owner. Returns false for paths it does not serve, so other handlers
 * (Vite's HMR under `astro dev`) can take them.
 */
export function createTerminalUpgradeHandler(
  platform: Platform,
  log = console.log,
): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  return (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const match = TERMINAL_PATH.exec(url.pathname);
    if (!match) return false;
    const sessionId = match[1]!;
    const refuse = (status: number, reason: string): true => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return true;
    };
    // Browsers always send Origin on WebSocket upgrades: a missing one is refused too.
    const expected = expectedOrigin(req.headers.host, platform.config.publicOrigin);
    if (req.headers.origin !== expected) return refuse(403, 'Forbidden');
    const userId = platform.identity.recognise(req.headers.cookie);
    if (!userId) return refuse(401, 'Unauthorized');
    try {
      platform.sessions.get(userId, sessionId);
    } catch {
      return refuse(404, 'Not Found');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      platform.sessions
        .openTerminal(userId, sessionId, initialSize(url.searchParams))
        .then((shell) => bridgeTerminal(ws, shell, log))
        .catch((error: unknown) => {
          const message = PlatformError.is(error) ? error.message : 'the terminal could not start';
          log(`terminal ${sessionId}: ${(error as Error).message}`);
          ws.close(1011, message.slice(0, 120));
        });
    });
    return true;
  };
}
