import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/project-root';
import { removePlatformObjects } from './docker-cli';
import { testEnv } from './test-platform';

export interface TestServer {
  url: string;
  platformId: string;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * Starts the real server (`shipshape serve`) as its own process on a free
 * loopback port, with a database and platform id of its own.
 */
export async function startTestServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  if (!fs.existsSync(path.join(projectRoot, 'dist', 'server', 'entry.mjs'))) {
    throw new Error(
      'The site is not built: run `npm test` (which builds it) or `npm run build` first.',
    );
  }
  const env = testEnv(extraEnv);
  const child: ChildProcess = spawn(process.execPath, ['bin/shipshape.mjs', 'serve'], {
    cwd: projectRoot,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const poll = setInterval(() => {
      const match = /serving at http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    platformId: env['SHIPSHAPE_PLATFORM_ID']!,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // A clean shutdown takes milliseconds; a hung one must not hang the suite.
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(kill);
      }
      removePlatformObjects(env['SHIPSHAPE_PLATFORM_ID']!);
      fs.rmSync(env['SHIPSHAPE_DATA_DIR']!, { recursive: true, force: true });
    },
  };
}

/** A browser-like HTTP client that keeps the identity cookie and sends our Origin. */
export function apiClient(baseUrl: string) {
  let cookie = '';
  return {
    get cookie() {
      return cookie;
    },
    async request<T = Record<string, unknown>>(
      method: string,
      route: string,
      body?: unknown,
    ): Promise<{ status: number; json: T }> {
      const res = await fetch(`${baseUrl}${route}`, {
        method,
        headers: {
          origin: baseUrl,
          ...(cookie ? { cookie } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
    },
  };
}
