import type { SandboxDriver } from '../../src/sandbox/sandbox-driver';
import { CheckFailure, ProbeFailure } from '../sdk/check-failure';
import type { CheckDefinition, CheckSet, Evidence } from '../sdk/types';
import { createCheckContext } from './check-context';
import { FaultInjector, type FaultJournal } from './fault-injector';
import { finaliseResult, type CheckResult, type GradeResult } from './grade-result';
import { adviceFor, adviceForServerError } from './symptoms';

export interface GradingTarget {
  driver: SandboxDriver;
  sessionId: string;
}

export interface GradeOptions {
  labId: string;
  checks: CheckSet;
  /** Check ids in the order the lab's steps list them; checks not listed run after. */
  order: string[];
  target: GradingTarget;
  /** Where faults are journaled before they are applied; in memory when omitted. */
  journal?: FaultJournal;
}

/** Default and ceiling of one check's run time, in ms. */
const DEFAULT_CHECK_TIMEOUT_MS = 30_000;
const MAX_CHECK_TIMEOUT_MS = 120_000;
/** The watchdog: no check starts after a run has taken this long (ms). */
const RUN_BUDGET_MS = 5 * 60_000;

/** The grader's own failure: the result does not count against the learner. */
class GraderError extends Error {
  override readonly name = 'GraderError';
}

const memoryJournal = (): FaultJournal => {
  let n = 0;
  return { started: () => String(++n), restored: () => undefined };
};

/** Runs every check against the learner's live services and builds the result. */
export async function gradeLab(options: GradeOptions): Promise<GradeResult> {
  const startedAt = new Date();
  const started = performance.now();
  const faults = new FaultInjector(
    options.target.driver,
    options.target.sessionId,
    options.journal ?? memoryJournal(),
    started,
  );
  const tests: CheckResult[] = [];
  for (const id of orderedIds(options.checks, options.order)) {
    const check = options.checks[id]!;
    if (performance.now() - started > RUN_BUDGET_MS) {
      tests.push(errorResult(id, check, `grading ran past its ${RUN_BUDGET_MS / 60_000} minutes`));
      continue;
    }
    tests.push(await runCheck(id, check, options.target, faults));
  }
  const errored = tests.find((t) => t.status === 'error');
  const score = sum(tests.map((t) => t.score));
  const maxScore = sum(tests.map((t) => t.max_score));
  return finaliseResult({
    lab: options.labId,
    gradable: !errored,
    score,
    max_score: maxScore,
    passed: !errored && score === maxScore,
    duration_ms: Math.round(performance.now() - started),
    started_at: startedAt.toISOString(),
    tests,
    faults: faults.timeline,
    ...(errored
      ? { error: `The grader could not finish "${errored.name}": this attempt does not count.` }
      : {}),
  });
}

function orderedIds(checks: CheckSet, order: string[]): string[] {
  const listed = order.filter((id) => Object.hasOwn(checks, id));
  return [...new Set([...listed, ...Object.keys(checks)])];
}

function errorResult(id: string, check: CheckDefinition, why: string): CheckResult {
  return {
    id,
    name: check.title,
    status: 'error',
    score: 0,
    max_score: check.points,
    output: `grader error: ${why}`,
    duration_ms: 0,
    evidence: [],
  };
}

async function runCheck(
  id: string,
  check: CheckDefinition,
  target: GradingTarget,
  faults: FaultInjector,
): Promise<CheckResult> {
  const evidence: Evidence[] = [];
  const serverErrors = new Map<string, number>();
  const timeoutMs = Math.min(check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS, MAX_CHECK_TIMEOUT_MS);
  const started = performance.now();
  const base = { id, name: check.title, max_score: check.points, evidence };
  const done = (
    rest: Pick<CheckResult, 'status' | 'score' | 'output'> & { hint?: string },
  ): CheckResult => ({
    ...base,
    ...rest,
    duration_ms: Math.round(performance.now() - started),
  });
  let timer: NodeJS.Timeout | undefined;
  let outcome: CheckResult;
  try {
    await Promise.race([
      check.run(createCheckContext(target, evidence, faults, serverErrors)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new GraderError(`the check did not finish within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
      }),
    ]);
    outcome = done({ status: 'passed', score: check.points, output: 'passed' });
  } catch (error) {
    if (error instanceof CheckFailure) {
      const output = await explain(error, target, evidence, serverErrors);
      outcome = done({
        status: 'failed',
        score: 0,
        output,
        ...(check.hint ? { hint: check.hint } : {}),
      });
    } else {
      outcome = done({
        status: 'error',
        score: 0,
        output: `grader error: ${(error as Error).message ?? String(error)}`,
      });
    }
  } finally {
    clearTimeout(timer);
  }
  // Faults end with their check, pass or fail; mending that fails is the grader's failure.
  try {
    await faults.restoreAll();
  } catch (error) {
    return {
      ...outcome,
      status: 'error',
      score: 0,
      output: `grader error: ${(error as Error).message}`,
    };
  }
  return outcome;
}

/**
 * The failure as the learner should read it: a probe that could not reach a
 * service, or a check that failed after a service answered 5xx, gets advice
 * and the end of that service's log.
 */
async function explain(
  failure: CheckFailure,
  target: GradingTarget,
  evidence: Evidence[],
  serverErrors: Map<string, number>,
): Promise<string> {
  const logTail = async (service: string): Promise<string | undefined> => {
    const tail = await target.driver.logs(target.sessionId, service, 15).catch(() => undefined);
    if (tail)
      evidence.push({ kind: 'logs', summary: `last lines of ${service}:\n${tail.trimEnd()}` });
    return tail;
  };
  if (failure instanceof ProbeFailure) {
    return `${failure.message}\n${adviceFor(failure, await logTail(failure.service))}`;
  }
  const advice: string[] = [];
  for (const [service, status] of serverErrors) {
    const hint = adviceForServerError(status, await logTail(service));
    if (hint) advice.push(`${service}: ${hint}`);
  }
  return [failure.message, ...advice].join('\n');
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
