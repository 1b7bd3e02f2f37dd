import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../support/running-lab';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

/** Every socket file and every `*.sock` on the container's file systems (not /proc, /sys). */
const FIND_SOCKETS =
  "find / \\( -path /proc -o -path /sys \\) -prune -o \\( -type s -o -name '*.sock' \\) -print 2>/dev/null";

describe('looking for a Docker socket from inside a lab', () => {
  let t: TestPlatform;
  let lab: RunningLab;

  beforeAll(async () => {
    t = createTestPlatform({ SHIPSHAPE_LAB_MEMORY_MIB: '128', SHIPSHAPE_LAB_PIDS: '64' });
    lab = await startLab(t);
    // A terminal has been opened: its tmux server socket is the one socket expected.
    await lab.sh('tmux new-session -d -s main');
  });
  afterAll(() => t.dispose());

  it.each(['workspace', 'hello'])('finds no engine socket anywhere in %s', async (target) => {
    const found = (await lab.sh(FIND_SOCKETS, { target })).stdout.split('\n').filter(Boolean);
    const expected = target === 'workspace' ? ['/tmp/tmux-1000/default'] : [];
    expect(found).toEqual(expected);
    const wellKnown = await lab.sh(
      'for s in /var/run/docker.sock /run/docker.sock /run/containerd/containerd.sock /run/docker; do ' +
        '[ -e $s ] && echo "present: $s"; done; echo checked',
      { target },
    );
    expect(wellKnown.stdout).toBe('checked\n');
  });

  it.each(['workspace', 'hello'])(
    'has no DOCKER_HOST or other engine address in the environment of %s',
    async (target) => {
      const env = (await lab.sh('env', { target })).stdout;
      expect(env).not.toMatch(/^(DOCKER_\w+|CONTAINERD_\w+)=/m);
    },
  );
});
