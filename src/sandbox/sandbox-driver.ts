import type { Duplex, Readable } from 'node:stream';

/** An image a lab container runs: one of the platform's, or one built from a lab folder. */
export type ImageRef =
  | { kind: 'platform'; name: string }
  | { kind: 'lab'; labId: string; name: string; contextDir: string };

export interface Healthcheck {
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
}

/** A service container of a lab, as the driver is asked to run it. */
export interface ServiceSpec {
  /** DNS name on the session network, e.g. `hello` (every replica answers to it). */
  name: string;
  image: ImageRef;
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
  /** Ready means healthy when there is a healthcheck, else every port accepting connections. */
  healthcheck: Healthcheck | undefined;
  /** Services that must be ready before this one starts. */
  dependsOn: string[];
  replicas: number;
  capAdd: string[];
  /** Writable, size-capped folders on the read-only root besides /tmp. */
  tmpfs: string[];
}

export interface SessionLimits {
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
  /** Cap of the learner's code volume. */
  diskBytes: number;
  /** Cap of each tmpfs (/tmp, the learner's home, a service's extra folders). */
  tmpBytes: number;
}

export interface EnvironmentSpec {
  sessionId: string;
  labId: string;
  /** The store decides who owns a session; this label only helps a person reading `docker ps`. */
  ownerId: string;
  workspace: { image: ImageRef; workdir: string };
  /** Host folder whose files become the learner's starting code. */
  starterDir: string;
  services: ServiceSpec[];
  limits: SessionLimits;
}

export type ServiceState =
  'pending' | 'building' | 'waiting' | 'starting' | 'ready' | 'unhealthy' | 'exited' | 'missing';

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  /** Replicas running, when the service has more than one. */
  replicas?: number;
  /** What is happening now, e.g. the build step, or why it is unhealthy. */
  detail?: string;
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
  /** Ends the process and its stream; idempotent. */
  close(): Promise<void>;
}

/** What one container of a session uses right now. */
export interface ContainerUsage {
  /** The workspace, a service, or a replica as `name-N`. */
  name: string;
  /** Share of one CPU core over the engine's last sampling interval: 100 is a whole core. */
  cpuPercent: number;
  /** Memory in use, page cache the kernel may drop left out (as `docker stats` counts it). */
  memoryBytes: number;
  /** The container's memory limit. */
  memoryLimitBytes: number;
}

export interface EngineInfo {
  version: string;
  apiVersion: string;
}

/** Where a service sees the learner's code (the python-service image's WORKDIR). */
export const CODE_MOUNT = '/srv/lab';

/** The workspace container, where the learner's terminal runs. */
export const WORKSPACE = 'workspace';

export type FaultKind =
  'stop' | 'start' | 'pause' | 'unpause' | 'restart' | 'kill' | 'disconnect' | 'connect';

/** What undoes a fault; `restart` needs nothing undone. */
export const FAULT_INVERSE: Record<FaultKind, FaultKind | undefined> = {
  stop: 'start',
  kill: 'start',
  pause: 'unpause',
  disconnect: 'connect',
  restart: undefined,
  start: undefined,
  unpause: undefined,
  connect: undefined,
};

/** Called as an environment comes up, with every container's state so far. */
export type ProgressListener = (services: ServiceStatus[]) => void;

/**
 * Everything the platform asks of a container engine. Only the Docker
 * implementation imports dockerode; the grader, the terminal and the lab
 * service see this interface.
 */
export interface SandboxDriver {
  /** Resolves when the engine answers; rejects with PlatformError('engine-unreachable'). */
  ping(): Promise<EngineInfo>;
  /**
   * Builds what is missing, then starts a lab's network, code volume, workspace
   * and services (each after the services it depends on are ready), and
   * resolves once every service is ready or has had its chance. Removes it all
   * on failure.
   */
  createEnvironment(spec: EnvironmentSpec, onProgress?: ProgressListener): Promise<ServiceStatus[]>;
  /** Removes every object labelled with the session; succeeds when nothing is left. */
  destroyEnvironment(sessionId: string): Promise<void>;
  /** Session ids that have objects on the engine, for reconciliation. */
  listEnvironments(): Promise<string[]>;
  status(sessionId: string): Promise<ServiceStatus[]>;
  /** Runs a command to completion in the workspace or a service container (first replica). */
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
  /** The address at which the platform reaches a service (its first replica, or `name-2` …). */
  serviceAddress(sessionId: string, service: string): Promise<string>;
  /** The last lines a service printed. */
  logs(sessionId: string, service: string, tail: number): Promise<string>;
  /**
   * Breaks or mends a service on purpose (every replica, or one named `name-N`):
   * the grader's faults. Each has an inverse (see FAULT_INVERSE).
   */
  fault(sessionId: string, service: string, kind: FaultKind): Promise<void>;
  /** A service's output from its last `tail` lines on, as it comes; destroy the stream to stop. */
  followLogs(sessionId: string, service: string, tail: number): Promise<Readable>;
  /** CPU and memory each running container of the session uses now (the instructor view). */
  stats(sessionId: string): Promise<ContainerUsage[]>;
}
