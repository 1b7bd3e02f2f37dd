import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIGH_WATERMARK } from '../../src/terminal/output-flow';
import { openTerminal, type TerminalClient } from '../support/terminal-client';
import {
  apiClient,
  startLabOverApi,
  startTestServer,
  type TestServer,
} from '../support/test-server';

describe('the terminal protocol, against a real lab', () => {
  let server: TestServer;
  let learner: ReturnType<typeof apiClient>;
  let sessionId: string;
  const open = (query = '', size?: { cols: number; rows: number }): Promise<TerminalClient> =>
    openTerminal(
      server.url,
      `${sessionId}${query}`,
      { cookie: learner.cookie, origin: server.url },
      size,
    );

  beforeAll(async () => {
    server = await startTestServer({ SHIPSHAPE_MAX_TERMINALS_PER_USER: '3' });
    learner = apiClient(server.url);
    sessionId = (await startLabOverApi(learner, 'hello-service')).id;
  });
  afterAll(() => server.stop());

  it('closes with 1009 on a message over 64 KiB', async () => {
    const term = await open();
    term.sendText('x'.repeat(65 * 1024));
    expect(await term.closed()).toBe(1009);
  });

  it('closes with 1008 on a control message it does not know, and keeps serving others', async () => {
    const term = await open();
    term.sendText('{"type":"exec","cmd":"rm -rf /"}');
    expect(await term.closed()).toBe(1008);
    const next = await open();
    await next.waitForPrompt();
    await next.close();
  });

  it('refuses a tab name tmux could misread', async () => {
    await expect(open('?tab=a%3Bb')).rejects.toThrow('400');
  });

  it('gives each tab a shell of its own, each kept across reconnects', async () => {
    const main = await open();
    await main.waitForPrompt();
    main.type('export WHERE=main; echo set-$WHERE\r');
    await main.waitFor(/set-main/);
    const second = await open('?tab=tab-2');
    await second.waitForPrompt();
    second.type('echo "WHERE is [$WHERE]"\r');
    await second.waitFor(/WHERE is \[\]/);
    await Promise.all([main.close(), second.close()]);
    const again = await open();
    await again.waitForPrompt();
    again.type('echo "WHERE is [$WHERE]"\r');
    await again.waitFor(/WHERE is \[main\]/);
    await again.close();
  });

  it("follows a service's logs read-only: its output shows, typing goes nowhere", async () => {
    const logs = await openTerminal(
      server.url,
      `${sessionId}`,
      { cookie: learner.cookie, origin: server.url },
      undefined,
      'logs?service=hello',
    );
    await logs.waitFor(/Uvicorn running on http:\/\/0\.0\.0\.0:8000/);
    logs.type('touch /tmp/typed-into-logs\r');
    await learner.request('GET', `/api/lab-sessions/${sessionId}`);
    const probe = await open();
    await probe.waitForPrompt();
    probe.type('ls /tmp/typed-into-logs 2>&1 | head -1\r');
    await probe.waitFor(/No such file/);
    await Promise.all([logs.close(), probe.close()]);
  });

  it('refuses more open terminals than a user may have', async () => {
    const held = await Promise.all([open(), open('?tab=tab-2'), open('?tab=tab-3')]);
    await expect(open('?tab=tab-4')).rejects.toThrow('429');
    await Promise.all(held.map((t) => t.close()));
    await new Promise((r) => setTimeout(r, 100));
    const after = await open();
    await after.close();
  });

  it('stops sending a flood the browser does not draw, resumes on acks, and Ctrl-C gets the prompt back', async () => {
    const term = await open('?tab=flood', { cols: 80, rows: 24 });
    await term.waitForPrompt();
    // tmux redraws only the screen, so a flood in tmux is modest; cat of a big file in raw mode is not.
    term.type('yes | head -c 50000000 | cat -v\r');
    await new Promise((r) => setTimeout(r, 2_000));
    const unacked = term.received();
    await new Promise((r) => setTimeout(r, 1_000));
    // Without acknowledgements the server stops at the high watermark plus one batch.
    expect(term.received() - unacked).toBeLessThan(64 * 1024);
    expect(unacked).toBeLessThan(HIGH_WATERMARK + 64 * 1024);
    term.ack(term.received());
    await new Promise((r) => setTimeout(r, 500));
    expect(term.received()).toBeGreaterThan(unacked);
    const before = term.received();
    term.type('\x03');
    const started = performance.now();
    // Keep acknowledging, as a browser drawing the output would.
    const acking = setInterval(() => term.ack(1 << 20), 20);
    try {
      await term.waitFor(/\^C\s*\r?\n?[\s\S]*learner@lab:~\/lab\$ \s*$/, 5_000);
    } finally {
      clearInterval(acking);
    }
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(term.received()).toBeGreaterThan(before);
    await term.close();
  });
});
