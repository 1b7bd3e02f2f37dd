import type { SandboxDriver } from '../../src/sandbox/sandbox-driver';

const RELOAD_MARK = 'Reloading...';
const SETTLED = /Application startup complete|Error/;

/**
 * Makes a change to the learner's code and waits until the service's uvicorn
 * has reloaded it (started again, or failed to): what a learner waits for
 * before pressing "Check my work".
 */
export async function afterReload(
  driver: SandboxDriver,
  sessionId: string,
  service: string,
  change: () => Promise<unknown>,
  withinMs = 15_000,
): Promise<void> {
  const reloads = (logs: string) => logs.split(RELOAD_MARK).length - 1;
  const before = reloads(await driver.logs(sessionId, service, 5_000));
  await change();
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const logs = await driver.logs(sessionId, service, 5_000);
    if (reloads(logs) > before && SETTLED.test(logs.slice(logs.lastIndexOf(RELOAD_MARK)))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${service} did not reload within ${withinMs} ms of the change`);
}
