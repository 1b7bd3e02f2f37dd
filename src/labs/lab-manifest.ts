import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LabAuthoringError } from './lab-authoring-error';
import { parseBytes, parseMilliseconds } from './units';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by dashes, e.g. "hello-service"');

const relativePath = z.string().refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), {
  message: 'must be a path inside the lab folder (no leading "/", no "..")',
});

/** A custom issue whose `hint` the authoring error shows. */
function problem(
  ctx: z.RefinementCtx,
  message: string,
  hint: string,
  path: (string | number)[] = [],
) {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message, path, params: { hint } });
}

const duration = z.string().transform((text, ctx) => {
  const ms = parseMilliseconds(text);
  if (ms === undefined) {
    problem(ctx, `"${text}" is not a duration`, 'write it like 500ms, 2s, 5m or 1h');
    return z.NEVER;
  }
  return ms;
});

const size = z.string().transform((text, ctx) => {
  const bytes = parseBytes(text);
  if (bytes === undefined) {
    problem(ctx, `"${text}" is not a size`, 'write it like 64m, 512m or 1g');
    return z.NEVER;
  }
  return bytes;
});

/**
 * Capabilities a service may ask back (all are dropped by default). Anything
 * that reaches outside the container (SYS_ADMIN, NET_ADMIN, SYS_PTRACE …) is not on the list.
 */
export const GRANTABLE_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'NET_BIND_SERVICE',
] as const;

const HealthcheckSchema = z
  .object({
    /** Exec form, or a string run by /bin/sh -c, as in compose files. */
    test: z
      .union([z.array(z.string()).min(1), z.string().min(1)])
      .transform((t) => (typeof t === 'string' ? ['/bin/sh', '-c', t] : t)),
    interval: duration.default('1s'),
    timeout: duration.default('2s'),
    retries: z.number().int().min(1).max(100).default(30),
    start_period: duration.default('0s'),
  })
  .strict();

const ServiceSchema = z
  .object({
    image: slug.describe('a folder name under docker/images/').optional(),
    build: relativePath.describe('a folder of the lab holding a Dockerfile').optional(),
    command: z
      .union([z.array(z.string()).min(1), z.string().min(1)])
      .optional()
      .transform((c) => (typeof c === 'string' ? ['/bin/sh', '-c', c] : c)),
    environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    ports: z.array(z.number().int().min(1).max(65535)).default([]),
    code: relativePath.optional(),
    depends_on: z.array(slug).default([]),
    healthcheck: HealthcheckSchema.optional(),
    replicas: z.number().int().min(1).max(5).default(1),
    cap_add: z.array(z.enum(GRANTABLE_CAPABILITIES)).default([]),
    /** Extra writable folders (size-capped tmpfs) on the otherwise read-only root. */
    tmpfs: z.array(z.string().startsWith('/')).default([]),
  })
  .strict()
  .superRefine((service, ctx) => {
    if (Boolean(service.image) === Boolean(service.build)) {
      problem(
        ctx,
        'needs exactly one of image or build',
        'image names a folder under docker/images/; build names a folder of this lab with a Dockerfile',
      );
    }
  });

const LimitsSchema = z
  .object({
    memory: size.optional(),
    cpus: z.number().min(0.1).max(16).optional(),
    pids: z.number().int().min(16).max(8192).optional(),
    disk: size.optional(),
    tmp: size.optional(),
    ttl: duration.optional(),
    idle: duration.optional(),
  })
  .strict();

const StepSchema = z
  .object({
    title: z.string().min(1),
    text: relativePath,
    checks: z.array(slug).default([]),
  })
  .strict();

export const LabManifestSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    summary: z.string().min(1),
    lesson: z.string().min(1).optional(),
    level: z.enum(['beginner', 'intermediate', 'advanced']),
    minutes: z.number().int().min(1).max(600),
    required: z.boolean().default(false),
    workspace: z
      .object({
        image: slug.default('workspace'),
        workdir: z.string().startsWith('/').default('/home/learner/lab'),
      })
      .strict()
      .default({}),
    services: z
      .record(
        slug.refine((name) => !/-\d+$/.test(name), {
          message: 'a service name may not end in "-<number>": those names belong to replicas',
        }),
        ServiceSchema,
      )
      .default({}),
    limits: LimitsSchema.default({}),
    steps: z.array(StepSchema).min(1, 'a lab needs at least one step'),
    hints: z.record(slug, z.string()).default({}),
    /** Checks the untouched starter must fail (`lab test` proves it); empty: any below full marks. */
    starter_fails: z.array(slug).default([]),
  })
  .strict()
  .superRefine((lab, ctx) => {
    const names = Object.keys(lab.services);
    for (const [name, service] of Object.entries(lab.services)) {
      service.depends_on.forEach((dependency, i) => {
        if (!names.includes(dependency)) {
          problem(
            ctx,
            `names "${dependency}", which is not a service of this lab`,
            `use one of: ${names.join(', ')}`,
            ['services', name, 'depends_on', i],
          );
        }
      });
    }
    const cycle = findCycle(lab.services);
    if (cycle) {
      problem(
        ctx,
        `services depend on each other in a circle: ${cycle.join(' → ')}`,
        'remove one of these depends_on entries',
        ['services'],
      );
    }
  });

/** A dependency cycle among services, as the list of names around it, if there is one. */
function findCycle(services: Record<string, { depends_on: string[] }>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): string[] | undefined => {
    if (state.get(name) === 'done' || !services[name]) return undefined;
    if (state.get(name) === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const next of services[name].depends_on) {
      const found = visit(next, [...trail, name]);
      if (found) return found;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const name of Object.keys(services)) {
    const found = visit(name, []);
    if (found) return found;
  }
  return undefined;
}

export type LabManifest = z.infer<typeof LabManifestSchema>;
export type LabService = LabManifest['services'][string];

const DOCS = 'docs/labs.md lists every field';

/**
 * The one problem to report first, as a field, a problem and a hint. A typo
 * in a field name shows up twice (the unknown key, and the required field it
 * was meant to be): the unknown key is the one the author wrote, so it leads.
 */
function describeIssue(issues: z.ZodIssue[]): { field: string; problem: string; hint: string } {
  const at = (path: (string | number)[]) => path.join('.') || '(top level)';
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown?.code === 'unrecognized_keys') {
    const key = unknown.keys[0]!;
    const meant = issues.find(
      (i) =>
        i.code === 'invalid_type' &&
        i.received === 'undefined' &&
        at(i.path.slice(0, -1)) === at(unknown.path),
    );
    const field = at([...unknown.path, key]);
    const hint = meant
      ? `did you mean "${String(meant.path.at(-1))}"?`
      : `remove it or fix its spelling; ${DOCS}`;
    return { field, problem: `"${key}" is not a lab.yaml field`, hint };
  }
  const issue = issues[0]!;
  if (issue.code === 'invalid_type' && issue.received === 'undefined') {
    return { field: at(issue.path), problem: 'is required', hint: `add it; ${DOCS}` };
  }
  if (issue.code === 'invalid_type') {
    return {
      field: at(issue.path),
      problem: `${issue.message} (expected ${issue.expected}, got ${issue.received})`,
      hint: 'a list needs "- item" lines, a number no quotes, a map "key: value" lines',
    };
  }
  if (issue.code === 'invalid_enum_value') {
    return {
      field: at(issue.path),
      problem: `is "${String(issue.received)}"`,
      hint: `use one of: ${issue.options.join(', ')}`,
    };
  }
  const custom =
    issue.code === 'custom' ? (issue.params as { hint?: string } | undefined)?.hint : undefined;
  return { field: at(issue.path), problem: issue.message, hint: custom ?? DOCS };
}

/** Parses lab.yaml text; every problem is a LabAuthoringError naming the field. */
export function parseLabManifest(text: string, file: string, folderName: string): LabManifest {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new LabAuthoringError(
      file,
      '',
      `is not valid YAML: ${(error as Error).message}`,
      'fix the YAML syntax',
    );
  }
  const parsed = LabManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const { field, problem, hint } = describeIssue(parsed.error.issues);
    throw new LabAuthoringError(file, field, problem, hint);
  }
  if (parsed.data.id !== folderName) {
    throw new LabAuthoringError(
      file,
      'id',
      `is "${parsed.data.id}" but the folder is "${folderName}"`,
      `write id: ${folderName} (the id is the folder name)`,
    );
  }
  return parsed.data;
}
