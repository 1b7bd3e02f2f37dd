import { z } from 'zod';

/** Field names follow Gradescope's results.json so that tools which read those read ours. */
const EvidenceSchema = z.object({
  kind: z.enum(['http', 'exec', 'logs', 'note']),
  summary: z.string(),
});

export const CheckResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['passed', 'failed', 'error']),
  score: z.number(),
  max_score: z.number(),
  output: z.string(),
  hint: z.string().optional(),
  duration_ms: z.number(),
  evidence: z.array(EvidenceSchema),
});

export const GradeResultSchema = z.object({
  lab: z.string(),
  gradable: z.boolean(),
  score: z.number(),
  max_score: z.number(),
  passed: z.boolean(),
  duration_ms: z.number(),
  started_at: z.string(),
  tests: z.array(CheckResultSchema),
  faults: z.array(
    z.object({
      service: z.string(),
      kind: z.string(),
      at_ms: z.number(),
      restored_at_ms: z.number().optional(),
    }),
  ),
  /** Why the grade does not count, when `gradable` is false. */
  error: z.string().optional(),
});

export type CheckResult = z.infer<typeof CheckResultSchema>;
export type GradeResult = z.infer<typeof GradeResultSchema>;

/** A stored result never exceeds this, whatever a check printed. */
export const RESULT_CAP_BYTES = 1024 * 1024;
const OUTPUT_CAP_CHARS = 4_000;
const EVIDENCE_CAP = 50;
const LOG_CAP_CHARS = 2_000;
/** Check names, hints and the grader's own error message. */
const TEXT_CAP_CHARS = 1_000;

/** Validates a result and trims outputs and evidence until it fits the cap. */
export function finaliseResult(result: GradeResult): GradeResult {
  const trimmed: GradeResult = {
    ...result,
    ...(result.error === undefined ? {} : { error: clip(result.error, TEXT_CAP_CHARS) }),
    tests: result.tests.map((t) => ({
      ...t,
      name: clip(t.name, TEXT_CAP_CHARS),
      ...(t.hint === undefined ? {} : { hint: clip(t.hint, TEXT_CAP_CHARS) }),
      output: clip(t.output, OUTPUT_CAP_CHARS),
      evidence: t.evidence.slice(0, EVIDENCE_CAP).map((e) => ({
        ...e,
        // A log's last lines say what went wrong: keep the end of it.
        summary: e.kind === 'logs' ? clipStart(e.summary, LOG_CAP_CHARS) : clip(e.summary, 500),
      })),
    })),
  };
  let final = GradeResultSchema.parse(trimmed);
  // Each pass halves every output and evidence list; a dozen passes leave next to nothing.
  for (let pass = 0; pass < 12 && tooBig(final); pass++) {
    final = {
      ...final,
      tests: final.tests.map((t) => ({
        ...t,
        output: clip(t.output, Math.floor(t.output.length / 2)),
        evidence: t.evidence.slice(0, Math.floor(t.evidence.length / 2)),
      })),
    };
  }
  if (tooBig(final)) {
    throw new Error(`a result of ${final.tests.length} checks exceeds ${RESULT_CAP_BYTES} bytes`);
  }
  return final;
}

const tooBig = (result: GradeResult): boolean =>
  Buffer.byteLength(JSON.stringify(result)) > RESULT_CAP_BYTES;

function clipStart(text: string, max: number): string {
  return text.length <= max ? text : `(cut) …${text.slice(text.length - max)}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (cut)`;
}
