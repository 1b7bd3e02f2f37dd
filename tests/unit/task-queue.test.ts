import { describe, expect, it } from 'vitest';
import { TaskQueue } from '../../src/labs/task-queue';

/** A task that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { task: () => done, open };
}

describe('the queue for lab starts and gradings', () => {
  it('runs at most its capacity at once, and the rest in order as slots free up', async () => {
    const q = new TaskQueue(1);
    const order: string[] = [];
    const first = gate();
    const a = q.run('a', async () => {
      order.push('a');
      await first.task();
    });
    const b = q.run('b', async () => void order.push('b'));
    expect(order).toEqual(['a']);
    expect(q.position('b')).toBe(1);
    first.open();
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
  });

  it("puts learners' tasks before warm-pool refills", async () => {
    const q = new TaskQueue(1);
    const busy = gate();
    const running = q.run('busy', busy.task);
    void q.run('refill', async () => undefined, 'pool').catch(() => undefined);
    void q.run('learner', async () => undefined);
    expect([q.position('learner'), q.position('refill')]).toEqual([1, 2]);
    busy.open();
    await running;
  });

  it('settles a task taken out before it ran, so nobody waits on it forever', async () => {
    const q = new TaskQueue(1);
    const busy = gate();
    const running = q.run('busy', busy.task);
    const waiting = q.run('stopped', async () => 'ran');
    expect(q.remove('stopped')).toBe(true);
    await expect(waiting).rejects.toThrow('taken out of the queue before it ran');
    expect(q.remove('stopped')).toBe(false);
    busy.open();
    await running;
  });

  it("passes on the task's own result and failure", async () => {
    const q = new TaskQueue(2);
    await expect(q.run('ok', async () => 42)).resolves.toBe(42);
    await expect(q.run('bad', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
  });
});
