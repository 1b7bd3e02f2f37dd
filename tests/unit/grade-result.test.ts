import { describe, expect, it } from 'vitest';
import {
  finaliseResult,
  GradeResultSchema,
  RESULT_CAP_BYTES,
  type CheckResult,
  type GradeResult,
} from '../../grader/engine/grade-result';

const check = (overrides: Partial<CheckResult> = {}): CheckResult => ({
  id: 'health-route',
  name: 'hello answers GET /health',
  status: 'passed',
  score: 2,
  max_score: 2,
  output: 'passed',
  duration_ms: 12,
  evidence: [{ kind: 'http', summary: 'GET http://hello:8000/health → 200 in 3 ms' }],
  ...overrides,
});

const result = (tests: CheckResult[]): GradeResult => ({
  lab: 'hello-service',
  gradable: true,
  score: 2,
  max_score: 2,
  passed: true,
  duration_ms: 40,
  started_at: '2025-01-01T10:00:00.000Z',
  tests,
  faults: [],
});

describe('finalising a grade result', () => {
  it('passes an ordinary result through unchanged', () => {
    const ordinary = result([check()]);
    expect(finaliseResult(ordinary)).toEqual(ordinary);
  });

  it('cuts a flood of check output and evidence below the storage cap, still valid', () => {
    const flood = check({
      status: 'failed',
      score: 0,
      output: 'x'.repeat(5 * 1024 * 1024),
      evidence: Array.from({ length: 5_000 }, (_, i) => ({
        kind: 'note' as const,
        summary: `note ${i} ${'y'.repeat(2_000)}`,
      })),
    });
    const final = finaliseResult(result([flood, flood, check()]));

    expect(Buffer.byteLength(JSON.stringify(final))).toBeLessThan(RESULT_CAP_BYTES);
    expect(GradeResultSchema.safeParse(final).success).toBe(true);
    const cut = final.tests[0]!;
    expect(cut.output.endsWith('… (cut)')).toBe(true);
    expect(cut.evidence.length).toBeLessThan(5_000);
    expect(cut.evidence.every((e, i) => e.summary.startsWith(`note ${i} `))).toBe(true);
    expect(final.tests[2]).toEqual(check());
  });

  it('cuts many full-size checks until the whole result fits', () => {
    const big = check({
      output: 'o'.repeat(10_000),
      evidence: Array.from({ length: 100 }, () => ({
        kind: 'note' as const,
        summary: 'n'.repeat(900),
      })),
    });
    const final = finaliseResult(result(Array.from({ length: 60 }, () => big)));
    expect(Buffer.byteLength(JSON.stringify(final))).toBeLessThanOrEqual(RESULT_CAP_BYTES);
    expect(final.tests).toHaveLength(60);
  });

  it('refuses a result that does not follow the schema', () => {
    const weird = { ...result([check()]), tests: [{ ...check(), status: 'weird' }] };
    expect(() => finaliseResult(weird as unknown as GradeResult)).toThrow(/status/);
  });
});
