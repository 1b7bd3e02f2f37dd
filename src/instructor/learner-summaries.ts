import { lessonProgress, quizAverage } from '../course/learner-progress';
import type { GradeOutcomeRecord, LearnerActivityRecord } from '../store/store';

/** What the instructor view needs of a lesson (a content collection entry has it). */
export interface CourseLesson {
  id: string;
  data: { lab?: string | undefined; quiz?: unknown[] | undefined };
}

export interface LearnerSummary {
  id: string;
  /** The account's email, or `Guest` and the start of the id. */
  name: string;
  kind: 'guest' | 'account';
  lessonsDone: number;
  lessonsTotal: number;
  /**
   * Mean of the best score of every lesson quiz in the course, a quiz never
   * taken counting 0: the figure the certificate's quiz rule is about.
   */
  quizAverage: number;
  quizzesTaken: number;
  quizzesTotal: number;
  /** Lab ids passed at least once, in id order. */
  labsPassed: string[];
  /** Best submitted final assessment (share right); undefined before the first. */
  assessmentBest: number | undefined;
  lastActiveAt: string | null;
}

export interface LearnerActivity {
  learners: LearnerActivityRecord[];
  quizScores: Array<{ userId: string; lessonId: string; best: number }>;
  assessmentScores: Array<{ userId: string; best: number }>;
  outcomes: GradeOutcomeRecord[];
}

/** How a learner is named to an instructor: guests have no email, so their id says who they are. */
export function learnerName(user: { id: string; email: string | null }): string {
  return user.email ?? `Guest ${user.id.slice(0, 6)}`;
}

/** Each learner's standing: lessons ticked as the outline ticks them, quizzes, labs, assessment. */
export function summariseLearners(
  activity: LearnerActivity,
  lessons: readonly CourseLesson[],
): LearnerSummary[] {
  const scores = new Map<string, Map<string, number>>();
  for (const { userId, lessonId, best } of activity.quizScores) {
    if (!scores.has(userId)) scores.set(userId, new Map());
    scores.get(userId)!.set(lessonId, best);
  }
  const passed = new Map<string, Set<string>>();
  for (const o of activity.outcomes) {
    if (!o.passed) continue;
    if (!passed.has(o.userId)) passed.set(o.userId, new Set());
    passed.get(o.userId)!.add(o.labId);
  }
  const assessment = new Map(activity.assessmentScores.map((a) => [a.userId, a.best]));
  const quizLessons = lessons.filter((l) => l.data.quiz && l.data.quiz.length > 0);

  return activity.learners.map((learner) => {
    const best = scores.get(learner.id) ?? new Map<string, number>();
    const labs = passed.get(learner.id) ?? new Set<string>();
    return {
      id: learner.id,
      name: learnerName(learner),
      kind: learner.kind,
      lessonsDone: lessons.filter((l) => lessonProgress(l, best, labs).done).length,
      lessonsTotal: lessons.length,
      quizAverage: quizAverage(quizLessons, best) ?? 0,
      quizzesTaken: quizLessons.filter((l) => best.has(l.id)).length,
      quizzesTotal: quizLessons.length,
      labsPassed: [...labs].sort(),
      assessmentBest: assessment.get(learner.id),
      lastActiveAt: learner.lastActiveAt,
    };
  });
}
