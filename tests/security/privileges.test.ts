import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../support/running-lab';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

/**
 * A learner trying to become root. (CapEff 0 and NoNewPrivs 1 are asserted in
 * sandbox-isolation.test.ts.)
 */
describe('privilege escalation from a lab workspace', () => {
  let t: TestPlatform;
  let lab: RunningLab;

  beforeAll(async () => {
    t = createTestPlatform({ SHIPSHAPE_LAB_MEMORY_MIB: '128', SHIPSHAPE_LAB_PIDS: '64' });
    lab = await startLab(t);
  });
  afterAll(() => t.dispose());

  it('has no sudo, and su refuses', async () => {
    const sudo = await lab.sh('sudo -n id -u');
    expect(sudo.exitCode).not.toBe(0);
    expect(sudo.stdout).toBe('');
    const su = await lab.sh('su -c "id -u" root < /dev/null');
    expect(su.exitCode).not.toBe(0);
    expect(su.stdout).toBe('');
  });

  it('cannot mount a file system, with the mount tool or the system call itself', async () => {
    const tool = await lab.sh('mount -t tmpfs none /mnt');
    expect(tool.exitCode).not.toBe(0);
    // The kernel's own answer, without mount(8)'s checks in between.
    const syscall = await lab.sh(
      'python3 -c "import ctypes, os; libc = ctypes.CDLL(None, use_errno=True); ' +
        "rc = libc.mount(b'none', b'/mnt', b'tmpfs', 0, None); " +
        'print(rc, os.strerror(ctypes.get_errno()))"',
    );
    expect(syscall.stdout.trim()).toBe('-1 Operation not permitted');
    expect((await lab.sh('grep -c " /mnt " /proc/mounts || true')).stdout.trim()).toBe('0');
  });

  it('cannot become root in a user namespace of its own', async () => {
    const unshare = await lab.sh('unshare --user --map-root-user --mount id -u 2>&1');
    expect(unshare.exitCode).not.toBe(0);
    expect(unshare.stdout).toMatch(/Operation not permitted/);
  });

  it('gains nothing from setuid-root programs: they run as the learner', async () => {
    const setuid = await lab.sh('find / -xdev -perm -4000 -user root -type f 2>/dev/null');
    expect(setuid.stdout).toContain('/usr/bin/su'); // there are some to try
    // su waits for a password on a pipe that stays open: look at who it runs as meanwhile.
    const su = await lab.sh(
      '(sleep 3 | su root -c true) >/dev/null 2>&1 & sleep 1; ' +
        'grep -E "^(Uid|Gid|CapEff):" /proc/$(pgrep -x su)/status',
    );
    expect(su.stdout).toMatch(/^Uid:\s+1000\s+1000\s+1000\s+1000$/m);
    expect(su.stdout).toMatch(/^CapEff:\s+0{16}$/m);
  });
});
