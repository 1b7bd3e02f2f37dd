import { Readable } from 'node:stream';
import { PlatformError } from '../../../src/platform-error';
import type {
  ContainerUsage,
  EngineInfo,
  ExecResult,
  SandboxDriver,
  ServiceStatus,
  ShellProcess,
} from '../../../src/sandbox/sandbox-driver';

export interface FakeSandboxOptions {
  /** What every service's log tail holds. */
  logs?: string;
  /** A fault kind the fake refuses, to play a mend that fails. */
  failFault?: string;
  /** Services whose containers are gone: asking for their address fails as the Docker driver does. */
  goneServices?: string[];
}

/**
 * A sandbox without containers: every service answers on 127.0.0.1, so a
 * test points checks at a node:http server on a loopback port. Only what the
 * grader uses is implemented.
 */
export class FakeSandboxDriver implements SandboxDriver {
  readonly logRequests: Array<{ sessionId: string; service: string; tail: number }> = [];

  constructor(private readonly options: FakeSandboxOptions = {}) {}

  async serviceAddress(_sessionId: string, service: string): Promise<string> {
    if (this.options.goneServices?.includes(service)) {
      throw new PlatformError('environment-gone', `${service} is gone`);
    }
    return '127.0.0.1';
  }

  async logs(sessionId: string, service: string, tail: number): Promise<string> {
    this.logRequests.push({ sessionId, service, tail });
    return this.options.logs ?? '';
  }

  readonly faultsApplied: string[] = [];

  async fault(_sessionId: string, service: string, kind: string): Promise<void> {
    this.faultsApplied.push(`${kind} ${service}`);
    if (this.options.failFault === kind) throw new Error(`cannot ${kind} ${service}`);
  }

  async followLogs(_sessionId: string, _service: string, _tail: number): Promise<Readable> {
    return Readable.from([this.options.logs ?? '']);
  }

  async exec(_sessionId: string, _target: string, argv: string[]): Promise<ExecResult> {
    return { exitCode: 0, stdout: `${argv.join(' ')}\n`, stderr: '' };
  }

  async ping(): Promise<EngineInfo> {
    return { version: 'fake', apiVersion: 'fake' };
  }

  async createEnvironment(): Promise<ServiceStatus[]> {
    return [];
  }

  async destroyEnvironment(): Promise<void> {}

  async listEnvironments(): Promise<string[]> {
    return [];
  }

  async status(): Promise<ServiceStatus[]> {
    return [];
  }

  async stats(): Promise<ContainerUsage[]> {
    return [];
  }

  async openShell(): Promise<ShellProcess> {
    throw new Error('FakeSandboxDriver has no shell');
  }
}
