import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/sandbox/labels';
import { docker, objectsWithLabel } from '../support/docker-cli';
import { openTerminal } from '../support/terminal-client';
import {
  apiClient,
  startLabOverApi,
  startTestServer,
  type TestServer,
} from '../support/test-server';

const LIMITS = { SHIPSHAPE_LAB_MEMORY_MIB: '128', SHIPSHAPE_LAB_PIDS: '64' };
/** A session id no store row knows: what a crash between "create" and "record" leaves behind. */
const ORPHAN = 'deadbeef00c0ffee';

interface Learner {
  name: string;
  cookie: string;
  sessionId: string;
}

describe('a platform killed with SIGKILL and started again', () => {
  let first: TestServer;
  let second: TestServer | undefined;
  const learners: Learner[] = [];

  const terminal = (server: TestServer, learner: Learner) =>
    openTerminal(server.url, learner.sessionId, { cookie: learner.cookie, origin: server.url });

  beforeAll(async () => {
    first = await startTestServer(LIMITS);
    for (const name of ['alice', 'bob']) {
      const client = apiClient(first.url);
      const session = await startLabOverApi(client, 'hello-service');
      expect(session.state).toBe('ready');
      const learner = { name, cookie: client.cookie, sessionId: session.id };
      learners.push(learner);
      const term = await terminal(first, learner);
      await term.waitForPrompt();
      term.type(`export FOO=${name}-before-the-crash; echo exported\r`);
      await term.waitFor(/\nexported/);
      // Alice's terminal is still attached when the platform dies; Bob had closed his.
      if (name === 'bob') await term.close();
    }

    await first.kill('SIGKILL');

    // Leftovers labelled for this platform that no session in its store owns.
    const labels = [
      [LABELS.platform, first.platformId],
      [LABELS.session, ORPHAN],
      [LABELS.lab, 'hello-service'],
      [LABELS.role, 'workspace'],
    ].flatMap(([k, v]) => ['--label', `${k}=${v}`]);
    const image = docker(
      'inspect',
      '-f',
      '{{.Config.Image}}',
      `shipshape-${learners[0]!.sessionId}-workspace`,
    );
    docker('network', 'create', '--internal', ...labels, `shipshape-${ORPHAN}`);
    docker('volume', 'create', ...labels, `shipshape-${ORPHAN}-code`);
    docker(
      'run',
      '-d',
      ...labels,
      '--network',
      `shipshape-${ORPHAN}`,
      '--name',
      `shipshape-${ORPHAN}-workspace`,
      image,
    );
    expect(objectsWithLabel(`${LABELS.session}=${ORPHAN}`).containers).toHaveLength(1);

    second = await startTestServer(LIMITS, { restartOf: first });
  });
  afterAll(async () => {
    await second?.stop();
    await first.stop();
  });

  it('removes at start-up the environment no session owns', async () => {
    await expect
      .poll(() => objectsWithLabel(`${LABELS.session}=${ORPHAN}`), { timeout: 5_000 })
      .toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('still lists each learner their own running session', async () => {
    for (const learner of learners) {
      const res = await fetch(`${second!.url}/api/lab-sessions`, {
        headers: { cookie: learner.cookie },
      });
      expect(res.status).toBe(200);
      const { sessions } = (await res.json()) as { sessions: Array<{ id: string; state: string }> };
      expect(sessions.map((s) => [s.id, s.state])).toEqual([[learner.sessionId, 'ready']]);
    }
  });

  it('gives each learner back the same shell, with what they had set in it', async () => {
    for (const learner of learners) {
      const term = await terminal(second!, learner);
      await term.waitForPrompt();
      term.type('echo "FOO is $FOO"\r');
      await term.waitFor(new RegExp(`FOO is ${learner.name}-before-the-crash`));
      await term.close();
    }
  });
});
