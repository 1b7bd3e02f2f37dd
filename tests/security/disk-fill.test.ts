import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectResponsive, startLab, type RunningLab } from '../support/running-lab';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const DISK_MIB = 32;
const TMP_MIB = 16;
const MiB = 1024 * 1024;

describe('filling the disk from inside a lab', () => {
  let t: TestPlatform;
  let attacked: RunningLab;
  let neighbour: RunningLab;

  beforeAll(async () => {
    t = createTestPlatform({
      SHIPSHAPE_LAB_MEMORY_MIB: '128',
      SHIPSHAPE_LAB_PIDS: '64',
      SHIPSHAPE_LAB_DISK_MIB: String(DISK_MIB),
      SHIPSHAPE_LAB_TMP_MIB: String(TMP_MIB),
    });
    [attacked, neighbour] = await Promise.all([startLab(t), startLab(t)]);
  });
  afterAll(() => t.dispose());

  /** Writes twice the cap into `file`; reports dd's complaint and how much was written. */
  const fill = async (lab: RunningLab, file: string, capMiB: number, target = 'workspace') => {
    const [attempt] = await Promise.all([
      lab.sh(`dd if=/dev/zero of=${file} bs=1M count=${2 * capMiB} 2>&1; echo "exit=$?"`, {
        target,
      }),
      expectResponsive(neighbour),
    ]);
    const size = await lab.sh(`stat -c %s ${file}`, { target });
    return { output: attempt.stdout, bytes: Number(size.stdout.trim()) };
  };

  /** Roughly the cap: file system overhead and the starter files take a little of it. */
  const expectRoughly = (bytes: number, capMiB: number) => {
    expect(bytes).toBeGreaterThan(capMiB * MiB * 0.6);
    expect(bytes).toBeLessThanOrEqual(capMiB * MiB);
  };

  it("stops the learner's code volume at its cap, and the lab works again once the file is gone", async () => {
    const { output, bytes } = await fill(attacked, '/home/learner/lab/fill', DISK_MIB);
    expect(output).toContain('No space left on device');
    expect(output).not.toContain('exit=0');
    expectRoughly(bytes, DISK_MIB);

    // The neighbour's code volume is its own: it can still save files.
    expect((await neighbour.sh('echo saved > notes.txt && cat notes.txt')).stdout).toBe('saved\n');
    const after = await attacked.sh('rm fill && echo saved > notes.txt && cat notes.txt');
    expect(after.stdout).toBe('saved\n');
    await expectResponsive(attacked);
  });

  it.each([
    ['workspace', 'workspace'],
    ['hello', 'service'],
  ])('stops /tmp of the %s (%s) at its cap', async (target) => {
    const { output, bytes } = await fill(attacked, '/tmp/fill', TMP_MIB, target);
    expect(output).toContain('No space left on device');
    expectRoughly(bytes, TMP_MIB);
    const after = await attacked.sh('rm /tmp/fill && echo ok > /tmp/ok && cat /tmp/ok', {
      target,
    });
    expect(after.stdout).toBe('ok\n');
    await expectResponsive(attacked);
  });

  it('keeps the root file system of the workspace read-only', async () => {
    // /var/tmp is world-writable in the image: only a read-only root refuses it.
    const tries = await attacked.sh(
      'for f in /var/tmp/x /etc/x /usr/local/bin/x; do touch $f 2>&1; done; echo done',
    );
    expect(tries.stdout.match(/Read-only file system/g)).toHaveLength(3);
    const writable = await attacked.sh(
      'touch ~/lab/x ~/.notes /tmp/x && rm ~/lab/x ~/.notes /tmp/x && echo ok',
    );
    expect(writable.stdout).toBe('ok\n');
  });

  it('gives the workspace a home directory of its own, in a size-capped tmpfs', async () => {
    const mounts = (await attacked.sh('cat /proc/mounts')).stdout.split('\n');
    const home = mounts.find((line) => line.split(' ')[1] === '/home/learner');
    expect(home).toMatch(/^\S+ \/home\/learner tmpfs \S*size=\d+k/);
    const size = Number(/size=(\d+)k/.exec(home!)![1]) * 1024;
    expect(size).toBeLessThan(1024 * MiB);
    const owner = await attacked.sh('stat -c %U ~ && echo "set -o vi" > ~/.inputrc && echo ok');
    expect(owner.stdout).toBe('learner\nok\n');
  });
});
