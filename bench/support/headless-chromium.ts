import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian's Chromium, the browser the e2e tests drive. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * No sandbox (we run as root), no GPU, and none of Chromium's own traffic:
 * background networking covers variations, safe browsing and the like;
 * component updates, sync, QUIC probes and (packaged) extensions each have a
 * switch of their own.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--no-first-run',
];

export interface HeadlessChromium {
  /** The DevTools port, for a client such as Lighthouse to connect to. */
  port: number;
  version: string;
  close(): Promise<void>;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts Chromium with a fresh profile and waits until its DevTools endpoint answers. */
export async function launchHeadlessChromium(): Promise<HeadlessChromium> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (npm test installs it).`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-chromium-'));
  const port = await freePort();
  const child = spawn(
    CHROMIUM,
    [...FLAGS, `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(kill);
    }
    fs.rmSync(profile, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const version = await fetch(`http://127.0.0.1:${port}/json/version`).then(
      async (r) => ((await r.json()) as { Browser: string }).Browser,
      () => undefined,
    );
    if (version) return { port, version, close };
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`Chromium's DevTools port ${port} did not answer:\n${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
