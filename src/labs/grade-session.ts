import { gradeLab } from '../../grader/engine/grade-lab';
import type { FaultJournal } from '../../grader/engine/fault-injector';
import type { GradeResult } from '../../grader/engine/grade-result';
import { loadChecks } from '../../grader/engine/load-checks';
import type { SandboxDriver } from '../sandbox/sandbox-driver';
import { waitForPorts } from '../sandbox/wait-for-ports';
import type { Lab } from './lab-catalog';

/** How long grading waits for a service that is (re)starting. */
const GRADE_WARM_UP_MS = 10_000;

/**
 * Grades one running environment of a lab: waits briefly for its services,
 * runs the checks in the order the steps list them, and adds the lab's hints
 * to the checks that failed. The same path serves learners and `lab test`.
 */
export async function gradeSession(
  lab: Lab,
  driver: SandboxDriver,
  sessionId: string,
  journal?: FaultJournal,
): Promise<GradeResult> {
  const target = { driver, sessionId };
  const checks = await loadChecks(lab.checksFile);
  const services = Object.entries(lab.manifest.services).map(([name, s]) => ({
    name,
    ports: s.ports,
  }));
  await waitForPorts(target, services, GRADE_WARM_UP_MS);
  const result = await gradeLab({
    labId: lab.manifest.id,
    checks,
    order: lab.manifest.steps.flatMap((s) => s.checks),
    target,
    ...(journal ? { journal } : {}),
  });
  return {
    ...result,
    tests: result.tests.map((t) => {
      const hint = t.hint ?? lab.manifest.hints[t.id];
      return t.status === 'failed' && hint ? { ...t, hint } : t;
    }),
  };
}
