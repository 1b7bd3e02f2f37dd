import { describe, expect, it } from 'vitest';
import { restoreJournaledFaults, type FaultJournal } from '../../grader/engine/fault-injector';
import { gradeLab } from '../../grader/engine/grade-lab';
import { defineChecks, type CheckSet } from '../../grader/sdk';
import { FakeSandboxDriver } from './fakes/fake-sandbox-driver';

/** A journal that remembers what was started and what was mended. */
function journal() {
  const open = new Set<string>();
  const log: string[] = [];
  let n = 0;
  const j: FaultJournal = {
    started: (_session, service, kind) => {
      const id = `f${++n}`;
      open.add(id);
      log.push(`started ${kind} ${service}`);
      return id;
    },
    restored: (id) => {
      open.delete(id);
      log.push(`restored ${id}`);
    },
  };
  return { j, open, log };
}

const grade = (checks: CheckSet, driver = new FakeSandboxDriver(), j = journal()) =>
  gradeLab({ labId: 'demo', checks, order: [], target: { driver, sessionId: 's1' }, journal: j.j });

describe('faults injected by checks', () => {
  it('close when the check mends them itself, and are not undone twice', async () => {
    const driver = new FakeSandboxDriver();
    const result = await grade(
      defineChecks({
        mends: {
          title: 'stops and starts a service',
          points: 1,
          async run({ faults }) {
            await faults.stop('inventory');
            await faults.start('inventory');
            await faults.restart('inventory');
          },
        },
      }),
      driver,
    );
    expect(result.tests[0]?.status).toBe('passed');
    expect(driver.faultsApplied).toEqual([
      'stop inventory',
      'start inventory',
      'restart inventory',
    ]);
    expect(result.faults.map((f) => [f.kind, f.restored_at_ms !== undefined])).toEqual([
      ['stop', true],
      ['restart', true],
    ]);
  });

  it('are journaled before they happen and undone, newest first, when the check passes', async () => {
    const driver = new FakeSandboxDriver();
    const j = journal();
    const result = await grade(
      defineChecks({
        survives: {
          title: 'survives two faults',
          points: 1,
          async run({ faults }) {
            await faults.stop('inventory');
            await faults.pause('payments');
          },
        },
      }),
      driver,
      j,
    );
    expect(result.tests[0]?.status).toBe('passed');
    expect(driver.faultsApplied).toEqual([
      'stop inventory',
      'pause payments',
      'unpause payments',
      'start inventory',
    ]);
    expect(j.open.size).toBe(0);
    expect(j.log.slice(0, 2)).toEqual(['started stop inventory', 'started pause payments']);
    expect(result.faults).toEqual([
      {
        service: 'inventory',
        kind: 'stop',
        at_ms: expect.any(Number),
        restored_at_ms: expect.any(Number),
      },
      {
        service: 'payments',
        kind: 'pause',
        at_ms: expect.any(Number),
        restored_at_ms: expect.any(Number),
      },
    ]);
  });

  it('are undone when the check fails, and when the check itself crashes', async () => {
    const driver = new FakeSandboxDriver();
    const result = await grade(
      defineChecks({
        fails: {
          title: 'fails under a fault',
          points: 1,
          async run({ faults, expect }) {
            await faults.disconnect('db');
            expect(1, 'answers').toBe(2);
          },
        },
        crashes: {
          title: 'crashes under a fault',
          points: 1,
          async run({ faults }) {
            await faults.kill('cache');
            throw new TypeError('a bug in the check');
          },
        },
      }),
      driver,
    );
    expect(result.tests.map((t) => t.status)).toEqual(['failed', 'error']);
    expect(result.gradable).toBe(false);
    expect(driver.faultsApplied).toEqual([
      'disconnect db',
      'connect db',
      'kill cache',
      'start cache',
    ]);
  });

  it("count as the grader's failure when they cannot be undone, never the learner's", async () => {
    const driver = new FakeSandboxDriver({ failFault: 'start' });
    const result = await grade(
      defineChecks({
        stops: {
          title: 'stops a service',
          points: 1,
          async run({ faults }) {
            await faults.stop('inventory');
          },
        },
      }),
      driver,
    );
    expect(result.tests[0]).toMatchObject({
      status: 'error',
      output: expect.stringContaining('could not undo faults'),
    });
    expect(result.gradable).toBe(false);
  });

  it('left in place by a platform that died mid-check are undone at the next start', async () => {
    const driver = new FakeSandboxDriver();
    const mended: string[] = [];
    const count = await restoreJournaledFaults(
      driver,
      [
        { id: 'a', sessionId: 's1', service: 'inventory', kind: 'stop' },
        { id: 'b', sessionId: 's1', service: 'payments', kind: 'pause' },
        { id: 'c', sessionId: 's1', service: 'api', kind: 'restart' },
      ],
      { restored: (id) => mended.push(id) },
    );
    expect(count).toBe(3);
    expect(driver.faultsApplied).toEqual(['unpause payments', 'start inventory']);
    expect(mended.sort()).toEqual(['a', 'b', 'c']);
  });
});
