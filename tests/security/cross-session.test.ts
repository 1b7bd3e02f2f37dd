import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../support/docker-cli';
import { startLab, type RunningLab } from '../support/running-lab';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe("reaching another learner's lab from inside one's own", () => {
  let t: TestPlatform;
  let mine: RunningLab;
  let theirs: RunningLab;

  beforeAll(async () => {
    t = createTestPlatform({ SHIPSHAPE_LAB_MEMORY_MIB: '128', SHIPSHAPE_LAB_PIDS: '64' });
    [mine, theirs] = await Promise.all([startLab(t), startLab(t)]);
    expect(mine.ownerId).not.toBe(theirs.ownerId);
  });
  afterAll(() => t.dispose());

  it("cannot connect to the other lab's service at its address", async () => {
    const address = await theirs.helloAddress();
    // Control: the service does answer there (the host reaches it, as the grader does).
    expect((await fetch(`http://${address}:8000/`)).status).toBe(200);
    const attempt = await mine.sh(
      `curl -s -o /dev/null -w '%{http_code}' -m 3 http://${address}:8000/; echo " exit=$?"`,
    );
    expect(attempt.stdout.trim()).toMatch(/exit=(7|28)$/);
    // Their own workspace reaches it, by the same address.
    expect((await theirs.sh(`curl -s -m 3 http://${address}:8000/`)).stdout).toContain('hello');
  });

  it('resolves a service name to its own lab only', async () => {
    const [myHello, theirHello] = await Promise.all([mine.helloAddress(), theirs.helloAddress()]);
    expect(myHello).not.toBe(theirHello);
    const resolved = (await mine.sh('getent hosts hello')).stdout.trim().split(/\s+/)[0];
    expect(resolved).toBe(myHello);
  });

  it("does not resolve the other lab's container names", async () => {
    // The engine's resolver answers names it knows at once. One it does not know
    // it forwards from inside the container, where the internal network's rules
    // drop the query on the host (see egress.test.ts): nothing leaves this
    // machine, and a one-second resolver timeout is plenty.
    const network = `shipshape-${mine.sessionId}`;
    expect(docker('network', 'inspect', '-f', '{{.Internal}}', network)).toBe('true');
    const names = [
      `shipshape-${theirs.sessionId}-hello`,
      `shipshape-${theirs.sessionId}-workspace`,
    ];
    for (const name of names) {
      const lookup = await mine.sh(
        `RES_OPTIONS='timeout:1 attempts:1' getent hosts ${name}; echo "exit=$?"`,
      );
      expect(lookup.stdout.trim()).toBe('exit=2'); // 2: not found
    }
    // Control: the same kind of name does resolve within one's own lab.
    const own = await mine.sh(`getent hosts shipshape-${mine.sessionId}-hello`);
    expect(own.stdout.split(/\s+/)[0]).toBe(await mine.helloAddress());
  });
});
