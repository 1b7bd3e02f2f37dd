import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { loadConfig } from '../config';
import { createPlatform } from './platform';
import { registerPlatform } from './platform-registry';
import { createTerminalUpgradeHandler } from './terminal-upgrade';
import { createWatchUpgradeHandler } from '../instructor/watch-upgrade';

/** `astro dev`: creates the platform and serves terminal upgrades on Vite's server. */
export function attachDevPlatform(
  httpServer: EventEmitter | null,
  log: (line: string) => void,
): void {
  const platform = createPlatform(loadConfig());
  registerPlatform(platform);
  const upgrade = createTerminalUpgradeHandler(platform, log);
  const watch = createWatchUpgradeHandler(platform, log);
  // Unmatched upgrades are left alone: Vite's HMR socket shares this server.
  httpServer?.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!upgrade.handle(req, socket, head)) watch.handle(req, socket, head);
  });
  log('platform services attached (lab API and terminal WebSockets)');
  platform
    .startHousekeeping(log)
    .catch((error: unknown) => log(`no lab housekeeping: ${(error as Error).message}`));
}
