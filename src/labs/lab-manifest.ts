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

const HINTS: Record<string, string> = {
  invalid_type:
    'check the value type against labs.md (a list needs "- item" lines, a number no quotes)',
  unrecognized_keys: 'remove the field or fix its spelling; labs.md lists every field',
  invalid_enum_value: 'use one of the allowed values',
};

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
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(top level)';
    const hint = HINTS[issue.code] ?? 'see the lab.yaml fields in docs/labs.md';
    throw new LabAuthoringError(file, field, issue.message, hint);
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
