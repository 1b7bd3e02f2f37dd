import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerCgroup } from '../support/container-cgroup';
import { docker } from '../support/docker-cli';
import { expectResponsive, repeatWhile, startLab, type RunningLab } from '../support/running-lab';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const MEMORY_MIB = 128;
/** Touches every byte of twice the container's memory limit. */
const HOG = `python3 -c "hog = b'x' * (${2 * MEMORY_MIB} << 20)"`;
const ROUNDS = 8;

describe('a memory hog in a lab workspace', () => {
  let t: TestPlatform;
  let attacked: RunningLab;
  let neighbour: RunningLab;

  beforeAll(async () => {
    t = createTestPlatform({
      SHIPSHAPE_LAB_MEMORY_MIB: String(MEMORY_MIB),
      SHIPSHAPE_LAB_PIDS: '64',
      SHIPSHAPE_LAB_CPUS: '0.5',
    });
    [attacked, neighbour] = await Promise.all([startLab(t), startLab(t)]);
  });
  afterAll(() => t.dispose());

  it('is OOM-killed inside its container while another lab carries on', async () => {
    const workspace = `shipshape-${attacked.sessionId}-workspace`;
    const cgroup = containerCgroup(workspace);
    expect(cgroup.oomKills()).toBe(0);
    const hogs = attacked.sh(`for i in $(seq ${ROUNDS}); do ${HOG}; echo "exit=$?"; done`, {
      timeoutMs: 60_000,
    });
    const rounds = await repeatWhile(hogs, () => expectResponsive(neighbour));
    expect(rounds).toBeGreaterThan(0);
    // 137 = 128 + SIGKILL: the kernel's OOM killer ended the hog, and only the hog.
    expect((await hogs).stdout.trim().split('\n')).toEqual(Array(ROUNDS).fill('exit=137'));
    // The kernel counted the kills in the container's own cgroup: the host's memory was never at stake.
    expect(cgroup.oomKills()).toBe(ROUNDS);

    expect(docker('inspect', '-f', '{{.State.Running}} {{.State.Restarting}}', workspace)).toBe(
      'true false',
    );
    expect((await attacked.sh('echo ok', { timeoutMs: 2_000 })).stdout).toBe('ok\n');
    // What fits under the limit still runs.
    const modest = await attacked.sh(
      `python3 -c "x = b'x' * (${MEMORY_MIB / 4} << 20); print('ok')"`,
    );
    expect(modest.stdout).toBe('ok\n');
    await expectResponsive(attacked);
  });
});
