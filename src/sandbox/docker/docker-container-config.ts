import path from 'node:path';
import type Docker from 'dockerode';
import { LABELS } from '../labels';
import {
  CODE_MOUNT,
  WORKSPACE,
  type EnvironmentSpec,
  type ServiceSpec,
  type SessionLimits,
} from '../sandbox-driver';
import { bridgeName, containerName, networkName, replicaName, volumeName } from './docker-names';

/** uid/gid of `learner` in the workspace image: the owner of the learner's files. */
export const LEARNER_UID = 1000;
const LEARNER_HOME = '/home/learner';
/** Who a service runs as when its image would run it as root. */
export const SERVICE_USER = '10001:10001';

export function labels(
  spec: EnvironmentSpec,
  platformId: string,
  role: string,
): Record<string, string> {
  return {
    [LABELS.platform]: platformId,
    [LABELS.session]: spec.sessionId,
    [LABELS.lab]: spec.labId,
    [LABELS.owner]: spec.ownerId,
    [LABELS.role]: role,
  };
}

/** One internal network per session: containers reach each other by name and nothing else. */
export function networkConfig(
  spec: EnvironmentSpec,
  platformId: string,
): Docker.NetworkCreateOptions {
  return {
    Name: networkName(spec.sessionId),
    Internal: true,
    Labels: labels(spec, platformId, 'network'),
    Options: { 'com.docker.network.bridge.name': bridgeName(spec.sessionId) },
  };
}

/**
 * The learner's code: a tmpfs-backed volume, so its size cap is enforced by
 * the kernel (overlay2 on this host has no quotas). It lives as long as a
 * container of the session has it mounted.
 */
export function volumeConfig(
  spec: EnvironmentSpec,
  platformId: string,
): Docker.VolumeCreateOptions {
  return {
    Name: volumeName(spec.sessionId),
    Labels: labels(spec, platformId, 'code'),
    Driver: 'local',
    DriverOpts: {
      type: 'tmpfs',
      device: 'tmpfs',
      o: `size=${spec.limits.diskBytes},uid=${LEARNER_UID},gid=${LEARNER_UID},mode=0755`,
    },
  };
}

/** Settings every lab container gets: no privileges, bounded resources, no way out. */
export function hardening(sessionId: string, limits: SessionLimits): Docker.HostConfig {
  return {
    NetworkMode: networkName(sessionId),
    // tini as PID 1 reaps orphans: without it a killed fork bomb's zombies keep the PIDs limit exhausted.
    Init: true,
    CapDrop: ['ALL'],
    SecurityOpt: ['no-new-privileges'],
    Privileged: false,
    ReadonlyRootfs: true,
    Memory: limits.memoryBytes,
    MemorySwap: limits.memoryBytes,
    NanoCpus: limits.nanoCpus,
    PidsLimit: limits.pids,
    LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
    // A lab network has no way out, so Docker's DNS cannot answer a name it does not know
    // (a stopped service's, say): the lookup waits for upstream servers it never reaches.
    // One one-second try makes "no such host" as quick as a learner expects it to be.
    DnsOptions: ['timeout:1', 'attempts:1'],
  };
}

const tmpfs = (bytes: number, extra = ''): string => `rw,nosuid,nodev,size=${bytes}${extra}`;

export function workspaceConfig(
  spec: EnvironmentSpec,
  platformId: string,
  image: string,
): Docker.ContainerCreateOptions {
  const { tmpBytes } = spec.limits;
  return {
    name: containerName(spec.sessionId, WORKSPACE),
    Image: image,
    Hostname: 'lab',
    WorkingDir: spec.workspace.workdir,
    Labels: labels(spec, platformId, WORKSPACE),
    HostConfig: {
      ...hardening(spec.sessionId, spec.limits),
      Tmpfs: {
        '/tmp': tmpfs(tmpBytes, ',mode=1777'),
        [LEARNER_HOME]: tmpfs(tmpBytes, `,uid=${LEARNER_UID},gid=${LEARNER_UID},mode=0755`),
      },
      Mounts: [
        { Type: 'volume', Source: volumeName(spec.sessionId), Target: spec.workspace.workdir },
      ],
    },
  };
}

export function serviceConfig(
  spec: EnvironmentSpec,
  platformId: string,
  service: ServiceSpec,
  replica: number,
  image: string,
  user: string | undefined,
): Docker.ContainerCreateOptions {
  const network = networkName(spec.sessionId);
  // Every replica answers to the service name; with several, each also to `name-N`.
  const aliases =
    service.replicas === 1 ? [service.name] : [service.name, `${service.name}-${replica}`];
  return {
    name: containerName(spec.sessionId, service.name, replica),
    Image: image,
    Hostname: replicaName(service.name, replica),
    ...(user ? { User: user } : {}),
    Labels: { ...labels(spec, platformId, service.name), 'dev.shipshape.replica': String(replica) },
    Env: Object.entries(service.environment).map(([k, v]) => `${k}=${v}`),
    ...(service.command ? { Cmd: service.command } : {}),
    ...(service.codeDir ? { WorkingDir: path.posix.join(CODE_MOUNT, service.codeDir) } : {}),
    ExposedPorts: Object.fromEntries(service.ports.map((p) => [`${p}/tcp`, {}])),
    HostConfig: {
      ...hardening(spec.sessionId, spec.limits),
      CapAdd: service.capAdd,
      Tmpfs: Object.fromEntries(
        ['/tmp', ...service.tmpfs].map((dir) => [dir, tmpfs(spec.limits.tmpBytes)]),
      ),
      Mounts: service.codeDir
        ? [
            {
              Type: 'volume',
              Source: volumeName(spec.sessionId),
              Target: CODE_MOUNT,
              ReadOnly: true,
            },
          ]
        : [],
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: aliases } } },
  };
}
