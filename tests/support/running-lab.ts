import { expect } from 'vitest';
import type { ExecResult } from '../../src/sandbox/sandbox-driver';
import { startReady, type TestPlatform } from './test-platform';

/** A hello-service lab session of its own guest user, with a shell into its containers. */
export interface RunningLab {
  sessionId: string;
  ownerId: string;
  /** Runs `sh -c cmd` in the workspace (or a service), as the image's user. */
  sh(cmd: string, options?: { target?: string; timeoutMs?: number }): Promise<ExecResult>;
  /** The address of the lab's `hello` service on its session network. */
  helloAddress(): Promise<string>;
}

export async function startLab(t: TestPlatform): Promise<RunningLab> {
  const ownerId = t.platform.store.createGuestUser().id;
  const sessionId = await startReady(t.platform, ownerId, 'hello-service');
  return {
    sessionId,
    ownerId,
    sh: (cmd, { target = 'workspace', timeoutMs } = {}) =>
      t.platform.driver.exec(sessionId, target, ['sh', '-c', cmd], {
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      }),
    helloAddress: () => t.platform.driver.serviceAddress(sessionId, 'hello'),
  };
}

/**
 * What the learner of a neighbouring lab notices during an attack: their shell
 * answers `echo ok` and their service answers HTTP, each within `withinMs`.
 */
export async function expectResponsive(lab: RunningLab, withinMs = 2_000): Promise<void> {
  let started = Date.now();
  const echo = await lab.sh('echo ok', { timeoutMs: withinMs });
  expect(echo.stdout.trim()).toBe('ok');
  expect(Date.now() - started).toBeLessThan(withinMs);

  const address = await lab.helloAddress();
  started = Date.now();
  const res = await fetch(`http://${address}:8000/`, { signal: AbortSignal.timeout(withinMs) });
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(withinMs);
}

/** Calls `check` every `everyMs` until `stop` settles; rejects with the first failure. */
export async function repeatWhile(
  stop: Promise<unknown>,
  check: () => Promise<void>,
  everyMs = 500,
): Promise<number> {
  let done = false;
  const finished = stop.then(
    () => (done = true),
    () => (done = true),
  );
  let rounds = 0;
  while (!done) {
    await check();
    rounds++;
    await Promise.race([finished, new Promise((r) => setTimeout(r, everyMs))]);
  }
  return rounds;
}
