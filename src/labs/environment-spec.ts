import path from 'node:path';
import type { Config } from '../config';
import type { EnvironmentSpec, ImageRef, SessionLimits } from '../sandbox/sandbox-driver';
import type { Lab } from './lab-catalog';

export interface SessionLifetime {
  ttlMs: number;
  idleMs: number;
}

/** A lab's own limits where it sets them, the platform defaults elsewhere, never above the ceilings. */
export function sessionLimits(lab: Lab, config: Config): SessionLimits & SessionLifetime {
  const own = lab.manifest.limits;
  const { limits, ceilings } = config;
  const pick = (value: number | undefined, fallback: number, ceiling: number): number =>
    Math.min(value ?? fallback, ceiling);
  return {
    memoryBytes: pick(own.memory, limits.memoryBytes, ceilings.memoryBytes),
    nanoCpus: pick(
      own.cpus === undefined ? undefined : Math.round(own.cpus * 1e9),
      limits.nanoCpus,
      ceilings.nanoCpus,
    ),
    pids: pick(own.pids, limits.pids, ceilings.pids),
    diskBytes: pick(own.disk, limits.diskBytes, ceilings.diskBytes),
    tmpBytes: pick(own.tmp, limits.tmpBytes, ceilings.tmpBytes),
    ttlMs: pick(own.ttl, limits.ttlMs, ceilings.ttlMs),
    idleMs: pick(own.idle, limits.idleMs, ceilings.idleMs),
  };
}

/** What the driver needs to run one session of a lab. */
export function environmentSpec(
  lab: Lab,
  sessionId: string,
  ownerId: string,
  config: Config,
): EnvironmentSpec {
  const { manifest } = lab;
  const { ttlMs: _ttl, idleMs: _idle, ...limits } = sessionLimits(lab, config);
  const image = (name: string | undefined, build: string | undefined): ImageRef =>
    build
      ? {
          kind: 'lab',
          labId: manifest.id,
          name: name ?? path.basename(build),
          contextDir: path.join(lab.dir, build),
        }
      : { kind: 'platform', name: name! };
  return {
    sessionId,
    labId: manifest.id,
    ownerId,
    workspace: {
      image: image(manifest.workspace.image, undefined),
      workdir: manifest.workspace.workdir,
    },
    starterDir: lab.starterDir,
    limits,
    services: Object.entries(manifest.services).map(([name, s]) => ({
      name,
      image: s.build ? image(name, s.build) : image(s.image, undefined),
      command: s.command,
      environment: Object.fromEntries(
        Object.entries(s.environment).map(([k, v]) => [k, String(v)]),
      ),
      ports: s.ports,
      codeDir: s.code,
      healthcheck: s.healthcheck && {
        test: s.healthcheck.test,
        intervalMs: s.healthcheck.interval,
        timeoutMs: s.healthcheck.timeout,
        retries: s.healthcheck.retries,
        startPeriodMs: s.healthcheck.start_period,
      },
      dependsOn: s.depends_on,
      replicas: s.replicas,
      capAdd: s.cap_add,
      tmpfs: s.tmpfs,
    })),
  };
}
