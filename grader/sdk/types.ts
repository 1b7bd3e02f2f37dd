import type { Expectation } from './expect';
import type { HttpClient } from './http-probe';

export interface Evidence {
  kind: 'http' | 'exec' | 'logs' | 'note';
  summary: string;
}

export interface ExecOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type FaultAction =
  'stop' | 'start' | 'pause' | 'unpause' | 'restart' | 'kill' | 'disconnect';

/**
 * Breaking the learner's system on purpose. Every fault is undone when the
 * check ends, pass or fail, and appears on the result's fault timeline.
 */
export type Faults = Record<FaultAction, (service: string) => Promise<void>> & {
  /** Delays every new connection through a fault-proxy service (the link) by `ms`. */
  latency(link: string, ms: number): Promise<void>;
  /** Resets a share `rate` (0 to 1) of new connections through a fault-proxy service. */
  errors(link: string, rate: number): Promise<void>;
};

export interface SequenceStep {
  /** What the learner's system should be doing at this point, e.g. "breaker open". */
  name: string;
  /** How long it may take to get there, in ms. */
  within: number;
  check(): Promise<void>;
}

/** What a check can do to, and learn about, the learner's running lab. */
export interface CheckContext {
  /** HTTP probes to a service port on the session network. */
  http(service: string, port: number): HttpClient;
  /** Runs a command in the workspace (`workspace`) or a service container. */
  exec(target: string, argv: string[]): Promise<ExecOutcome>;
  /** The last lines a service printed. */
  logs(service: string, tail?: number): Promise<string>;
  /** Files in the learner's workspace (read with `cat` inside it, at most 1 MiB). */
  files: { read(path: string): Promise<string> };
  faults: Faults;
  expect(actual: unknown, label?: string): Expectation;
  /** Retries `fn` until it stops throwing or `within` ms have passed, then rethrows its last failure. */
  eventually<T>(fn: () => Promise<T>, options: { within: number; interval?: number }): Promise<T>;
  /** Runs `fn` again and again for `for` ms; the first failure fails the check. */
  consistently(fn: () => Promise<void>, options: { for: number; interval?: number }): Promise<void>;
  /** Each step must come true, in order, each within its own time. */
  sequence(steps: SequenceStep[]): Promise<void>;
  /** The share (0 to 1) of `requests` calls of `fn` that did not throw, `concurrency` at a time. */
  successRate(
    fn: (i: number) => Promise<void>,
    options: { requests: number; concurrency?: number },
  ): Promise<number>;
  /** Adds a line to the check's evidence. */
  note(summary: string): void;
}

export interface CheckDefinition {
  title: string;
  /** Points this check is worth; the lab's max score is their sum. */
  points: number;
  /** Shown to the learner after the check fails. */
  hint?: string;
  /** Milliseconds before the check counts as a grader failure; default 30 000, capped at 120 000. */
  timeoutMs?: number;
  run(context: CheckContext): Promise<void>;
}

export type CheckSet = Record<string, CheckDefinition>;
