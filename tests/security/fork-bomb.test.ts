import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerCgroup } from '../support/container-cgroup';
import { expectResponsive, repeatWhile, startLab, type RunningLab } from '../support/running-lab';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const PIDS = 64;
/** How long the bomb runs before `timeout` kills its whole process group. */
const BOMB_SECONDS = 10;

describe('a fork bomb in a lab workspace', () => {
  let t: TestPlatform;
  let attacked: RunningLab;
  let neighbour: RunningLab;

  beforeAll(async () => {
    t = createTestPlatform({
      SHIPSHAPE_LAB_MEMORY_MIB: '128',
      SHIPSHAPE_LAB_PIDS: String(PIDS),
      SHIPSHAPE_LAB_CPUS: '0.5',
    });
    [attacked, neighbour] = await Promise.all([startLab(t), startLab(t)]);
  });
  afterAll(() => t.dispose());

  it('is held at the PIDs limit while the host and another lab carry on', async () => {
    const workspace = containerCgroup(`shipshape-${attacked.sessionId}-workspace`);
    const baseline = workspace.pids();
    // Without job control every process of the bomb stays in timeout's process
    // group, and timeout ends the attack by killing that whole group. (`exec sleep`
    // keeps timeout's own child alive: timeout stops watching once it exits.)
    await attacked.sh(
      `timeout -s KILL ${BOMB_SECONDS} sh -c "bash -c ':(){ :|:& };:' & exec sleep 600" ` +
        '</dev/null >/dev/null 2>&1 &',
    );
    const bombOver = new Promise((r) => setTimeout(r, BOMB_SECONDS * 1000));
    await expect.poll(() => workspace.pids(), { timeout: 5_000 }).toBeGreaterThan(PIDS - 8);

    let highest = 0;
    const rounds = await repeatWhile(bombOver, async () => {
      highest = Math.max(highest, workspace.pids());
      await expectResponsive(neighbour);
      const started = Date.now();
      execFileSync('true'); // the host still starts processes at once
      expect(Date.now() - started).toBeLessThan(1_000);
    });
    expect(rounds).toBeGreaterThan(3);
    expect(highest).toBeLessThanOrEqual(PIDS);

    // The attack is over: init (PID 1) reaps what the bomb left (zombies count
    // against the limit too), the limit frees up, and the learner's next command runs.
    await expect.poll(() => workspace.pids(), { timeout: 20_000 }).toBeLessThanOrEqual(baseline);
    const after = await attacked.sh("echo ok; ps -eo stat= | grep -c '^Z'", { timeoutMs: 2_000 });
    expect(after.stdout.split('\n')).toEqual(['ok', '0', '']);
    await expectResponsive(attacked);
  });
});
