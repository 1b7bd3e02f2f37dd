import { PlatformError } from '../../src/platform-error';
import type { SandboxDriver } from '../../src/sandbox/sandbox-driver';
import { CheckFailure, ProbeFailure } from '../sdk/check-failure';
import { expect } from '../sdk/expect';
import { createHttpClient } from '../sdk/http-probe';
import type { CheckContext, CheckDefinition, CheckSet, Evidence } from '../sdk/types';
import { finaliseResult, type CheckResult, type GradeResult } from './grade-result';
import { adviceFor } from './symptoms';

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
}

/** Default and ceiling of one check's run time, in ms. */
const DEFAULT_CHECK_TIMEOUT_MS = 30_000;
const MAX_CHECK_TIMEOUT_MS = 120_000;

/** The grader's own failure: the result does not count against the learner. */
class GraderError extends Error {
  override readonly name = 'GraderError';
}

/** Runs every check against the learner's live services and builds the result. */
export async function gradeLab(options: GradeOptions): Promise<GradeResult> {
  const startedAt = new Date();
  const started = performance.now();
  const ids = orderedIds(options.checks, options.order);
  const tests: CheckResult[] = [];
  for (const id of ids) {
    tests.push(await runCheck(id, options.checks[id]!, options.target));
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
    faults: [],
    ...(errored
      ? { error: `The grader could not finish "${errored.name}": this attempt does not count.` }
      : {}),
  });
}

function orderedIds(checks: CheckSet, order: string[]): string[] {
  const listed = order.filter((id) => Object.hasOwn(checks, id));
  return [...new Set([...listed, ...Object.keys(checks)])];
}

async function runCheck(
  id: string,
  check: CheckDefinition,
  target: GradingTarget,
): Promise<CheckResult> {
  const evidence: Evidence[] = [];
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
  try {
    await Promise.race([
      check.run(createContext(target, evidence)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new GraderError(`the check did not finish within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
      }),
    ]);
    return done({ status: 'passed', score: check.points, output: 'passed' });
  } catch (error) {
    if (error instanceof CheckFailure) {
      const output = await explain(error, target, evidence);
      return done({
        status: 'failed',
        score: 0,
        output,
        ...(check.hint ? { hint: check.hint } : {}),
      });
    }
    return done({
      status: 'error',
      score: 0,
      output: `grader error: ${(error as Error).message ?? String(error)}`,
    });
  } finally {
    clearTimeout(timer);
  }
}

async function explain(
  failure: CheckFailure,
  target: GradingTarget,
  evidence: Evidence[],
): Promise<string> {
  if (!(failure instanceof ProbeFailure)) return failure.message;
  const tail = await target.driver
    .logs(target.sessionId, failure.service, 15)
    .catch(() => undefined);
  if (tail)
    evidence.push({
      kind: 'logs',
      summary: `last lines of ${failure.service}:\n${tail.trimEnd()}`,
    });
  return `${failure.message}\n${adviceFor(failure, tail)}`;
}

function createContext(target: GradingTarget, evidence: Evidence[]): CheckContext {
  const { driver, sessionId } = target;
  return {
    http: (service, port) =>
      createHttpClient(service, port, () => resolveService(target, service, port), evidence),
    exec: async (where, argv) => {
      const result = await driver.exec(sessionId, where, argv);
      evidence.push({
        kind: 'exec',
        summary: `${where}$ ${argv.join(' ')} → exit ${result.exitCode}`,
      });
      return result;
    },
    logs: (service, tail = 50) => driver.logs(sessionId, service, tail),
    expect,
    eventually: async (fn, { within, interval = 250 }) => {
      const deadline = performance.now() + within;
      for (;;) {
        try {
          return await fn();
        } catch (error) {
          if (!(error instanceof CheckFailure) || performance.now() + interval > deadline)
            throw error;
          await new Promise((r) => setTimeout(r, interval));
        }
      }
    },
    note: (summary) => evidence.push({ kind: 'note', summary }),
  };
}

/** A stopped or missing service container is the learner's outcome, not the grader's failure. */
async function resolveService(
  target: GradingTarget,
  service: string,
  port: number,
): Promise<string> {
  try {
    return await target.driver.serviceAddress(target.sessionId, service);
  } catch (error) {
    if (!PlatformError.is(error) || error.kind !== 'environment-gone') throw error;
    throw new ProbeFailure(
      `${service} has no address on the lab network`,
      'not-running',
      service,
      port,
    );
  }
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
