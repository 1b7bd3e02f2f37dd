/**
 * Grading time, measured in-process on a running hello-service lab:
 * - without faults: the lab's own checks (4 probes) on the starter, through
 *   the same path as "Check my work" (LabSessionService.grade: warm-up wait,
 *   checks, result stored);
 * - with faults: a check that stops the service, sees it down, starts it again
 *   and waits until it answers, then the engine mends the rest.
 * Run: npx tsx bench/grade.ts [runs]   (needs the engine and images)
 */
import { gradeLab } from '../grader/engine/grade-lab';
import { defineChecks } from '../grader/sdk';
import { createTestPlatform, startReady } from '../tests/support/test-platform';

const runs = Number(process.argv[2] ?? 10);

const stats = (label: string, ms: number[], goal: { p: 'p50' | 'p95'; ms: number }): void => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const value = goal.p === 'p50' ? at(0.5) : at(0.95);
  console.log(
    `${label.padEnd(30)} median ${at(0.5).toFixed(0).padStart(6)} ms   p95 ${at(0.95).toFixed(0).padStart(6)} ms   ` +
      `(n=${ms.length})   goal ${goal.p} ≤ ${goal.ms / 1000} s: ${value <= goal.ms ? 'PASS' : 'MISS'}`,
  );
};

const withFault = defineChecks({
  'survives-restart': {
    title: 'hello comes back after being stopped',
    points: 1,
    async run({ http, faults, expect, eventually }) {
      const hello = http('hello', 8000);
      expect((await hello.get('/')).status, 'before').toBe(200);
      await faults.stop('hello');
      const during = await hello.get('/', { timeoutMs: 500 }).then(
        () => 'answered',
        () => 'down',
      );
      expect(during, 'while stopped').toBe('down');
      await faults.start('hello');
      await eventually(
        async () => expect((await hello.get('/', { timeoutMs: 1000 })).status, 'after').toBe(200),
        {
          within: 20_000,
        },
      );
    },
  },
});

const t = createTestPlatform();
try {
  const owner = t.platform.store.createGuestUser().id;
  const sessionId = await startReady(t.platform, owner, 'hello-service');
  const plain: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await t.platform.sessions.grade(owner, sessionId);
    plain.push(performance.now() - started);
  }
  const faulted: number[] = [];
  for (let i = 0; i < Math.max(3, Math.floor(runs / 2)); i++) {
    const started = performance.now();
    const result = await gradeLab({
      labId: 'hello-service',
      checks: withFault,
      order: [],
      target: { driver: t.platform.driver, sessionId },
    });
    if (!result.passed)
      throw new Error(`the fault check did not pass: ${JSON.stringify(result.tests[0])}`);
    faulted.push(performance.now() - started);
  }
  console.log(`\ngrading hello-service (${new Date().toISOString()}):`);
  stats('without faults (4 checks)', plain, { p: 'p50', ms: 5_000 });
  stats('with a stop/start fault', faulted, { p: 'p95', ms: 30_000 });
} finally {
  t.dispose();
}
