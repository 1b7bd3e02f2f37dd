import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentSpec } from '../../src/labs/environment-spec';
import type { ServiceStatus } from '../../src/sandbox/sandbox-driver';
import { docker } from '../support/docker-cli';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const FIXTURES = { SHIPSHAPE_LABS_DIR: 'tests/fixtures/labs' };

describe('a lab of several services (tests/fixtures/labs/shop-demo)', () => {
  let t: TestPlatform;
  const sessionId = 'c0ffee0000000001';
  const seen: ServiceStatus[][] = [];
  let final: ServiceStatus[];

  beforeAll(async () => {
    t = createTestPlatform(FIXTURES);
    const owner = t.platform.store.createGuestUser().id;
    const lab = t.platform.catalog.labs.get('shop-demo')!;
    final = await t.platform.driver.createEnvironment(
      environmentSpec(lab, sessionId, owner, t.config),
      (s) => seen.push(s),
    );
  });
  afterAll(() => t.dispose());

  it('comes up with every service ready', () => {
    expect(final.map((s) => `${s.name}:${s.state}`).sort()).toEqual([
      'api:ready',
      'store:ready',
      'workspace:ready',
    ]);
  });

  it('starts the api only once the store is healthy, and reports it waiting meanwhile', () => {
    const stateOf = (name: string, snapshot: ServiceStatus[]) =>
      snapshot.find((s) => s.name === name)?.state;
    const apiStarting = seen.findIndex((snapshot) => stateOf('api', snapshot) === 'starting');
    const storeReady = seen.findIndex((snapshot) => stateOf('store', snapshot) === 'ready');
    expect(seen.some((snapshot) => stateOf('api', snapshot) === 'waiting')).toBe(true);
    expect(storeReady).toBeGreaterThanOrEqual(0);
    expect(apiStarting).toBeGreaterThan(storeReady);
    // The api's own start-up calls the store: had it started first, it would have exited.
    expect(docker('inspect', `shipshape-${sessionId}-api`, '--format', '{{.State.Running}}')).toBe(
      'true',
    );
  });

  it('runs three replicas of the api behind one name', async () => {
    const lookup = await t.platform.driver.exec(sessionId, 'workspace', [
      'getent',
      'ahostsv4',
      'api',
    ]);
    const addresses = new Set(
      lookup.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    );
    expect(addresses.size).toBe(3);
    const names = new Set<string>();
    for (const replica of ['api-1', 'api-2', 'api-3']) {
      const res = await t.platform.driver.exec(sessionId, 'workspace', [
        'curl',
        '-s',
        `http://${replica}:8000/`,
      ]);
      names.add((JSON.parse(res.stdout) as { replica: string }).replica);
    }
    expect(names).toEqual(new Set(['api', 'api-2', 'api-3']));
    const status = await t.platform.driver.status(sessionId);
    expect(status.find((s) => s.name === 'api')).toEqual({
      name: 'api',
      state: 'ready',
      replicas: 3,
    });
  });

  it('runs every replica of the lab-built image as a non-root user (the grader names them api-1 … api-3)', async () => {
    for (const replica of ['api-1', 'api-2', 'api-3']) {
      const id = await t.platform.driver.exec(sessionId, replica, ['id', '-u']);
      expect(Number(id.stdout.trim())).toBeGreaterThan(0);
    }
    expect(await t.platform.driver.serviceAddress(sessionId, 'api-1')).toBe(
      await t.platform.driver.serviceAddress(sessionId, 'api'),
    );
  });

  it('answers "no such host" for a name that is not on the lab network within seconds', async () => {
    // What a learner's code sees when it calls a stopped service: a quick failure, not the
    // 20 s of resolver defaults (getent asks for IPv6, then IPv4: two one-second tries).
    const started = Date.now();
    const lookup = await t.platform.driver.exec(sessionId, 'workspace', [
      'getent',
      'hosts',
      'inventory',
    ]);
    expect(lookup.exitCode).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("applies the lab's own limits", () => {
    const memory = docker(
      'inspect',
      `shipshape-${sessionId}-store`,
      '--format',
      '{{.HostConfig.Memory}}',
    );
    expect(Number(memory)).toBe(256 * 1024 * 1024);
  });
});

describe('a lab whose image does not build (tests/fixtures/labs/broken-build)', () => {
  let t: TestPlatform;
  beforeAll(() => {
    t = createTestPlatform(FIXTURES);
  });
  afterAll(() => t.dispose());

  it('fails the start with the failing build step and its output, and leaves nothing behind', async () => {
    const owner = t.platform.store.createGuestUser().id;
    const { session } = await t.platform.sessions.start(owner, 'broken-build');
    const record = await t.platform.sessions.whenStarted(session.id);
    expect(record.state).toBe('failed');
    expect(record.error).toContain('failed at "Step 3/4 : RUN echo "about to fail" && exit 3"');
    expect(record.error).toContain('about to fail');
    expect(await t.platform.driver.listEnvironments()).toEqual([]);
  });
});
