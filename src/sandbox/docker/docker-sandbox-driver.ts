import path from 'node:path';
import Docker from 'dockerode';
import tar from 'tar-fs';
import { PlatformError } from '../../platform-error';
import { BRIDGE_PREFIX, LABELS } from '../labels';
import {
  CODE_MOUNT,
  WORKSPACE,
  type EngineInfo,
  type EnvironmentSpec,
  type ExecResult,
  type SandboxDriver,
  type ServiceSpec,
  type ServiceStatus,
  type ShellProcess,
} from '../sandbox-driver';
import { collect, demultiplex } from './docker-streams';
import { isNotFound, toPlatformError } from './docker-errors';
import type { ImageCatalog } from './image-catalog';

export interface ContainerLimits {
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
}

/** uid/gid of `learner` in the workspace image: the owner of the learner's files. */
const LEARNER_UID = 1000;
const EXEC_OUTPUT_CAP_BYTES = 1024 * 1024;
const DEFAULT_EXEC_TIMEOUT_MS = 30_000;

/** Runs lab environments on a Docker engine: one internal network, one code volume, N containers. */
export class DockerSandboxDriver implements SandboxDriver {
  constructor(
    private readonly docker: Docker,
    private readonly images: ImageCatalog,
    private readonly platformId: string,
    private readonly limits: ContainerLimits,
  ) {}

  async ping(): Promise<EngineInfo> {
    try {
      const version = await this.docker.version();
      return { version: version.Version, apiVersion: version.ApiVersion };
    } catch (error) {
      throw toPlatformError(error, 'contacting the engine');
    }
  }

  async createEnvironment(spec: EnvironmentSpec): Promise<ServiceStatus[]> {
    try {
      const [workspaceImage, ...serviceImages] = await Promise.all([
        this.images.tagFor(spec.workspace.image),
        ...spec.services.map((s) => this.images.tagFor(s.image)),
      ]);
      const labels = (role: string): Record<string, string> => ({
        [LABELS.platform]: this.platformId,
        [LABELS.session]: spec.sessionId,
        [LABELS.lab]: spec.labId,
        [LABELS.owner]: spec.ownerId,
        [LABELS.role]: role,
      });
      const network = networkName(spec.sessionId);
      await this.docker.createNetwork({
        Name: network,
        Internal: true,
        Labels: labels('network'),
        Options: { 'com.docker.network.bridge.name': bridgeName(spec.sessionId) },
      });
      const volume = volumeName(spec.sessionId);
      await this.docker.createVolume({ Name: volume, Labels: labels('code') });

      const workspace = await this.docker.createContainer({
        name: containerName(spec.sessionId, WORKSPACE),
        Image: workspaceImage,
        Hostname: 'lab',
        WorkingDir: spec.workspace.workdir,
        Labels: labels(WORKSPACE),
        HostConfig: {
          ...this.hardening(network),
          Mounts: [{ Type: 'volume', Source: volume, Target: spec.workspace.workdir }],
        },
      });
      await workspace.putArchive(starterArchive(spec.starterDir), { path: spec.workspace.workdir });
      await workspace.start();

      await Promise.all(
        spec.services.map((service, i) =>
          this.startService(
            spec.sessionId,
            service,
            serviceImages[i]!,
            labels(service.name),
            network,
            volume,
          ),
        ),
      );
      return await this.status(spec.sessionId);
    } catch (error) {
      await this.destroyEnvironment(spec.sessionId).catch(() => undefined);
      throw toPlatformError(error, `starting lab ${spec.labId}`);
    }
  }

  private async startService(
    sessionId: string,
    service: ServiceSpec,
    image: string,
    labels: Record<string, string>,
    network: string,
    volume: string,
  ): Promise<void> {
    const container = await this.docker.createContainer({
      name: containerName(sessionId, service.name),
      Image: image,
      Hostname: service.name,
      Labels: labels,
      Env: Object.entries(service.environment).map(([k, v]) => `${k}=${v}`),
      ...(service.command ? { Cmd: service.command } : {}),
      ...(service.codeDir ? { WorkingDir: path.posix.join(CODE_MOUNT, service.codeDir) } : {}),
      ExposedPorts: Object.fromEntries(service.ports.map((p) => [`${p}/tcp`, {}])),
      HostConfig: {
        ...this.hardening(network),
        ReadonlyRootfs: true,
        Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m' },
        Mounts: service.codeDir
          ? [{ Type: 'volume', Source: volume, Target: CODE_MOUNT, ReadOnly: true }]
          : [],
      },
      NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [service.name] } } },
    });
    await container.start();
  }

  /** Settings every lab container gets: no privileges, bounded resources, no way out. */
  private hardening(network: string): Docker.HostConfig {
    return {
      NetworkMode: network,
      Init: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
      Memory: this.limits.memoryBytes,
      MemorySwap: this.limits.memoryBytes,
      NanoCpus: this.limits.nanoCpus,
      PidsLimit: this.limits.pids,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
    };
  }

  async destroyEnvironment(sessionId: string): Promise<void> {
    const filters = this.filters(sessionId);
    try {
      const containers = await this.docker.listContainers({ all: true, filters });
      await Promise.all(
        containers.map((c) =>
          ignoreNotFound(this.docker.getContainer(c.Id).remove({ force: true })),
        ),
      );
      const { Volumes } = await this.docker.listVolumes({ filters });
      const networks = await this.docker.listNetworks({ filters });
      await Promise.all([
        ...networks.map((n) => ignoreNotFound(this.docker.getNetwork(n.Id).remove())),
        ...(Volumes ?? []).map((v) => ignoreNotFound(this.docker.getVolume(v.Name).remove())),
      ]);
    } catch (error) {
      throw toPlatformError(error, `removing lab session ${sessionId}`);
    }
  }

  async listEnvironments(): Promise<string[]> {
    const filters = this.filters();
    try {
      const [containers, networks, volumes] = await Promise.all([
        this.docker.listContainers({ all: true, filters }),
        this.docker.listNetworks({ filters }),
        this.docker.listVolumes({ filters }),
      ]);
      const ids = [
        ...containers.map((c) => c.Labels[LABELS.session]),
        ...networks.map((n) => n.Labels?.[LABELS.session]),
        ...(volumes.Volumes ?? []).map((v) => v.Labels?.[LABELS.session]),
      ];
      return [...new Set(ids.filter((id): id is string => Boolean(id)))];
    } catch (error) {
      throw toPlatformError(error, 'listing lab environments');
    }
  }

  async status(sessionId: string): Promise<ServiceStatus[]> {
    try {
      const containers = await this.docker.listContainers({
        all: true,
        filters: this.filters(sessionId),
      });
      return containers.map((c) => ({
        name: c.Labels[LABELS.role] ?? 'unknown',
        state: c.State === 'running' ? 'running' : c.State === 'created' ? 'created' : 'exited',
      }));
    } catch (error) {
      throw toPlatformError(error, `reading lab session ${sessionId}`);
    }
  }

  async exec(
    sessionId: string,
    target: string,
    argv: string[],
    options: { timeoutMs?: number } = {},
  ): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    try {
      const exec = await this.docker.getContainer(containerName(sessionId, target)).exec({
        Cmd: argv,
        AttachStdout: true,
        AttachStderr: true,
      });
      const stream = await exec.start({ hijack: true, stdin: false });
      let timer: NodeJS.Timeout | undefined;
      const output = await Promise.race([
        collect(stream, EXEC_OUTPUT_CAP_BYTES),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            stream.destroy();
            reject(
              new PlatformError(
                'engine-error',
                `\`${argv.join(' ')}\` ran longer than ${timeoutMs} ms`,
              ),
            );
          }, timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
      const { ExitCode } = await exec.inspect();
      return { exitCode: ExitCode ?? -1, ...demultiplex(output) };
    } catch (error) {
      throw toPlatformError(error, `running a command in ${target}`);
    }
  }

  async openShell(
    sessionId: string,
    argv: string[],
    size: { cols: number; rows: number },
  ): Promise<ShellProcess> {
    try {
      const exec = await this.docker.getContainer(containerName(sessionId, WORKSPACE)).exec({
        Cmd: argv,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
        Env: ['TERM=xterm-256color', 'LANG=C.UTF-8'],
      });
      const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
      // Resizing before the exec has started hangs for 10 s and fails, so it waits until now.
      const resize = async (cols: number, rows: number): Promise<void> => {
        await exec.resize({ w: cols, h: rows }).catch(() => undefined);
      };
      await resize(size.cols, size.rows);
      return { stream, resize };
    } catch (error) {
      throw toPlatformError(error, 'opening a terminal');
    }
  }

  async serviceAddress(sessionId: string, service: string): Promise<string> {
    try {
      const info = await this.docker.getContainer(containerName(sessionId, service)).inspect();
      const address = info.NetworkSettings.Networks[networkName(sessionId)]?.IPAddress;
      if (!address) {
        throw new PlatformError(
          'environment-gone',
          `Service ${service} has no address: is it running?`,
        );
      }
      return address;
    } catch (error) {
      throw toPlatformError(error, `finding service ${service}`);
    }
  }

  async logs(sessionId: string, service: string, tail: number): Promise<string> {
    try {
      const buffer = await this.docker
        .getContainer(containerName(sessionId, service))
        .logs({ stdout: true, stderr: true, tail, follow: false });
      const { stdout, stderr } = demultiplex(buffer);
      return stdout + stderr;
    } catch (error) {
      throw toPlatformError(error, `reading the logs of ${service}`);
    }
  }

  private filters(sessionId?: string): { label: string[] } {
    const label = [`${LABELS.platform}=${this.platformId}`];
    if (sessionId) label.push(`${LABELS.session}=${sessionId}`);
    return { label };
  }
}

export const networkName = (sessionId: string): string => `shipshape-${sessionId}`;
export const volumeName = (sessionId: string): string => `shipshape-${sessionId}-code`;
export const containerName = (sessionId: string, role: string): string =>
  `shipshape-${sessionId}-${role}`;
/** Linux caps interface names at 15 characters. */
const bridgeName = (sessionId: string): string => `${BRIDGE_PREFIX}${sessionId.slice(0, 10)}`;

/** The starter folder as a tar stream whose files belong to the learner. */
function starterArchive(dir: string): NodeJS.ReadableStream {
  return tar.pack(dir, {
    map: (header) => ({
      ...header,
      uid: LEARNER_UID,
      gid: LEARNER_UID,
      uname: 'learner',
      gname: 'learner',
    }),
  });
}

async function ignoreNotFound(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
