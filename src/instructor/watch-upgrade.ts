import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { expectedOrigin } from '../auth/same-origin';
import type { SandboxDriver, ShellProcess } from '../sandbox/sandbox-driver';
import type { Platform } from '../server/platform';
import { outputOnly } from '../terminal/output-only';
import { CLOSE } from '../terminal/protocol-constants';
import { bridgeTerminal } from '../terminal/terminal-bridge';
import { MAX_MESSAGE_BYTES, initialSize, tabName } from '../terminal/terminal-protocol';
import { isInstructor } from './instructor-access';

const ROUTE = /^\/api\/instructor\/sessions\/([a-f0-9]{16})\/watch$/;

export interface WatchUpgrades {
  /** Takes the upgrade if it is a watch's; false leaves it to others. */
  handle(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  closeAll(): void;
}

/**
 * Lets an instructor watch a learner's terminal (`…/watch?tab=&cols=&rows=`):
 * a second, read-only tmux client on the learner's tab. tmux ignores its keys
 * (`read-only`) and its size (`ignore-size`, so the learner's window keeps its
 * shape), and the bytes the browser sends go nowhere before they reach it.
 * Decided before the upgrade: same Origin, a signed-in instructor, a ready session.
 */
export function createWatchUpgradeHandler(platform: Platform, log = console.log): WatchUpgrades {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const handle: WatchUpgrades['handle'] = (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const match = ROUTE.exec(url.pathname);
    if (!match) return false;
    const sessionId = match[1]!;
    const refuse = (status: number, reason: string): true => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return true;
    };
    if (req.headers.origin !== expectedOrigin(req.headers.host, platform.config.publicOrigin))
      return refuse(403, 'Forbidden');
    const userId = platform.identity.recognise(req.headers.cookie);
    if (!userId) return refuse(401, 'Unauthorized');
    if (!isInstructor(platform.accounts.describe(userId))) return refuse(403, 'Forbidden');
    const session = platform.store.getLabSession(sessionId);
    if (!session || session.userId === null || session.state !== 'ready')
      return refuse(404, 'Not Found');
    const tab = tabName(url.searchParams);
    if (!tab) return refuse(400, 'Bad Request');
    const size = initialSize(url.searchParams);

    wss.handleUpgrade(req, socket, head, (ws) => {
      log(`[${sessionId}] instructor ${userId} watches tab ${tab}`);
      // No onInput hook: watching is not the learner's activity and keeps no lab alive.
      bridgeTerminal(ws, watchShell(platform.driver, sessionId, tab, size), {
        log: (line) => log(`[${sessionId}] watch: ${line}`),
      });
    });
    return true;
  };
  return {
    handle,
    closeAll: () => wss.clients.forEach((ws) => ws.close(CLOSE.goingAway, 'server shutting down')),
  };
}

/** A read-only tmux client on the learner's tab: output flows out, input is dropped here. */
async function watchShell(
  driver: SandboxDriver,
  sessionId: string,
  tab: string,
  size: { cols: number; rows: number },
): Promise<ShellProcess> {
  const shell = await driver.openShell(
    sessionId,
    ['tmux', 'attach-session', '-f', 'read-only,ignore-size', '-t', tab],
    size,
  );
  const stream = outputOnly(shell.stream);
  return {
    stream,
    resize: (cols, rows) => shell.resize(cols, rows),
    close: async () => {
      stream.destroy();
      await shell.close();
    },
  };
}
