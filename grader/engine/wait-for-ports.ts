import net from 'node:net';
import type { GradingTarget } from './grade-lab';

/** How long grading waits for a just-started or just-reloaded service to accept connections. */
const WARM_UP_MS = 10_000;
const RETRY_MS = 200;

/**
 * Waits until each service port accepts TCP connections, or until the
 * warm-up time is over: grading then goes ahead and the checks report what
 * is wrong, so a broken service costs at most this much time.
 */
export async function waitForPorts(
  target: GradingTarget,
  services: Array<{ name: string; ports: number[] }>,
): Promise<void> {
  const deadline = Date.now() + WARM_UP_MS;
  await Promise.all(
    services.flatMap((service) =>
      service.ports.map(async (port) => {
        while (Date.now() < deadline) {
          const host = await target.driver
            .serviceAddress(target.sessionId, service.name)
            .catch(() => undefined);
          if (host && (await accepts(host, port))) return;
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
      }),
    ),
  );
}

function accepts(host: string, port: number): Promise<boolean> {
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
