import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/project-root';
import { removePlatformObjects } from './docker-cli';
import { testEnv } from './test-platform';

export interface TestServer {
  url: string;
  platformId: string;
  dataDir: string;
  /** Everything the server printed so far. */
  output(): string;
  /**
   * Sends the process a signal and waits until it has exited, leaving its data
   * dir and lab environments as they are (for a restart test).
   */
  kill(signal: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Address the server listens on; 127.0.0.1 unless a test needs another. */
  host?: string;
  /** Start on an earlier server's data dir and platform id, as a restarted platform does. */
  restartOf?: Pick<TestServer, 'dataDir' | 'platformId'>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * Starts the real server (`shipshape serve`) as its own process on a free
 * loopback port, with a database and platform id of its own.
 */
export async function startTestServer(
  extraEnv: Record<string, string> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  if (!fs.existsSync(path.join(projectRoot, 'dist', 'server', 'entry.mjs'))) {
    throw new Error(
      'The site is not built: run `npm test` (which builds it) or `npm run build` first.',
    );
  }
  let env = testEnv(extraEnv);
  if (options.restartOf) {
    fs.rmSync(env['SHIPSHAPE_DATA_DIR']!, { recursive: true, force: true });
    env = {
      ...env,
      SHIPSHAPE_DATA_DIR: options.restartOf.dataDir,
      SHIPSHAPE_PLATFORM_ID: options.restartOf.platformId,
    };
  }
  const child: ChildProcess = spawn(process.execPath, ['bin/shipshape.mjs', 'serve'], {
    cwd: projectRoot,
    env: { ...process.env, ...env, HOST: options.host ?? '127.0.0.1', PORT: '0' },
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
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    platformId: env['SHIPSHAPE_PLATFORM_ID']!,
    dataDir: env['SHIPSHAPE_DATA_DIR']!,
    output: () => output,
    kill: async (signal) => {
      if (!running()) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
    stop: async () => {
      if (running()) {
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
  /** A same-origin request carrying the learner's cookie; redirects are returned, not followed. */
  const send = async (route: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(`${baseUrl}${route}`, {
      ...init,
      redirect: 'manual',
      headers: { origin: baseUrl, ...(cookie ? { cookie } : {}), ...init.headers },
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return res;
  };
  return {
    get cookie() {
      return cookie;
    },
    send,
    /** A page as this learner sees it. */
    async page(route: string): Promise<string> {
      return (await send(route)).text();
    },
    async request<T = Record<string, unknown>>(
      method: string,
      route: string,
      body?: unknown,
    ): Promise<{ status: number; json: T }> {
      const res = await send(route, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
    },
  };
}

/** Starts a lab over the API and polls it, as the lab page does, until it is ready. */
export async function startLabOverApi(
  client: ReturnType<typeof apiClient>,
  lab: string,
  withinMs = 60_000,
): Promise<{ id: string; state: string; status: number }> {
  const started = await client.request<{ session: { id: string; state: string } }>(
    'POST',
    '/api/lab-sessions',
    {
      lab,
    },
  );
  let session = started.json.session;
  const deadline = Date.now() + withinMs;
  while (session.state === 'queued' || session.state === 'starting') {
    if (Date.now() > deadline)
      throw new Error(`lab ${lab} still ${session.state} after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
    session = (
      await client.request<{ session: typeof session }>('GET', `/api/lab-sessions/${session.id}`)
    ).json.session;
  }
  return { ...session, status: started.status };
}
