import type { Duplex } from 'node:stream';

/** A service container of a lab, as the driver is asked to run it. */
export interface ServiceSpec {
  /** DNS name on the session network, e.g. `hello`. */
  name: string;
  /** Logical image name (a folder under docker/images/). */
  image: string;
  command: string[] | undefined;
  environment: Record<string, string>;
  /** Container ports the service listens on (never published on the host). */
  ports: number[];
  /**
   * When the service runs the learner's code: the workspace subfolder (relative,
   * `.` for all of it) it runs in. The code volume is mounted read-only at
   * CODE_MOUNT and the service starts in that subfolder.
   */
  codeDir: string | undefined;
}

export interface EnvironmentSpec {
  sessionId: string;
  labId: string;
  ownerId: string;
  workspace: { image: string; workdir: string };
  /** Host folder whose files become the learner's starting code. */
  starterDir: string;
  services: ServiceSpec[];
}

export interface ServiceStatus {
  name: string;
  state: 'created' | 'running' | 'exited' | 'missing';
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** An interactive TTY process whose bytes flow through `stream`. */
export interface ShellProcess {
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
}

export interface EngineInfo {
  version: string;
  apiVersion: string;
}

/** Where a service sees the learner's code (the python-service image's WORKDIR). */
export const CODE_MOUNT = '/srv/lab';

/** The workspace container, where the learner's terminal runs. */
export const WORKSPACE = 'workspace';

/**
 * Everything the platform asks of a container engine. Only the Docker
 * implementation imports dockerode; the grader, the terminal and the lab
 * service see this interface.
 */
export interface SandboxDriver {
  /** Resolves when the engine answers; rejects with PlatformError('engine-unreachable'). */
  ping(): Promise<EngineInfo>;
  /** Starts a lab's network, code volume, workspace and services; removes them all on failure. */
  createEnvironment(spec: EnvironmentSpec): Promise<ServiceStatus[]>;
  /** Removes every object labelled with the session; succeeds when nothing is left. */
  destroyEnvironment(sessionId: string): Promise<void>;
  /** Session ids that have objects on the engine, for reconciliation at start-up. */
  listEnvironments(): Promise<string[]>;
  status(sessionId: string): Promise<ServiceStatus[]>;
  /** Runs a command to completion in the workspace or a service container. */
  exec(
    sessionId: string,
    target: string,
    argv: string[],
    options?: { timeoutMs?: number },
  ): Promise<ExecResult>;
  /** Starts an interactive TTY process in the workspace, as the learner. */
  openShell(
    sessionId: string,
    argv: string[],
    size: { cols: number; rows: number },
  ): Promise<ShellProcess>;
  /** The address at which the platform reaches a service on the session network. */
  serviceAddress(sessionId: string, service: string): Promise<string>;
  /** The last lines a service printed. */
  logs(sessionId: string, service: string, tail: number): Promise<string>;
}
