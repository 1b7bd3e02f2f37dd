import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { expectedOrigin } from '../auth/same-origin';
import { bridgeTerminal } from '../terminal/terminal-bridge';
import { MAX_MESSAGE_BYTES, initialSize } from '../terminal/terminal-protocol';
import type { Platform } from './platform';

const TERMINAL_PATH = /^\/api\/lab-sessions\/([a-f0-9]{16})\/terminal$/;

export interface TerminalUpgrades {
  /** Takes the upgrade if it is a terminal's; false leaves it to others. */
  handle(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Ends every open terminal (shells live on in tmux): an HTTP server's close() does not. */
  closeAll(): void;
}

/**
 * Takes WebSocket upgrades for lab terminals. Who may attach is decided
 * before the upgrade: same Origin, a valid identity cookie, the session's
 * owner. Returns false for paths it does not serve, so other handlers
 * (Vite's HMR under `astro dev`) can take them.
 */
export function createTerminalUpgradeHandler(
  platform: Platform,
  log = console.log,
): TerminalUpgrades {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const handle: TerminalUpgrades['handle'] = (req, socket, head) => {
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
      const shell = platform.sessions.openTerminal(
        userId,
        sessionId,
        initialSize(url.searchParams),
      );
      bridgeTerminal(
        ws,
        shell,
        (line) => log(`[${sessionId}] ${line}`),
        () => platform.sessions.touch(sessionId),
      );
    });
    return true;
  };
  return {
    handle,
    closeAll: () => wss.clients.forEach((ws) => ws.close(1001, 'server shutting down')),
  };
}
