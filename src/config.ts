import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from './project-root';
import { PlatformError } from './platform-error';

const MiB = 1024 * 1024;
const MINUTE = 60_000;

/** Every setting of the platform, read once from the environment at start-up. */
const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  /** TCP port of the web server; 0 picks a free one. */
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  /** Where the SQLite database and the cookie secret live. */
  SHIPSHAPE_DATA_DIR: z.string().min(1).default('.data'),
  /** Scopes every container, network and volume this platform creates (label value). */
  SHIPSHAPE_PLATFORM_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lower-case letters, digits and dashes, at most 32')
    .default('default'),
  /** Origin browsers use to reach the platform, when it is behind a proxy (e.g. https://labs.example.org). */
  SHIPSHAPE_PUBLIC_ORIGIN: z.string().url().optional(),
  /** Base image of every lab image; built offline with debootstrap when it cannot be pulled. */
  SHIPSHAPE_BASE_IMAGE: z.string().min(1).default('debian:trixie-slim'),
  /**
   * Whether a missing base image may be pulled from a registry (`0` goes straight
   * to the offline debootstrap build, with no registry look-up at all).
   */
  SHIPSHAPE_PULL_BASE_IMAGE: z.enum(['0', '1']).default('1'),
  /** Memory limit per lab container, in MiB (swap is capped to the same figure). */
  SHIPSHAPE_LAB_MEMORY_MIB: z.coerce.number().int().min(32).max(8192).default(512),
  /** CPU limit per lab container, in cores. */
  SHIPSHAPE_LAB_CPUS: z.coerce.number().min(0.1).max(8).default(1),
  /** Process limit per lab container. */
  SHIPSHAPE_LAB_PIDS: z.coerce.number().int().min(16).max(4096).default(256),
  /** Size cap of the learner's code volume, in MiB (RAM-backed, charged to the workspace). */
  SHIPSHAPE_LAB_DISK_MIB: z.coerce.number().int().min(8).max(8192).default(256),
  /** Size cap of each writable tmpfs in a lab container (/tmp, the learner's home), in MiB. */
  SHIPSHAPE_LAB_TMP_MIB: z.coerce.number().int().min(4).max(4096).default(64),
  /** A lab session ends this many minutes after it started, whatever happens. */
  SHIPSHAPE_LAB_TTL_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(120),
  /** A lab session ends after this many minutes without terminal input, grading or page visits. */
  SHIPSHAPE_LAB_IDLE_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Ceilings a lab's own `limits` may not exceed (MiB, cores, processes, MiB, minutes). */
  SHIPSHAPE_LAB_MAX_MEMORY_MIB: z.coerce.number().int().min(32).max(65536).default(2048),
  SHIPSHAPE_LAB_MAX_CPUS: z.coerce.number().min(0.1).max(64).default(2),
  SHIPSHAPE_LAB_MAX_PIDS: z.coerce.number().int().min(16).max(32768).default(1024),
  SHIPSHAPE_LAB_MAX_DISK_MIB: z.coerce.number().int().min(8).max(65536).default(1024),
  SHIPSHAPE_LAB_MAX_TTL_MINUTES: z.coerce
    .number()
    .min(1)
    .max(7 * 24 * 60)
    .default(480),
  /** Lab sessions one user may have running at once. */
  SHIPSHAPE_MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).max(50).default(2),
  /** Terminals (and log views) one user may have open at once, over all their tabs and labs. */
  SHIPSHAPE_MAX_TERMINALS_PER_USER: z.coerce.number().int().min(1).max(100).default(8),
  /** Lab environments created at once on this host; further starts wait in a queue. */
  SHIPSHAPE_MAX_CONCURRENT_STARTS: z.coerce.number().int().min(1).max(64).default(4),
  /** Gradings run at once on this host; further "Check my work" presses wait their turn. */
  SHIPSHAPE_MAX_CONCURRENT_GRADINGS: z.coerce.number().int().min(1).max(64).default(2),
  /** Ready environments kept per lab, e.g. `hello-service=2,saga=1`. */
  SHIPSHAPE_WARM_POOL: z
    .string()
    .regex(
      /^([a-z0-9-]+=\d+)(,[a-z0-9-]+=\d+)*$/,
      'lab=count pairs joined by commas, e.g. hello-service=2',
    )
    .optional(),
  /** Seconds between two passes of the reaper (expiry, idleness, leftovers). */
  SHIPSHAPE_RECONCILE_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /** Where the labs live (a folder of lab folders). */
  SHIPSHAPE_LABS_DIR: z.string().min(1).default('labs'),
  /** Whether visitors may create their own account (`0`: only `shipshape user add` creates them). */
  SHIPSHAPE_OPEN_REGISTRATION: z.enum(['0', '1']).default('1'),
  /** A signed-in session ends this many days after sign-in. */
  SHIPSHAPE_SESSION_DAYS: z.coerce.number().min(1).max(365).default(30),
});

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  platformId: string;
  publicOrigin: string | undefined;
  baseImage: string;
  pullBaseImage: boolean;
  labsDir: string;
  imagesDir: string;
  /** Defaults for every lab container; a lab's own `limits` may change them up to `ceilings`. */
  limits: LabLimits;
  ceilings: LabLimits;
  maxSessionsPerUser: number;
  maxConcurrentStarts: number;
  maxTerminalsPerUser: number;
  maxConcurrentGradings: number;
  /** Ready environments to keep per lab id. */
  warmPool: Map<string, number>;
  reconcileIntervalMs: number;
  openRegistration: boolean;
  sessionLifetimeMs: number;
}

export interface LabLimits {
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
  diskBytes: number;
  tmpBytes: number;
  ttlMs: number;
  idleMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`PORT=`) means "unset", never 0 or "".
  const set = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new PlatformError('config-invalid', `Invalid configuration: ${lines.join('; ')}`, {
      action: 'Fix or unset these environment variables, then start again.',
    });
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(projectRoot, e.SHIPSHAPE_DATA_DIR),
    platformId: e.SHIPSHAPE_PLATFORM_ID,
    publicOrigin: e.SHIPSHAPE_PUBLIC_ORIGIN?.replace(/\/$/, ''),
    baseImage: e.SHIPSHAPE_BASE_IMAGE,
    pullBaseImage: e.SHIPSHAPE_PULL_BASE_IMAGE === '1',
    labsDir: path.resolve(projectRoot, e.SHIPSHAPE_LABS_DIR),
    imagesDir: path.join(projectRoot, 'docker', 'images'),
    limits: {
      memoryBytes: e.SHIPSHAPE_LAB_MEMORY_MIB * MiB,
      nanoCpus: Math.round(e.SHIPSHAPE_LAB_CPUS * 1e9),
      pids: e.SHIPSHAPE_LAB_PIDS,
      diskBytes: e.SHIPSHAPE_LAB_DISK_MIB * MiB,
      tmpBytes: e.SHIPSHAPE_LAB_TMP_MIB * MiB,
      ttlMs: e.SHIPSHAPE_LAB_TTL_MINUTES * MINUTE,
      idleMs: e.SHIPSHAPE_LAB_IDLE_MINUTES * MINUTE,
    },
    ceilings: {
      memoryBytes: e.SHIPSHAPE_LAB_MAX_MEMORY_MIB * MiB,
      nanoCpus: Math.round(e.SHIPSHAPE_LAB_MAX_CPUS * 1e9),
      pids: e.SHIPSHAPE_LAB_MAX_PIDS,
      diskBytes: e.SHIPSHAPE_LAB_MAX_DISK_MIB * MiB,
      tmpBytes: e.SHIPSHAPE_LAB_MAX_DISK_MIB * MiB,
      ttlMs: e.SHIPSHAPE_LAB_MAX_TTL_MINUTES * MINUTE,
      idleMs: e.SHIPSHAPE_LAB_MAX_TTL_MINUTES * MINUTE,
    },
    maxSessionsPerUser: e.SHIPSHAPE_MAX_SESSIONS_PER_USER,
    maxConcurrentStarts: e.SHIPSHAPE_MAX_CONCURRENT_STARTS,
    maxTerminalsPerUser: e.SHIPSHAPE_MAX_TERMINALS_PER_USER,
    maxConcurrentGradings: e.SHIPSHAPE_MAX_CONCURRENT_GRADINGS,
    warmPool: new Map(
      (e.SHIPSHAPE_WARM_POOL ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const [lab, count] = pair.split('=');
          return [lab!, Number(count)] as const;
        }),
    ),
    reconcileIntervalMs: e.SHIPSHAPE_RECONCILE_SECONDS * 1000,
    openRegistration: e.SHIPSHAPE_OPEN_REGISTRATION === '1',
    sessionLifetimeMs: e.SHIPSHAPE_SESSION_DAYS * 24 * 60 * MINUTE,
  };
}
