import { PlatformError } from '../../src/platform-error';
import { WORKSPACE } from '../../src/sandbox/sandbox-driver';
import { ProbeFailure } from '../sdk/check-failure';
import { expect } from '../sdk/expect';
import { createHttpClient } from '../sdk/http-probe';
import type { CheckContext, Evidence, FaultAction, Faults } from '../sdk/types';
import type { FaultInjector } from './fault-injector';
import type { GradingTarget } from './grade-lab';
import { consistently, eventually, sequence, successRate } from './time-helpers';

/** Largest workspace file a check may read. */
const FILE_CAP_BYTES = 1024 * 1024;
const FAULT_ACTIONS: FaultAction[] = [
  'stop',
  'start',
  'pause',
  'unpause',
  'restart',
  'kill',
  'disconnect',
];

/** What one check runs with: probes, commands and faults on one session, recorded as evidence. */
export function createCheckContext(
  target: GradingTarget,
  evidence: Evidence[],
  faults: FaultInjector,
  /** Services that answered this check with a 5xx, and the status. */
  serverErrors: Map<string, number>,
): CheckContext {
  const { driver, sessionId } = target;
  const exec = async (where: string, argv: string[]) => {
    const result = await driver.exec(sessionId, where, argv);
    evidence.push({
      kind: 'exec',
      summary: `${where}$ ${argv.join(' ')} → exit ${result.exitCode}`,
    });
    return result;
  };
  return {
    http: (service, port) =>
      createHttpClient(
        service,
        port,
        () => resolveService(target, service, port),
        evidence,
        (svc, status) => serverErrors.set(svc, status),
      ),
    exec,
    logs: (service, tail = 50) => driver.logs(sessionId, service, tail),
    files: {
      read: async (path) => {
        const result = await driver.exec(sessionId, WORKSPACE, [
          'head',
          '-c',
          String(FILE_CAP_BYTES),
          '--',
          path,
        ]);
        evidence.push({
          kind: 'exec',
          summary: `read ${path} → ${result.exitCode === 0 ? `${result.stdout.length} bytes` : 'missing'}`,
        });
        if (result.exitCode !== 0)
          throw new ProbeFailure(
            `${path} cannot be read: ${result.stderr.trim()}`,
            'other',
            WORKSPACE,
            undefined,
          );
        return result.stdout;
      },
    },
    faults: {
      ...(Object.fromEntries(
        FAULT_ACTIONS.map((action) => [
          action,
          async (service: string) => {
            evidence.push({ kind: 'note', summary: `fault: ${action} ${service}` });
            await faults.apply(service, action);
          },
        ]),
      ) as Record<FaultAction, (service: string) => Promise<void>>),
      latency: async (link, ms) => {
        evidence.push({ kind: 'note', summary: `fault: ${ms} ms latency on ${link}` });
        await faults.applyToLink(link, 'latency', ms);
      },
      errors: async (link, rate) => {
        evidence.push({
          kind: 'note',
          summary: `fault: ${Math.round(rate * 100)}% connection resets on ${link}`,
        });
        await faults.applyToLink(link, 'errors', rate);
      },
    } satisfies Faults,
    expect,
    eventually,
    consistently,
    sequence,
    successRate,
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
