import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LabSessionView } from '../../src/labs/lab-session-service';
import { LABELS } from '../../src/sandbox/labels';
import { objectsWithLabel } from '../support/docker-cli';
import { openTerminal } from '../support/terminal-client';
import {
  apiClient,
  startLabOverApi,
  startTestServer,
  type TestServer,
} from '../support/test-server';

describe('the lab API and terminal, through the real server', () => {
  let server: TestServer;
  let learner: ReturnType<typeof apiClient>;
  let session: LabSessionView;

  beforeAll(async () => {
    server = await startTestServer();
    learner = apiClient(server.url);
    const started = await startLabOverApi(learner, 'hello-service');
    expect(started.status).toBe(201);
    session = (
      await learner.request<{ session: LabSessionView }>('GET', `/api/lab-sessions/${started.id}`)
    ).json.session;
  });
  afterAll(() => server.stop());

  it('gives the first visit a signed, HttpOnly, SameSite=Lax identity cookie', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^shipshape_id=[0-9a-f]{16}\.[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it("starts the lab once: starting it again returns the learner's running session", async () => {
    expect(session).toMatchObject({ lab: 'hello-service', state: 'ready' });
    const again = await learner.request<{ session: LabSessionView }>('POST', '/api/lab-sessions', {
      lab: 'hello-service',
    });
    expect(again.status).toBe(200);
    expect(again.json.session.id).toBe(session.id);
    const list = await learner.request<{ sessions: LabSessionView[] }>('GET', '/api/lab-sessions');
    expect(list.json.sessions.map((s) => s.id)).toEqual([session.id]);
  });

  it('answers bad requests with what to do', async () => {
    const unknown = await learner.request('POST', '/api/lab-sessions', { lab: 'no-such-lab' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({
      error: { kind: 'unknown-lab', action: expect.stringContaining('hello-service') },
    });
    const garbage = await fetch(`${server.url}/api/lab-sessions`, {
      method: 'POST',
      headers: { cookie: learner.cookie, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(garbage.status).toBe(400);
  });

  it('runs a real shell: output comes back, and a resize reaches the TTY', async () => {
    const term = await openTerminal(
      server.url,
      session.id,
      { cookie: learner.cookie, origin: server.url },
      { cols: 100, rows: 30 },
    );
    await term.waitForPrompt();
    term.type('python3 -c "print(6*7)"; stty size\r');
    await term.waitFor(/\n42\r?\n30 100/);
    // The new size travels browser → Docker → tmux → the shell's TTY: ask until it has arrived.
    term.resize(120, 40);
    await expect
      .poll(
        async () => {
          term.type('stty size\r');
          return term.waitFor(/\n40 120/, 500).then(
            () => true,
            () => false,
          );
        },
        { timeout: 5_000, interval: 100 },
      )
      .toBe(true);
    await term.close();
  });

  it('re-attaches to the same shell after a reconnect', async () => {
    const first = await openTerminal(server.url, session.id, {
      cookie: learner.cookie,
      origin: server.url,
    });
    await first.waitForPrompt();
    first.type('export FOO=bar; echo exported\r');
    await first.waitFor(/\nexported/);
    await first.close();
    const second = await openTerminal(server.url, session.id, {
      cookie: learner.cookie,
      origin: server.url,
    });
    await second.waitForPrompt();
    second.type('echo "FOO is $FOO"\r');
    await second.waitFor(/FOO is bar/);
    await second.close();
  });

  it('survives sockets dropped the instant they open, terminal and logs alike', async () => {
    const base = `${server.url.replace(/^http/, 'ws')}/api/lab-sessions/${session.id}`;
    const dropAtOnce = (route: string) =>
      new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(`${base}/${route}`, {
          headers: { cookie: learner.cookie, origin: server.url },
        });
        ws.once('open', () => ws.terminate());
        ws.once('close', () => resolve());
        ws.once('error', reject);
      });
    for (let i = 0; i < 10; i++) {
      await Promise.all([dropAtOnce('logs?service=hello'), dropAtOnce('terminal?cols=80&rows=24')]);
    }
    // Give a crash the time to happen; the server must still answer, and have logged none.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(server.output()).not.toMatch(/AbortError|Unhandled|uncaught/i);
  });

  it('refuses a terminal to a foreign Origin, to no identity, and to another user', async () => {
    const attach = (headers: { cookie?: string; origin?: string }) =>
      openTerminal(server.url, session.id, headers).then((t) => t.close().then(() => 'opened'));
    await expect(attach({ cookie: learner.cookie, origin: 'http://evil.example' })).rejects.toThrow(
      '403',
    );
    await expect(attach({ cookie: learner.cookie })).rejects.toThrow('403');
    await expect(attach({ origin: server.url })).rejects.toThrow('401');
    const stranger = apiClient(server.url);
    await stranger.request('GET', '/api/lab-sessions');
    await expect(attach({ cookie: stranger.cookie, origin: server.url })).rejects.toThrow('404');
    expect((await stranger.request('POST', `/api/lab-sessions/${session.id}/grade`)).status).toBe(
      404,
    );
  });

  it('refuses a state-changing request from a foreign origin (CSRF)', async () => {
    const res = await fetch(`${server.url}/api/lab-sessions/${session.id}`, {
      method: 'DELETE',
      headers: { cookie: learner.cookie, origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
  });

  it('grades over HTTP in the results format of labs.md', async () => {
    const res = await learner.request<Record<string, unknown>>(
      'POST',
      `/api/lab-sessions/${session.id}/grade`,
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      lab: 'hello-service',
      gradable: true,
      score: 2,
      max_score: 4,
      passed: false,
    });
    expect(Object.keys(res.json).sort()).toEqual(
      [
        'duration_ms',
        'faults',
        'gradable',
        'lab',
        'max_score',
        'passed',
        'score',
        'started_at',
        'tests',
      ].sort(),
    );
  });

  it('removes every container, network and volume on DELETE', async () => {
    const res = await fetch(`${server.url}/api/lab-sessions/${session.id}`, {
      method: 'DELETE',
      headers: { cookie: learner.cookie, origin: server.url },
    });
    expect(res.status).toBe(204);
    expect(objectsWithLabel(`${LABELS.session}=${session.id}`)).toEqual({
      containers: [],
      networks: [],
      volumes: [],
    });
    expect(
      (await learner.request<{ sessions: unknown[] }>('GET', '/api/lab-sessions')).json.sessions,
    ).toEqual([]);
  });
});
