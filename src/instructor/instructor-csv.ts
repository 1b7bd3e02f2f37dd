import { toCsv } from './csv';
import type { GradeRow } from './instructor-report';
import type { LearnerSummary } from './learner-summaries';

/** Shares as whole percentages: what a spreadsheet user expects to read and sort. */
const percent = (share: number | undefined): number | undefined =>
  share === undefined ? undefined : Math.round(share * 100);

/** One row per learner: the instructor view's learner table. */
export function progressCsv(learners: readonly LearnerSummary[]): string {
  return toCsv(
    [
      'learner',
      'user_id',
      'kind',
      'lessons_done',
      'lessons_total',
      'quiz_average_percent',
      'quizzes_taken',
      'quizzes_total',
      'labs_passed',
      'assessment_best_percent',
      'last_active',
    ],
    learners.map((l) => [
      l.name,
      l.id,
      l.kind,
      l.lessonsDone,
      l.lessonsTotal,
      percent(l.quizAverage),
      l.quizzesTaken,
      l.quizzesTotal,
      l.labsPassed.join(' '),
      percent(l.assessmentBest),
      l.lastActiveAt,
    ]),
  );
}

/** One row per graded attempt, oldest first, with the checks it failed. */
export function gradesCsv(grades: readonly GradeRow[]): string {
  return toCsv(
    [
      'learner',
      'user_id',
      'lab',
      'graded_at',
      'score',
      'max_score',
      'passed',
      'gradable',
      'failed_checks',
    ],
    grades.map((g) => [
      g.learner,
      g.userId,
      g.labId,
      g.at,
      g.score,
      g.maxScore,
      g.passed ? 'yes' : 'no',
      g.gradable ? 'yes' : 'no',
      g.failedChecks.join(' '),
    ]),
  );
}
