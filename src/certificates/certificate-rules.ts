import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Course } from '../course/course-outline';
import { canonicalJson } from './canonical-json';

/** `certificate:` in content/course.yaml: what a learner must do to earn the certificate. */
const RulesSchema = z.object({
  /** Lab ids that must each be passed at least once. */
  required_labs: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
  /** Mean of the best quiz scores over every lesson with a quiz (0 to 1). */
  quiz_average_at_least: z.number().min(0).max(1).default(0),
  /** Whether the final assessment must be passed (at its own pass mark). */
  final_assessment: z.boolean().default(false),
});

export interface CertificateRules {
  requiredLabs: string[];
  quizAverageAtLeast: number;
  finalAssessment: boolean;
  /** The assessment's pass mark (0 to 1), from `assessment.pass_mark`. */
  assessmentPassMark: number;
  /**
   * A short fingerprint of the rules above: a certificate names the rules it
   * was issued under, so a later change of course.yaml does not rewrite history.
   */
  version: string;
}

/** The course's certificate rules; a course without `certificate:` issues none. */
export function certificateRules(course: Course): CertificateRules | undefined {
  if (!course.certificate) return undefined;
  const parsed = RulesSchema.safeParse(course.certificate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`content/course.yaml → certificate.${issue.path.join('.')}: ${issue.message}`);
  }
  const rules = {
    requiredLabs: [...parsed.data.required_labs].sort(),
    quizAverageAtLeast: parsed.data.quiz_average_at_least,
    finalAssessment: parsed.data.final_assessment,
    assessmentPassMark: course.assessment.pass_mark,
  };
  const digest = createHash('sha256').update(canonicalJson(rules)).digest('hex');
  return { ...rules, version: `rules-${digest.slice(0, 12)}` };
}
