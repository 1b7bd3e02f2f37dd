import path from 'node:path';
import { AccountService } from '../auth/account-service';
import { IdentityService } from '../auth/identity-service';
import type { Config } from '../config';
import { loadLabCatalog, type LabCatalog } from '../labs/lab-catalog';
import { LabSessionService } from '../labs/lab-session-service';
import { createDockerSandbox } from '../sandbox/docker/create-docker-sandbox';
import type { SandboxDriver } from '../sandbox/sandbox-driver';
import { Store } from '../store/store';

/** The long-lived services of one platform process, shared by pages, API and terminal. */
export interface Platform {
  config: Config;
  store: Store;
  identity: IdentityService;
  accounts: AccountService;
  catalog: LabCatalog;
  sessions: LabSessionService;
  driver: SandboxDriver;
  /** Sweeps now (ending what a previous process left unfinished), then every reconcile interval. */
  startHousekeeping(log: (line: string) => void): Promise<void>;
  close(): void;
}

export function createPlatform(config: Config, driver?: SandboxDriver): Platform {
  const store = new Store(path.join(config.dataDir, 'shipshape.db'));
  const catalog = loadLabCatalog(config.labsDir);
  const sandbox = driver ?? createDockerSandbox(config);
  const secureCookies = config.publicOrigin?.startsWith('https:') ?? false;
  const sessions = new LabSessionService(store, sandbox, catalog, config);
  const identity = new IdentityService(store, secureCookies, config.sessionLifetimeMs);
  let timer: NodeJS.Timeout | undefined;
  return {
    config,
    store,
    identity,
    accounts: new AccountService(store, identity, { openRegistration: config.openRegistration }),
    catalog,
    sessions,
    driver: sandbox,
    startHousekeeping: async (log) => {
      const first = await sessions.sweep({ startup: true });
      log(`lab sessions: ${first.ended} ended, ${first.removed} leftover environments removed`);
      timer = setInterval(() => {
        store.deleteExpiredAuthSessions();
        sessions.sweep().then(
          ({ ended, removed }) => {
            if (ended || removed)
              log(`housekeeping: ${ended} sessions ended, ${removed} leftovers removed`);
          },
          (error: unknown) => log(`housekeeping failed: ${(error as Error).message}`),
        );
      }, config.reconcileIntervalMs);
      timer.unref();
    },
    close: () => {
      clearInterval(timer);
      store.close();
    },
  };
}
