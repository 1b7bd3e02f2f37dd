import { randomBytes } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import Docker from 'dockerode';
import tar from 'tar-fs';
import { PlatformError } from '../../platform-error';
import { LABELS } from '../labels';
import {
  WORKSPACE,
  type ContainerUsage,
  type EngineInfo,
  type EnvironmentSpec,
  type ExecResult,
  type FaultKind,
  type ImageRef,
  type ProgressListener,
  type SandboxDriver,
  type ServiceSpec,
  type ServiceState,
  type ServiceStatus,
  type ShellProcess,
} from '../sandbox-driver';
import { accepts } from '../wait-for-ports';
import {
  LEARNER_UID,
  SERVICE_USER,
  networkConfig,
  serviceConfig,
  volumeConfig,
  workspaceConfig,
} from './docker-container-config';
import { containerUsage, type EngineStats } from './container-usage';
import { containerName, networkName, replicaName, targetContainerName } from './docker-names';
import { collect, demultiplex } from './docker-streams';
import { isNotFound, toPlatformError } from './docker-errors';
import type { ImageCatalog } from './image-catalog';

const EXEC_OUTPUT_CAP_BYTES = 1024 * 1024;
const DEFAULT_EXEC_TIMEOUT_MS = 30_000;
/** How long a service without a healthcheck gets to open its ports before it counts as unhealthy. */
const PORTS_READY_MS = 20_000;
/** Ceiling on waiting for a healthcheck verdict, whatever the lab's retries add up to. */
const HEALTH_READY_MAX_MS = 120_000;
const POLL_MS = 100;
/** Removal passes before an object still in use is reported. */
const REMOVE_PASSES = 4;

/** Runs lab environments on a Docker engine: one internal network, one code volume, N containers. */
export class DockerSandboxDriver implements SandboxDriver {
  constructor(
    private readonly docker: Docker,
    private readonly images: ImageCatalog,
    private readonly platformId: string,
  ) {}

  async ping(): Promise<EngineInfo> {
    try {
      const version = await this.docker.version();
      return { version: version.Version, apiVersion: version.ApiVersion };
    } catch (error) {
      throw toPlatformError(error, 'contacting the engine');
    }
  }

  async createEnvironment(
    spec: EnvironmentSpec,
    onProgress: ProgressListener = () => undefined,
  ): Promise<ServiceStatus[]> {
    const progress = new Map<string, ServiceStatus>(
      [WORKSPACE, ...spec.services.map((s) => s.name)].map((name) => [
        name,
        { name, state: 'pending' },
      ]),
    );
    const set = (name: string, state: ServiceState, detail?: string): void => {
      progress.set(name, { name, state, ...(detail === undefined ? {} : { detail }) });
      onProgress([...progress.values()]);
    };
    try {
      const images = await this.buildImages(spec, set);
      await this.docker.createNetwork(networkConfig(spec, this.platformId));
      await this.docker.createVolume(volumeConfig(spec, this.platformId));

      set(WORKSPACE, 'starting');
      const workspace = await this.docker.createContainer(
        workspaceConfig(spec, this.platformId, images.get(WORKSPACE)!),
      );
      // The code volume is a tmpfs: it must be mounted (container running) before files go in.
      await workspace.start();
      await workspace.putArchive(starterArchive(spec.starterDir), { path: spec.workspace.workdir });
      set(WORKSPACE, 'ready');

      const ready = new Map<string, Promise<void>>();
      const startInOrder = (service: ServiceSpec): Promise<void> => {
        let started = ready.get(service.name);
        if (!started) {
          const dependencies = spec.services.filter((s) => service.dependsOn.includes(s.name));
          started = (async () => {
            if (dependencies.length)
              set(service.name, 'waiting', `for ${service.dependsOn.join(', ')}`);
            await Promise.all(dependencies.map(startInOrder));
            set(service.name, 'starting');
            const outcome = await this.startService(spec, service, images.get(service.name)!);
            set(service.name, outcome.state, outcome.detail);
          })();
          ready.set(service.name, started);
        }
        return started;
      };
      await Promise.all(spec.services.map(startInOrder));
      return [...progress.values()];
    } catch (error) {
      await this.destroyEnvironment(spec.sessionId).catch(() => undefined);
      throw toPlatformError(error, `starting lab ${spec.labId}`);
    }
  }

  /** Resolves every image the lab needs, building missing ones and saying so. */
  private async buildImages(
    spec: EnvironmentSpec,
    set: (name: string, state: ServiceState, detail?: string) => void,
  ): Promise<Map<string, string>> {
    const users: Array<[string, ImageRef]> = [
      [WORKSPACE, spec.workspace.image],
      ...spec.services.map((s): [string, ImageRef] => [s.name, s.image]),
    ];
    const tags = new Map<string, string>();
    // One at a time: a first start may build several images, and two cores build one well.
    for (const [name, ref] of users) {
      let built = false;
      const tag = await this.images.ensure(ref, (line) => {
        built = true;
        set(name, 'building', line.trim().slice(0, 160));
      });
      if (built) set(name, 'pending');
      tags.set(name, tag);
    }
    return tags;
  }

  private async startService(
    spec: EnvironmentSpec,
    service: ServiceSpec,
    image: string,
  ): Promise<{ state: ServiceState; detail?: string }> {
    const user = (await this.runsAsRoot(image)) ? SERVICE_USER : undefined;
    const replicas = Array.from({ length: service.replicas }, (_, i) => i + 1);
    await Promise.all(
      replicas.map(async (replica) => {
        const container = await this.docker.createContainer(
          serviceConfig(spec, this.platformId, service, replica, image, user),
        );
        await container.start();
      }),
    );
    const outcomes = await Promise.all(
      replicas.map((replica) => this.waitReady(spec.sessionId, service, replica)),
    );
    return outcomes.find((o) => o.state !== 'ready') ?? { state: 'ready' };
  }

  private async runsAsRoot(image: string): Promise<boolean> {
    const user = (await this.docker.getImage(image).inspect()).Config.User ?? '';
    return user === '' || user === 'root' || user === '0' || user.startsWith('0:');
  }

  /** Ready: healthy when the service has a healthcheck, else every port accepting connections. */
  private async waitReady(
    sessionId: string,
    service: ServiceSpec,
    replica: number,
  ): Promise<{ state: ServiceState; detail?: string }> {
    const target = replicaName(service.name, replica);
    const container = this.docker.getContainer(containerName(sessionId, service.name, replica));
    const { healthcheck } = service;
    // The lab's healthcheck runs here, during start only: a periodic Docker
    // healthcheck costs the engine ~50 ms of CPU per run (bench/lab-start), which
    // at the short interval fast readiness needs would cap a host at ~13 idle labs.
    const started = Date.now();
    const deadline =
      started +
      (healthcheck
        ? Math.min(
            healthcheck.startPeriodMs +
              healthcheck.retries * (healthcheck.intervalMs + healthcheck.timeoutMs),
            HEALTH_READY_MAX_MS,
          )
        : PORTS_READY_MS);
    const pending = new Set(service.ports);
    let failures = 0;
    let lastOutput = '';
    for (;;) {
      const info = await container.inspect();
      if (!info.State.Running) {
        const tail = await this.logs(sessionId, target, 3).catch(() => '');
        return {
          state: 'exited',
          detail: `exited with code ${info.State.ExitCode}${tail ? `: ${tail.trim().split('\n').at(-1)}` : ''}`,
        };
      }
      if (healthcheck) {
        const probe = await this.exec(sessionId, target, healthcheck.test, {
          timeoutMs: healthcheck.timeoutMs,
        }).catch((error: unknown) => ({
          exitCode: -1,
          stdout: '',
          stderr: (error as Error).message,
        }));
        if (probe.exitCode === 0) return { state: 'ready' };
        lastOutput = `${probe.stdout}${probe.stderr}`.trim();
        // As in Docker, failures during the start period do not count.
        if (
          Date.now() - started >= healthcheck.startPeriodMs &&
          ++failures >= healthcheck.retries
        ) {
          return {
            state: 'unhealthy',
            detail: `healthcheck: ${lastOutput.slice(0, 200) || `failed ${failures} times`}`,
          };
        }
      } else {
        const address = info.NetworkSettings.Networks[networkName(sessionId)]?.IPAddress;
        for (const port of [...pending])
          if (address && (await accepts(address, port))) pending.delete(port);
        if (pending.size === 0) return { state: 'ready' };
      }
      if (Date.now() > deadline) {
        return healthcheck
          ? {
              state: 'unhealthy',
              detail: `healthcheck: ${lastOutput.slice(0, 200) || 'no verdict in time'}`,
            }
          : { state: 'unhealthy', detail: `not listening on ${[...pending].join(', ')}` };
      }
      await new Promise((r) => setTimeout(r, healthcheck ? healthcheck.intervalMs : POLL_MS));
    }
  }

  async destroyEnvironment(sessionId: string): Promise<void> {
    const filters = this.filters(sessionId);
    // A container still going away keeps its network (403) or volume (409) "in use" a moment longer.
    for (let pass = 1; ; pass++) {
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
        return;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if ((status !== 403 && status !== 409) || pass >= REMOVE_PASSES) {
          throw toPlatformError(error, `removing lab session ${sessionId}`);
        }
        await new Promise((r) => setTimeout(r, 250 * pass));
      }
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
      const byRole = new Map<string, ServiceState[]>();
      for (const c of containers) {
        const role = c.Labels[LABELS.role] ?? 'unknown';
        byRole.set(role, [...(byRole.get(role) ?? []), containerState(c.State, c.Status)]);
      }
      return [...byRole].map(([name, states]) => ({
        name,
        state: states.find((s) => s !== 'ready') ?? 'ready',
        ...(states.length > 1 ? { replicas: states.filter((s) => s === 'ready').length } : {}),
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
      const exec = await this.docker.getContainer(targetContainerName(sessionId, target)).exec({
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
    // Docker leaves an exec's process running when its attached connection closes
    // (moby/moby#9098): the process writes its pid here so close() can end it.
    const pidFile = `/tmp/.shipshape-shell-${randomBytes(8).toString('hex')}`;
    try {
      const exec = await this.docker.getContainer(containerName(sessionId, WORKSPACE)).exec({
        Cmd: ['/bin/sh', '-c', `echo $$ > ${pidFile}; exec "$@"`, 'sh', ...argv],
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
      let closing: Promise<void> | undefined;
      const close = (): Promise<void> =>
        (closing ??= (async () => {
          stream.destroy();
          // SIGHUP is what a closed terminal sends: a tmux client detaches, its session lives on.
          await this.exec(
            sessionId,
            WORKSPACE,
            ['/bin/sh', '-c', `kill -HUP "$(cat ${pidFile})" 2>/dev/null; rm -f ${pidFile}`],
            {
              timeoutMs: 5_000,
            },
          ).catch(() => undefined);
        })());
      return { stream, resize, close };
    } catch (error) {
      throw toPlatformError(error, 'opening a terminal');
    }
  }

  async serviceAddress(sessionId: string, service: string): Promise<string> {
    try {
      const info = await this.docker
        .getContainer(targetContainerName(sessionId, service))
        .inspect();
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
        .getContainer(targetContainerName(sessionId, service))
        .logs({ stdout: true, stderr: true, tail, follow: false });
      const { stdout, stderr } = demultiplex(buffer);
      return stdout + stderr;
    } catch (error) {
      throw toPlatformError(error, `reading the logs of ${service}`);
    }
  }

  async fault(sessionId: string, service: string, kind: FaultKind): Promise<void> {
    try {
      const byRole = await this.docker.listContainers({
        all: true,
        filters: { label: [...this.filters(sessionId).label, `${LABELS.role}=${service}`] },
      });
      // `name-N` names one replica; a service name, all of them.
      const targets =
        byRole.length > 0 ? byRole.map((c) => c.Id) : [targetContainerName(sessionId, service)];
      const network = this.docker.getNetwork(networkName(sessionId));
      await Promise.all(
        targets.map(async (id) => {
          const container = this.docker.getContainer(id);
          switch (kind) {
            case 'stop':
              return ignoreNotModified(container.stop({ t: 1 }));
            case 'start':
              return ignoreNotModified(container.start());
            case 'restart':
              return container.restart({ t: 1 });
            case 'kill':
              return ignoreNotModified(container.kill());
            case 'pause':
              return alreadySo(container.pause(), 'already paused');
            case 'unpause':
              return alreadySo(container.unpause(), 'is not paused');
            case 'disconnect':
              return alreadySo(
                network.disconnect({ Container: id, Force: true }),
                'is not connected',
              );
            case 'connect': {
              const info = await container.inspect();
              const role = info.Config.Labels[LABELS.role] ?? service;
              const replica = info.Config.Labels['dev.shipshape.replica'] ?? '1';
              const aliases = [role, ...(byRole.length > 1 ? [`${role}-${replica}`] : [])];
              return alreadySo(
                network.connect({ Container: id, EndpointConfig: { Aliases: aliases } }),
                'already exists in network',
              );
            }
          }
        }),
      );
    } catch (error) {
      throw toPlatformError(error, `${kind} ${service}`);
    }
  }

  async followLogs(sessionId: string, service: string, tail: number): Promise<Readable> {
    try {
      const source = await this.docker
        .getContainer(targetContainerName(sessionId, service))
        .logs({ stdout: true, stderr: true, tail, follow: true });
      const out = new PassThrough();
      // Services run without a TTY: their output is multiplexed and must be split.
      this.docker.modem.demuxStream(source, out, out);
      source.on('end', () => out.end());
      source.on('error', (error: Error) => out.destroy(error));
      out.on('close', () => (source as Readable).destroy());
      return out;
    } catch (error) {
      throw toPlatformError(error, `following the logs of ${service}`);
    }
  }

  async stats(sessionId: string): Promise<ContainerUsage[]> {
    try {
      const running = await this.docker.listContainers({ filters: this.filters(sessionId) });
      // Without one-shot the engine answers with two consecutive samples of its 1 s
      // collection cycle, so CPU has an interval; one-shot would save nothing here:
      // it too waits for the next cycle (measured on Docker 20.10: 1.0 s either way).
      const usage = await Promise.all(
        running.map(async (c) => {
          const role = c.Labels[LABELS.role] ?? 'unknown';
          const replica = Number(c.Labels['dev.shipshape.replica'] ?? '1');
          try {
            const stats = await this.docker.getContainer(c.Id).stats({ stream: false });
            return containerUsage(replicaName(role, replica), stats as unknown as EngineStats);
          } catch (error) {
            // Removed since it was listed (the session just ended): it uses nothing.
            if (isNotFound(error)) return undefined;
            throw error;
          }
        }),
      );
      return usage.filter((u): u is ContainerUsage => u !== undefined);
    } catch (error) {
      throw toPlatformError(error, `reading the resource use of lab session ${sessionId}`);
    }
  }

  private filters(sessionId?: string): { label: string[] } {
    const label = [`${LABELS.platform}=${this.platformId}`];
    if (sessionId) label.push(`${LABELS.session}=${sessionId}`);
    return { label };
  }
}

/** A container's state as a learner would name it, from `docker ps`'s State and Status. */
function containerState(state: string, status: string): ServiceState {
  if (state !== 'running') return state === 'created' ? 'pending' : 'exited';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(health: starting)')) return 'starting';
  return 'ready';
}

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

/**
 * Waits for an engine call, counting the one error that means "it is so
 * already" as success: a container gone (404), a stop of a stopped one (304),
 * a pause of a paused one (a message).
 */
async function tolerating(
  promise: Promise<unknown>,
  expected: (error: unknown) => boolean,
): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (!expected(error)) throw error;
  }
}

const ignoreNotFound = (promise: Promise<unknown>) => tolerating(promise, isNotFound);
const ignoreNotModified = (promise: Promise<unknown>) =>
  tolerating(promise, (error) => (error as { statusCode?: number }).statusCode === 304);
const alreadySo = (promise: Promise<unknown>, message: string) =>
  tolerating(promise, (error) =>
    ((error as { json?: { message?: string } }).json?.message ?? String(error)).includes(message),
  );
