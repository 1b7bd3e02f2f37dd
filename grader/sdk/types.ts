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

/** What a check can do to, and learn about, the learner's running lab. */
export interface CheckContext {
  /** HTTP probes to a service port on the session network. */
  http(service: string, port: number): HttpClient;
  /** Runs a command in the workspace (`workspace`) or a service container. */
  exec(target: string, argv: string[]): Promise<ExecOutcome>;
  /** The last lines a service printed. */
  logs(service: string, tail?: number): Promise<string>;
  expect(actual: unknown, label?: string): Expectation;
  /** Retries `fn` until it stops throwing or `within` ms have passed, then rethrows its last failure. */
  eventually<T>(fn: () => Promise<T>, options: { within: number; interval?: number }): Promise<T>;
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
