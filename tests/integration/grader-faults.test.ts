import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeLab } from '../../grader/engine/grade-lab';
import { defineChecks } from '../../grader/sdk';
import { createPlatform } from '../../src/server/platform';
import { docker } from '../support/docker-cli';
import { createTestPlatform, startReady, type TestPlatform } from '../support/test-platform';

describe('faults on a real lab', () => {
  let t: TestPlatform;
  let sessionId: string;
  const state = () =>
    docker('inspect', `shipshape-${sessionId}-hello`, '--format', '{{.State.Status}}');

  beforeAll(async () => {
    t = createTestPlatform();
    sessionId = await startReady(
      t.platform,
      t.platform.store.createGuestUser().id,
      'hello-service',
    );
  });
  afterAll(() => t.dispose());

  it('lets a check see its faults, and mends every one of them afterwards', async () => {
    const seen: Record<string, string> = {};
    const result = await gradeLab({
      labId: 'hello-service',
      order: [],
      target: { driver: t.platform.driver, sessionId },
      checks: defineChecks({
        'under-faults': {
          title: 'hello under stop, pause and disconnect',
          points: 1,
          async run({ http, faults }) {
            const probe = async () => {
              try {
                return String((await http('hello', 8000).get('/', { timeoutMs: 800 })).status);
              } catch (error) {
                return (error as Error).message;
              }
            };
            seen['before'] = await probe();
            await faults.pause('hello');
            seen['paused'] = await probe();
            await faults.unpause('hello');
            await faults.disconnect('hello');
            seen['disconnected'] = await probe();
            await faults.stop('hello');
            seen['stopped'] = await probe();
            await faults.start('hello');
            // The check mended pause and stop itself; the engine reconnects the network afterwards.
          },
        },
      }),
    });
    expect(seen['before']).toBe('200');
    expect(seen['paused']).toMatch(/no answer within 800 ms/);
    expect(seen['disconnected']).toMatch(/has no address|no answer|EHOSTUNREACH/);
    expect(seen['stopped']).toMatch(/has no address|refused|no answer/);
    // The check mended pause and stop itself; the engine reconnected the network afterwards.
    expect(result.faults.map((f) => f.kind)).toEqual(['pause', 'disconnect', 'stop']);
    expect(result.faults.every((f) => f.restored_at_ms !== undefined)).toBe(true);
    expect(state()).toBe('running');
    const after = await t.platform.driver.exec(sessionId, 'workspace', [
      'curl',
      '-s',
      '--retry',
      '20',
      '--retry-delay',
      '1',
      '--retry-connrefused',
      'http://hello:8000/',
    ]);
    expect(JSON.parse(after.stdout)).toEqual({ message: 'hello' });
  });

  it('undoes, at the next start, a fault a crashed platform left in place', async () => {
    // The platform "dies" between journaling and mending a fault.
    t.platform.store.recordFault(sessionId, 'hello', 'stop');
    await t.platform.driver.fault(sessionId, 'hello', 'stop');
    expect(state()).toBe('exited');

    const restarted = createPlatform(t.config);
    try {
      await restarted.sessions.sweep({ startup: true });
      expect(state()).toBe('running');
      expect(restarted.store.listUnrestoredFaults()).toEqual([]);
    } finally {
      restarted.close();
    }
  });
});
