import type { Store } from '../store/store';
import { labStatistics, type LabStatistics } from './lab-statistics';
import {
  learnerName,
  summariseLearners,
  type CourseLesson,
  type LearnerSummary,
} from './learner-summaries';

export interface GradeRow {
  learner: string;
  userId: string;
  labId: string;
  at: string;
  score: number;
  maxScore: number;
  passed: boolean;
  gradable: boolean;
  failedChecks: string[];
}

export interface InstructorReport {
  learners: LearnerSummary[];
  labs: LabStatistics[];
  /** Every graded attempt of the listed learners, oldest first. */
  grades: GradeRow[];
}

/**
 * Everything the instructor view and its CSV exports show, read from the
 * store in four queries. Only learners count: an instructor trying a lab
 * does not move its pass rate.
 */
export function instructorReport(
  store: Store,
  lessons: readonly CourseLesson[],
  labIds: readonly string[],
): InstructorReport {
  const learners = store.listLearnersWithActivity();
  const byId = new Map(learners.map((l) => [l.id, l]));
  const outcomes = store.listGradeOutcomes().filter((o) => byId.has(o.userId));
  return {
    learners: summariseLearners(
      {
        learners,
        quizScores: store.bestQuizScoresOfEveryone(),
        assessmentScores: store.bestAssessmentScoresOfEveryone(),
        outcomes,
      },
      lessons,
    ),
    labs: labStatistics(labIds, outcomes),
    grades: outcomes.map((o) => ({
      learner: learnerName(byId.get(o.userId)!),
      userId: o.userId,
      labId: o.labId,
      at: o.createdAt,
      score: o.score,
      maxScore: o.maxScore,
      passed: o.passed,
      gradable: o.gradable,
      failedChecks: o.failedChecks,
    })),
  };
}
