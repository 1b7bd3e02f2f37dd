import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removePlatformObjects } from '../../tests/support/docker-cli';
import { testPlatformId } from '../../tests/support/test-platform';

export interface SiteServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * `shipshape serve` of the project at `root`, as tests/support/test-server.ts
 * starts it: its own process on a free loopback port (PORT=0), a database of
 * its own and a `test-<pid>-…` platform id, so that anything it leaves on the
 * engine is removed by label (here, and by the test suite's reaper if this
 * process dies first).
 */
export async function startSiteServer(root: string): Promise<SiteServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-data-'));
  const platformId = testPlatformId();
  const child = spawn(process.execPath, ['bin/shipshape.mjs', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      SHIPSHAPE_DATA_DIR: dataDir,
      SHIPSHAPE_PLATFORM_ID: platformId,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    if (running()) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    }
    try {
      removePlatformObjects(platformId);
    } catch {
      // No engine answering: the server cannot have created anything on it.
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the server did not start within 30 s:\n${output}`)),
        START_TIMEOUT_MS,
      );
      const poll = setInterval(() => {
        const match = /serving at http:\/\/localhost:(\d+)/.exec(output);
        if (!match) return;
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]!);
      }, 50);
      child.once('exit', (code) => {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code}:\n${output}`));
      });
    });
    return { url: `http://127.0.0.1:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
