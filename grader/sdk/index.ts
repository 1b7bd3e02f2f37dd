/** What lab authors import in labs/<id>/checks.ts, and nothing else. */
import type { CheckSet } from './types';

export { CheckFailure, ProbeFailure } from './check-failure';
export { expect } from './expect';
export type { HttpClient, HttpResponse, HttpRequestOptions } from './http-probe';
export type {
  CheckContext,
  CheckDefinition,
  CheckSet,
  Evidence,
  ExecOutcome,
  FaultAction,
  Faults,
  SequenceStep,
} from './types';

/** Declares a lab's checks, keyed by stable slugs that lab.yaml steps refer to. */
export function defineChecks<T extends CheckSet>(checks: T): T {
  return checks;
}
