import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { createPlatform, type Platform } from '../../src/server/platform';
import { removePlatformObjects } from './docker-cli';

/**
 * A platform of its own for one test file: a fresh database and a unique
 * platform id, so the file removes exactly what it created and nothing of a
 * platform a developer runs beside it.
 */
export interface TestPlatform {
  platform: Platform;
  config: Config;
  dispose(): void;
}

/**
 * `test-<pid>-<random>`: the pid of the process that owns the platform, so a
 * clean-up can tell a crashed run's leftovers from a run still going beside it.
 */
export function testPlatformId(): string {
  return `test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-test-'));
  return {
    SHIPSHAPE_DATA_DIR: dataDir,
    SHIPSHAPE_PLATFORM_ID: testPlatformId(),
    SHIPSHAPE_MAX_SESSIONS_PER_USER: '5',
    ...extra,
  };
}

export function createTestPlatform(extra: Record<string, string> = {}): TestPlatform {
  const env = testEnv(extra);
  const config = loadConfig({ ...env });
  const platform = createPlatform(config);
  return {
    platform,
    config,
    dispose: () => {
      platform.close();
      removePlatformObjects(config.platformId);
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a lab for a user and waits until its start has finished; fails unless it is ready. */
export async function startReady(
  platform: Platform,
  userId: string,
  labId: string,
): Promise<string> {
  const { session } = await platform.sessions.start(userId, labId);
  const record = await platform.sessions.whenStarted(session.id);
  if (record.state !== 'ready')
    throw new Error(`lab ${labId} did not start: ${record.state} ${record.error ?? ''}`);
  return session.id;
}
