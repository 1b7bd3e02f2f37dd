import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { expectedOrigin } from '../auth/same-origin';
import type { ShellProcess } from '../sandbox/sandbox-driver';
import { CLOSE } from '../terminal/protocol-constants';
import { bridgeTerminal } from '../terminal/terminal-bridge';
import { MAX_MESSAGE_BYTES, initialSize, tabName } from '../terminal/terminal-protocol';
import type { Platform } from './platform';

const ROUTE = /^\/api\/lab-sessions\/([a-f0-9]{16})\/(terminal|logs)$/;
/** A peer that has not answered a ping within two of these is gone (laptop lid closed, network lost). */
const HEARTBEAT_MS = 20_000;

export interface TerminalUpgrades {
  /** Takes the upgrade if it is a terminal's; false leaves it to others. */
  handle(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Ends every open terminal (shells live on in tmux): an HTTP server's close() does not. */
  closeAll(): void;
}

/**
 * Takes WebSocket upgrades for lab terminals (`…/terminal?tab=&cols=&rows=`)
 * and service logs (`…/logs?service=`). Who may attach is decided before the
 * upgrade: same Origin, a valid identity cookie, the session's owner, and at
 * most SHIPSHAPE_MAX_TERMINALS_PER_USER open at once. Returns false for paths
 * it does not serve, so other handlers (Vite's HMR under `astro dev`) can take them.
 */
export function createTerminalUpgradeHandler(
  platform: Platform,
  log = console.log,
): TerminalUpgrades {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const openByUser = new Map<string, number>();
  const alive = new WeakMap<WebSocket, boolean>();

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const handle: TerminalUpgrades['handle'] = (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const match = ROUTE.exec(url.pathname);
    if (!match) return false;
    const [, sessionId, kind] = match as unknown as [string, string, 'terminal' | 'logs'];
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
    let open: () => Promise<ShellProcess>;
    if (kind === 'terminal') {
      const tab = tabName(url.searchParams);
      if (!tab) return refuse(400, 'Bad Request');
      open = () =>
        platform.sessions.openTerminal(userId, sessionId, initialSize(url.searchParams), tab);
    } else {
      const service = url.searchParams.get('service') ?? '';
      if (!platform.sessions.hasService(sessionId, service)) return refuse(404, 'Not Found');
      open = () => platform.sessions.openLogs(userId, sessionId, service);
    }
    const count = openByUser.get(userId) ?? 0;
    if (count >= platform.config.maxTerminalsPerUser) return refuse(429, 'Too Many Requests');

    wss.handleUpgrade(req, socket, head, (ws) => {
      openByUser.set(userId, count + 1);
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('close', () => {
        const now = (openByUser.get(userId) ?? 1) - 1;
        if (now > 0) openByUser.set(userId, now);
        else openByUser.delete(userId);
      });
      bridgeTerminal(ws, open(), {
        log: (line) => log(`[${sessionId}] ${line}`),
        ...(kind === 'terminal' ? { onInput: () => platform.sessions.touch(sessionId) } : {}),
      });
    });
    return true;
  };
  return {
    handle,
    closeAll: () => {
      clearInterval(heartbeat);
      wss.clients.forEach((ws) => ws.close(CLOSE.goingAway, 'server shutting down'));
    },
  };
}
