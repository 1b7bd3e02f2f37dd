import { describe, expect, it } from 'vitest';
import { certificateRules, type CertificateRules } from '../../src/certificates/certificate-rules';
import { certificateEligibility, type LearnerRecord } from '../../src/certificates/eligibility';
import type { Course } from '../../src/course/course-outline';

const rules: CertificateRules = {
  requiredLabs: ['hello-service'],
  quizAverageAtLeast: 0.8,
  finalAssessment: true,
  assessmentPassMark: 0.8,
  version: 'rules-test',
};
const course = {
  quizLessons: [
    { id: 'basics/one', title: 'Lesson one' },
    { id: 'basics/two', title: 'Lesson two' },
    { id: 'basics/three', title: 'Lesson three' },
    { id: 'basics/four', title: 'Lesson four' },
  ],
  labTitles: new Map([['hello-service', 'Hello, service']]),
};
const learner = (over: Partial<LearnerRecord> = {}): LearnerRecord => ({
  hasAccount: true,
  bestQuizScores: new Map([
    ['basics/one', 1],
    ['basics/two', 1],
    ['basics/three', 0.75],
    ['basics/four', 1],
  ]),
  passedLabs: new Set(['hello-service']),
  bestAssessmentScore: 0.86,
  ...over,
});
const rule = (e: ReturnType<typeof certificateEligibility>, id: string) =>
  e.rules.find((r) => r.id === id)!;

describe('certificate eligibility', () => {
  it('lets a learner with an account who met every rule claim', () => {
    const e = certificateEligibility(rules, learner(), course);
    expect(e.eligible).toBe(true);
    expect(e.rules.map((r) => [r.id, r.met])).toEqual([
      ['account', true],
      ['lab:hello-service', true],
      ['quiz-average', true],
      ['final-assessment', true],
    ]);
    expect(e.rules.every((r) => r.next === undefined)).toBe(true);
  });

  it('averages the best score over every quiz lesson, a quiz never taken counting 0', () => {
    // 1 + 1 + 0.75 + (not taken) = 2.75 of 4 = 68.75%: skipping a quiz cannot raise the average.
    const scores = new Map([
      ['basics/one', 1],
      ['basics/two', 1],
      ['basics/three', 0.75],
    ]);
    const e = certificateEligibility(rules, learner({ bestQuizScores: scores }), course);
    expect(e.quizAverage).toBeCloseTo(0.6875);
    const quiz = rule(e, 'quiz-average');
    expect(quiz.met).toBe(false);
    expect(quiz.detail).toBe(
      'Your average is 68% (your best try at each quiz; a quiz not taken counts 0).',
    );
    // The next step is the quiz that would raise the average most: one never taken first.
    expect(quiz.next).toEqual({
      text: 'Take the quiz of the lesson “Lesson four”',
      href: '/lessons/basics/four',
    });
    expect(e.eligible).toBe(false);
  });

  it('sends a learner who took every quiz back to their lowest score', () => {
    const scores = new Map([
      ['basics/one', 1],
      ['basics/two', 0.25],
      ['basics/three', 0.5],
      ['basics/four', 1],
    ]);
    const quiz = rule(
      certificateEligibility(rules, learner({ bestQuizScores: scores }), course),
      'quiz-average',
    );
    expect(quiz.next).toEqual({
      text: 'Retake your weakest quiz: “Lesson two” (25%)',
      href: '/lessons/basics/two',
    });
  });

  it('counts an average exactly at the bar as met', () => {
    const scores = new Map(course.quizLessons.map((l) => [l.id, 0.8]));
    expect(
      rule(
        certificateEligibility(rules, learner({ bestQuizScores: scores }), course),
        'quiz-average',
      ).met,
    ).toBe(true);
  });

  it('names each missing rule with where to go next', () => {
    const e = certificateEligibility(
      rules,
      learner({ hasAccount: false, passedLabs: new Set(), bestAssessmentScore: 0.5 }),
      course,
    );
    expect(e.eligible).toBe(false);
    expect(rule(e, 'account').next?.href).toBe('/signup?next=/certificate');
    expect(rule(e, 'lab:hello-service')).toMatchObject({
      met: false,
      label: 'Pass the lab “Hello, service”',
      next: { href: '/labs/hello-service' },
    });
    expect(rule(e, 'final-assessment')).toMatchObject({
      met: false,
      detail: 'Your best attempt scored 50%.',
      next: { href: '/assessment' },
    });
  });

  it('says the final assessment was not taken when there is no submitted attempt', () => {
    const e = certificateEligibility(rules, learner({ bestAssessmentScore: undefined }), course);
    expect(rule(e, 'final-assessment').detail).toBe('Not taken yet.');
  });
});

describe('certificate rules from course.yaml', () => {
  const base = {
    title: 'A course',
    modules: [{ id: 'basics', title: 'Basics' }],
    assessment: { questions_per_module: 2, pass_mark: 0.8 },
  } satisfies Course;

  it('reads the rules and fingerprints them, so a certificate names the rules it was issued under', () => {
    const a = certificateRules({
      ...base,
      certificate: {
        required_labs: ['b-lab', 'a-lab'],
        quiz_average_at_least: 0.8,
        final_assessment: true,
      },
    })!;
    expect(a).toMatchObject({
      requiredLabs: ['a-lab', 'b-lab'],
      quizAverageAtLeast: 0.8,
      finalAssessment: true,
      assessmentPassMark: 0.8,
    });
    expect(a.version).toMatch(/^rules-[0-9a-f]{12}$/);
    const stricter = certificateRules({
      ...base,
      certificate: {
        required_labs: ['a-lab', 'b-lab'],
        quiz_average_at_least: 0.9,
        final_assessment: true,
      },
    })!;
    expect(stricter.version).not.toBe(a.version);
  });

  it('issues no certificate for a course without rules, and names a wrong field', () => {
    expect(certificateRules(base)).toBeUndefined();
    expect(() => certificateRules({ ...base, certificate: { quiz_average_at_least: 80 } })).toThrow(
      /certificate\.quiz_average_at_least/,
    );
  });
});
