import net from 'node:net';
import type { SandboxDriver } from './sandbox-driver';

const RETRY_MS = 100;

/**
 * Waits until each service port accepts TCP connections, or until `withinMs`
 * is over: the caller then goes ahead (a starter may be broken on purpose,
 * and the grader will say what is wrong), so a dead service costs at most
 * that long. Resolves to whether every port answered.
 */
export async function waitForPorts(
  target: { driver: SandboxDriver; sessionId: string },
  services: Array<{ name: string; ports: number[] }>,
  withinMs: number,
): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  const results = await Promise.all(
    services.flatMap((service) =>
      service.ports.map(async (port) => {
        while (Date.now() < deadline) {
          const host = await target.driver
            .serviceAddress(target.sessionId, service.name)
            .catch(() => undefined);
          if (host && (await accepts(host, port))) return true;
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
        return false;
      }),
    ),
  );
  return results.every(Boolean);
}

export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1_000 });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
}
