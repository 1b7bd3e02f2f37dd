import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../support/docker-cli';
import { openTerminal } from '../support/terminal-client';
import {
  apiClient,
  startLabOverApi,
  startTestServer,
  type TestServer,
} from '../support/test-server';

const TERMINALS = 100;
const AT_ONCE = 5;

interface Census {
  /** `tmux` client processes: one per attached terminal. */
  clients: number;
  /** The tmux server and the learner's shell: one of each, for the whole session. */
  servers: number;
  shells: number;
  /** Every process of the container, seen from the host. */
  processes: number;
  /** Exec instances the engine holds for the container. */
  execs: number;
}

describe('opening and closing many terminals on one lab', () => {
  let server: TestServer;
  let learner: ReturnType<typeof apiClient>;
  let sessionId: string;
  let workspace: string;

  const census = (): Census => {
    const commands = docker('exec', workspace, 'ps', '-eo', 'comm=,args=')
      .split('\n')
      .filter((line) => !/^ps\s/.test(line));
    const count = (pattern: RegExp) => commands.filter((line) => pattern.test(line)).length;
    return {
      clients: count(/^tmux: client/),
      servers: count(/^tmux: server/),
      shells: count(/^bash\s+-bash$/),
      processes: docker('top', workspace, '-eo', 'pid').split('\n').length - 1,
      execs: Number(docker('inspect', '-f', '{{len .ExecIDs}}', workspace)),
    };
  };
  const openAndClose = async () => {
    const term = await openTerminal(server.url, sessionId, {
      cookie: learner.cookie,
      origin: server.url,
    });
    await term.waitForPrompt();
    await term.close();
  };

  beforeAll(async () => {
    server = await startTestServer({ SHIPSHAPE_LAB_MEMORY_MIB: '256', SHIPSHAPE_LAB_PIDS: '512' });
    learner = apiClient(server.url);
    const session = await startLabOverApi(learner, 'hello-service');
    expect(session.state).toBe('ready');
    sessionId = session.id;
    workspace = `shipshape-${sessionId}-workspace`;
  });
  afterAll(() => server.stop());

  // Docker keeps an exec running after its attach goes (moby/moby#9098); the driver ends it on close.
  it('leaves no process and no exec behind', async () => {
    await openAndClose(); // the first terminal starts the tmux server and the shell
    await new Promise((r) => setTimeout(r, 1_000));
    const before = census();
    expect(before).toMatchObject({ servers: 1, shells: 1 });

    for (let i = 0; i < TERMINALS; i += AT_ONCE) {
      await Promise.all(Array.from({ length: AT_ONCE }, openAndClose));
    }

    // Closing is asynchronous (the engine notices the attach has gone): allow it a moment.
    let after = census();
    const deadline = Date.now() + 15_000;
    while (after.clients > before.clients && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      after = census();
    }
    const numbers = `before ${JSON.stringify(before)}, after ${TERMINALS} terminals ${JSON.stringify(after)}`;
    console.log(numbers);
    expect(after, numbers).toEqual({
      ...before,
      // Exec records of finished commands may linger in the engine for a while; not one per terminal.
      execs: expect.any(Number),
    });
    expect(after.execs - before.execs, numbers).toBeLessThan(TERMINALS / 10);
  });
});
