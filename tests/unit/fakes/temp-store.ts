import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Store } from '../../../src/store/store';

/**
 * A database file of its own for every test, removed afterwards with every
 * Store opened on it. `open()` may be called twice to play a restart.
 */
export function useTempStore(relativeFile = 'platform.db'): { open(): Store; file(): string } {
  let dir = '';
  let file = '';
  const stores: Store[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-store-'));
    file = path.join(dir, relativeFile);
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    open: () => {
      const store = new Store(file);
      stores.push(store);
      return store;
    },
    file: () => file,
  };
}
