import { describe, expect, it } from 'vitest';
import type { EnvironmentSpec, ServiceSpec } from '../../src/sandbox/sandbox-driver';
import { targetContainerName } from '../../src/sandbox/docker/docker-names';
import {
  networkConfig,
  serviceConfig,
  volumeConfig,
  workspaceConfig,
} from '../../src/sandbox/docker/docker-container-config';

const MiB = 1024 * 1024;

const api: ServiceSpec = {
  name: 'api',
  image: { kind: 'platform', name: 'python-service' },
  command: ['uvicorn', 'app:app'],
  environment: { MODE: 'test' },
  ports: [8000],
  codeDir: 'services/api',
  healthcheck: {
    test: ['curl', '-f', 'http://127.0.0.1:8000/'],
    intervalMs: 500,
    timeoutMs: 2000,
    retries: 3,
    startPeriodMs: 1000,
  },
  dependsOn: [],
  replicas: 2,
  capAdd: ['NET_BIND_SERVICE'],
  tmpfs: ['/data'],
};

const spec: EnvironmentSpec = {
  sessionId: '0123456789abcdef',
  labId: 'demo',
  ownerId: 'u1',
  workspace: { image: { kind: 'platform', name: 'workspace' }, workdir: '/home/learner/lab' },
  starterDir: '/labs/demo/starter',
  services: [api],
  limits: {
    memoryBytes: 256 * MiB,
    nanoCpus: 1e9,
    pids: 128,
    diskBytes: 32 * MiB,
    tmpBytes: 16 * MiB,
  },
};

const labels = (role: string) => ({
  'dev.shipshape.platform': 'p1',
  'dev.shipshape.session': '0123456789abcdef',
  'dev.shipshape.lab': 'demo',
  'dev.shipshape.owner': 'u1',
  'dev.shipshape.role': role,
});

/** What every lab container must get, whatever it runs. */
const hardened = {
  NetworkMode: 'shipshape-0123456789abcdef',
  Init: true,
  CapDrop: ['ALL'],
  SecurityOpt: ['no-new-privileges'],
  Privileged: false,
  ReadonlyRootfs: true,
  Memory: 256 * MiB,
  MemorySwap: 256 * MiB,
  NanoCpus: 1e9,
  PidsLimit: 128,
  LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
  DnsOptions: ['timeout:1', 'attempts:1'],
};

describe('the container configuration the Docker driver sends', () => {
  it('puts a session on its own internal network whose bridge the host firewall recognises', () => {
    expect(networkConfig(spec, 'p1')).toEqual({
      Name: 'shipshape-0123456789abcdef',
      Internal: true,
      Labels: labels('network'),
      Options: { 'com.docker.network.bridge.name': 'ssbr-0123456789' },
    });
  });

  it("caps the learner's code volume with a kernel-enforced size, owned by the learner", () => {
    expect(volumeConfig(spec, 'p1')).toEqual({
      Name: 'shipshape-0123456789abcdef-code',
      Labels: labels('code'),
      Driver: 'local',
      DriverOpts: {
        type: 'tmpfs',
        device: 'tmpfs',
        o: `size=${32 * MiB},uid=1000,gid=1000,mode=0755`,
      },
    });
  });

  it('gives the workspace a read-only root, capped /tmp and home, and the code volume in ~/lab', () => {
    expect(workspaceConfig(spec, 'p1', 'shipshape/workspace:abc')).toEqual({
      name: 'shipshape-0123456789abcdef-workspace',
      Image: 'shipshape/workspace:abc',
      Hostname: 'lab',
      WorkingDir: '/home/learner/lab',
      Labels: labels('workspace'),
      HostConfig: {
        ...hardened,
        Tmpfs: {
          '/tmp': `rw,nosuid,nodev,size=${16 * MiB},mode=1777`,
          '/home/learner': `rw,nosuid,nodev,size=${16 * MiB},uid=1000,gid=1000,mode=0755`,
        },
        Mounts: [
          {
            Type: 'volume',
            Source: 'shipshape-0123456789abcdef-code',
            Target: '/home/learner/lab',
          },
        ],
      },
    });
  });

  it('runs a service replica hardened, non-root, with the code read-only and no host port', () => {
    expect(
      serviceConfig(spec, 'p1', api, 2, 'shipshape/python-service:abc', '10001:10001'),
    ).toEqual({
      name: 'shipshape-0123456789abcdef-api-2',
      Image: 'shipshape/python-service:abc',
      Hostname: 'api-2',
      User: '10001:10001',
      Labels: { ...labels('api'), 'dev.shipshape.replica': '2' },
      Env: ['MODE=test'],
      Cmd: ['uvicorn', 'app:app'],
      WorkingDir: '/srv/lab/services/api',
      ExposedPorts: { '8000/tcp': {} },
      HostConfig: {
        ...hardened,
        CapAdd: ['NET_BIND_SERVICE'],
        Tmpfs: {
          '/tmp': `rw,nosuid,nodev,size=${16 * MiB}`,
          '/data': `rw,nosuid,nodev,size=${16 * MiB}`,
        },
        Mounts: [
          {
            Type: 'volume',
            Source: 'shipshape-0123456789abcdef-code',
            Target: '/srv/lab',
            ReadOnly: true,
          },
        ],
      },
      NetworkingConfig: {
        EndpointsConfig: { 'shipshape-0123456789abcdef': { Aliases: ['api', 'api-2'] } },
      },
    });
  });

  it("leaves Docker's periodic healthcheck off: the driver runs the lab's check while starting", () => {
    // A Docker 20.10 healthcheck costs the engine ~50 ms of CPU per run, forever.
    expect(serviceConfig(spec, 'p1', api, 1, 'img', undefined)).not.toHaveProperty('Healthcheck');
  });

  it('names the first replica after the service itself, and a single replica has no numbered alias', () => {
    const first = serviceConfig(spec, 'p1', api, 1, 'img', undefined);
    expect(first.name).toBe('shipshape-0123456789abcdef-api');
    expect(
      first.NetworkingConfig?.EndpointsConfig?.['shipshape-0123456789abcdef']?.Aliases,
    ).toEqual(['api', 'api-1']);
    expect(first).not.toHaveProperty('User');
    const single = serviceConfig(spec, 'p1', { ...api, replicas: 1 }, 1, 'img', undefined);
    expect(
      single.NetworkingConfig?.EndpointsConfig?.['shipshape-0123456789abcdef']?.Aliases,
    ).toEqual(['api']);
  });

  it('finds the container a grader or fault names, whether `api`, `api-1` or `api-2`', () => {
    const id = '0123456789abcdef';
    expect(targetContainerName(id, 'api')).toBe(
      serviceConfig(spec, 'p1', api, 1, 'i', undefined).name,
    );
    expect(targetContainerName(id, 'api-1')).toBe(
      serviceConfig(spec, 'p1', api, 1, 'i', undefined).name,
    );
    expect(targetContainerName(id, 'api-2')).toBe(
      serviceConfig(spec, 'p1', api, 2, 'i', undefined).name,
    );
  });
});
