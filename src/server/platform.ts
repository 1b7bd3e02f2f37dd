import path from 'node:path';
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
  catalog: LabCatalog;
  sessions: LabSessionService;
  driver: SandboxDriver;
  close(): void;
}

export function createPlatform(config: Config, driver?: SandboxDriver): Platform {
  const store = new Store(path.join(config.dataDir, 'shipshape.db'));
  const catalog = loadLabCatalog(config.labsDir);
  const sandbox = driver ?? createDockerSandbox(config);
  const secureCookies = config.publicOrigin?.startsWith('https:') ?? false;
  return {
    config,
    store,
    identity: new IdentityService(store, secureCookies),
    catalog,
    sessions: new LabSessionService(store, sandbox, catalog, config.maxSessionsPerUser),
    driver: sandbox,
    close: () => store.close(),
  };
}
