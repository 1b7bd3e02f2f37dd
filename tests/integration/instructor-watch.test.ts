import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { containerName } from '../../src/sandbox/docker/docker-names';
import { docker } from '../support/docker-cli';
import { INSTRUCTOR_PASSWORD, signedIn } from '../support/instructor-account';
import { openTerminal, plain, type TerminalClient } from '../support/terminal-client';
import {
  apiClient,
  startLabOverApi,
  startTestServer,
  type TestServer,
} from '../support/test-server';

interface Watcher {
  /** Sends bytes as a keyboard would: a watcher's keys must go nowhere. */
  type(text: string): void;
  waitFor(pattern: RegExp, withinMs?: number): Promise<void>;
  output(): string;
  close(): void;
}

/** Opens the instructor's read-only view of a learner's terminal, or rejects with the refusing status. */
function watch(
  baseUrl: string,
  sessionId: string,
  headers: { cookie?: string; origin?: string },
): Promise<Watcher> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/instructor/sessions/${sessionId}/watch?tab=main&cols=100&rows=30`;
  const ws = new WebSocket(url, { headers });
  let output = '';
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) output = (output + data.toString('utf8')).slice(-100_000);
  });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`refused with ${res.statusCode}`)),
    );
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        type: (text) => ws.send(Buffer.from(text), { binary: true }),
        waitFor: async (pattern, withinMs = 10_000) => {
          const deadline = Date.now() + withinMs;
          while (!pattern.test(plain(output))) {
            if (Date.now() > deadline)
              throw new Error(`the watcher never saw ${pattern}:\n${plain(output).slice(-1500)}`);
            await new Promise((r) => setTimeout(r, 50));
          }
        },
        output: () => plain(output),
        close: () => ws.close(),
      }),
    );
  });
}

describe("an instructor watches a learner's terminal, read-only", () => {
  let server: TestServer;
  let instructor: ReturnType<typeof apiClient>;
  let learner: ReturnType<typeof apiClient>;
  let sessionId: string;
  let terminal: TerminalClient;

  beforeAll(async () => {
    server = await startTestServer();
    instructor = await signedIn(server, 'teach@example.org', 'instructor');
    learner = apiClient(server.url);
    await learner.request('POST', '/api/auth/signup', {
      email: 'watched@example.org',
      password: INSTRUCTOR_PASSWORD,
    });
    sessionId = (await startLabOverApi(learner, 'hello-service')).id;
    terminal = await openTerminal(server.url, sessionId, {
      cookie: learner.cookie,
      origin: server.url,
    });
    await terminal.waitForPrompt();
  });
  afterAll(async () => {
    await terminal?.close();
    await server?.stop();
  });

  it('sees what the learner types and what it prints, as it happens', async () => {
    const watcher = await watch(server.url, sessionId, {
      cookie: instructor.cookie,
      origin: server.url,
    });
    terminal.type('echo "seen by $((6*7)) watchers"\r');
    await terminal.waitFor(/seen by 42 watchers/);
    await watcher.waitFor(/seen by 42 watchers/);
    watcher.close();
  });

  it("sends none of the instructor's keys to the learner's shell", async () => {
    const watcher = await watch(server.url, sessionId, {
      cookie: instructor.cookie,
      origin: server.url,
    });
    watcher.type('touch /tmp/typed-by-watcher\r');
    // Give the keys time to arrive if they were going to, then look from both sides.
    await new Promise((r) => setTimeout(r, 1_000));
    terminal.type('ls /tmp/typed-by-watcher || echo "nothing typed"\r');
    await terminal.waitFor(/nothing typed/);
    expect(() =>
      docker('exec', containerName(sessionId, 'workspace'), 'test', '-e', '/tmp/typed-by-watcher'),
    ).toThrow();
    expect(watcher.output()).not.toContain('touch /tmp/typed-by-watcher');
    watcher.close();
  });

  it('refuses the learner, a guest, no identity and a foreign Origin before the upgrade', async () => {
    const guest = apiClient(server.url);
    await guest.page('/');
    const attempt = (headers: { cookie?: string; origin?: string }) =>
      watch(server.url, sessionId, headers).then((w) => (w.close(), 'opened'));
    await expect(attempt({ cookie: learner.cookie, origin: server.url })).rejects.toThrow('403');
    await expect(attempt({ cookie: guest.cookie, origin: server.url })).rejects.toThrow('403');
    await expect(attempt({ origin: server.url })).rejects.toThrow('401');
    await expect(
      attempt({ cookie: instructor.cookie, origin: 'http://evil.example' }),
    ).rejects.toThrow('403');
    await expect(
      watch(server.url, '0123456789abcdef', { cookie: instructor.cookie, origin: server.url }),
    ).rejects.toThrow('404');
  });
});
