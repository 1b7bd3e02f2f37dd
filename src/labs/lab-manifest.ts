import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LabAuthoringError } from './lab-authoring-error';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by dashes, e.g. "hello-service"');

const relativePath = z.string().refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), {
  message: 'must be a path inside the lab folder (no leading "/", no "..")',
});

const ServiceSchema = z
  .object({
    image: slug.describe('a folder name under docker/images/'),
    command: z
      .union([z.array(z.string()).min(1), z.string().min(1)])
      .optional()
      .transform((c) => (typeof c === 'string' ? ['/bin/sh', '-c', c] : c)),
    environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    ports: z.array(z.number().int().min(1).max(65535)).default([]),
    code: relativePath.optional(),
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
    services: z.record(slug, ServiceSchema).default({}),
    steps: z.array(StepSchema).min(1, 'a lab needs at least one step'),
    hints: z.record(slug, z.string()).default({}),
  })
  .strict();

export type LabManifest = z.infer<typeof LabManifestSchema>;

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
  return { field: at(issue.path), problem: issue.message, hint: DOCS };
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
