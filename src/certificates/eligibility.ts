import { quizAverage } from '../course/learner-progress';
import type { CertificateRules } from './certificate-rules';

/** What the platform knows about one learner, as the certificate rules read it. */
export interface LearnerRecord {
  /** A guest has no account to hold a certificate. */
  hasAccount: boolean;
  /** Best score per lesson quiz, as a share of its questions (0 to 1). */
  bestQuizScores: ReadonlyMap<string, number>;
  passedLabs: ReadonlySet<string>;
  /** Best share of right answers over the submitted final-assessment attempts, if any. */
  bestAssessmentScore: number | undefined;
}

/** The course's side: which lessons have quizzes, and what labs are called. */
export interface CourseFacts {
  quizLessons: ReadonlyArray<{ id: string; title: string }>;
  labTitles: ReadonlyMap<string, string>;
}

export type RuleId = 'account' | `lab:${string}` | 'quiz-average' | 'final-assessment';

export interface RuleStatus {
  id: RuleId;
  met: boolean;
  /** The requirement, e.g. "Pass the lab “Hello, service”". */
  label: string;
  /** Where the learner stands, e.g. "Your quiz average is 64%". */
  detail: string;
  /** What to do next, with a link, when the rule is not met. */
  next?: { text: string; href: string };
}

export interface Eligibility {
  eligible: boolean;
  rules: RuleStatus[];
  /**
   * The mean of the learner's best score over every lesson that has a quiz,
   * a quiz never answered counting 0: skipping quizzes cannot raise it.
   */
  quizAverage: number;
}

const percent = (share: number): string => `${Math.floor(share * 100 + 1e-9)}%`;

/** Which rules a learner meets and, for the others, what to do next. */
export function certificateEligibility(
  rules: CertificateRules,
  learner: LearnerRecord,
  course: CourseFacts,
): Eligibility {
  const statuses: RuleStatus[] = [];
  statuses.push({
    id: 'account',
    met: learner.hasAccount,
    label: 'Have an account',
    detail: learner.hasAccount
      ? 'You are signed in.'
      : 'You are learning as a guest: a certificate is issued to an account.',
    ...(learner.hasAccount
      ? {}
      : {
          next: {
            text: 'Create an account (your progress stays)',
            href: '/signup?next=/certificate',
          },
        }),
  });

  for (const lab of rules.requiredLabs) {
    const title = course.labTitles.get(lab) ?? lab;
    const met = learner.passedLabs.has(lab);
    statuses.push({
      id: `lab:${lab}`,
      met,
      label: `Pass the lab “${title}”`,
      detail: met ? 'Passed.' : 'Not passed yet: every check must pass in one grading.',
      ...(met ? {} : { next: { text: 'Open the lab', href: `/labs/${lab}` } }),
    });
  }

  // A course without quizzes has nothing to average: the rule is met.
  const average = quizAverage(course.quizLessons, learner.bestQuizScores) ?? 1;
  if (rules.quizAverageAtLeast > 0) {
    const met = average + 1e-9 >= rules.quizAverageAtLeast;
    // The quiz that would raise the average most: one never taken, else the lowest score.
    const weakest = course.quizLessons
      .map((l) => ({ ...l, best: learner.bestQuizScores.get(l.id) }))
      .sort((a, b) => (a.best ?? -1) - (b.best ?? -1))[0];
    statuses.push({
      id: 'quiz-average',
      met,
      label: `Average at least ${percent(rules.quizAverageAtLeast)} over all ${course.quizLessons.length} lesson quizzes`,
      detail: `Your average is ${percent(average)} (your best try at each quiz; a quiz not taken counts 0).`,
      ...(met || !weakest
        ? {}
        : {
            next: {
              text:
                weakest.best === undefined
                  ? `Take the quiz of the lesson “${weakest.title}”`
                  : `Retake your weakest quiz: “${weakest.title}” (${percent(weakest.best)})`,
              href: `/lessons/${weakest.id}`,
            },
          }),
    });
  }

  if (rules.finalAssessment) {
    const best = learner.bestAssessmentScore;
    const met = best !== undefined && best + 1e-9 >= rules.assessmentPassMark;
    statuses.push({
      id: 'final-assessment',
      met,
      label: `Pass the final assessment (${percent(rules.assessmentPassMark)})`,
      detail:
        best === undefined
          ? 'Not taken yet.'
          : `Your best attempt scored ${percent(best)}${met ? ': passed.' : '.'}`,
      ...(met ? {} : { next: { text: 'Take the final assessment', href: '/assessment' } }),
    });
  }

  return { eligible: statuses.every((s) => s.met), rules: statuses, quizAverage: average };
}
