/** A lesson's quiz counts as passed from this share of right answers, as the certificate's quiz rule. */
export const QUIZ_PASS_MARK = 0.8;

export interface LessonProgress {
  quiz: 'passed' | 'tried' | 'not-tried' | 'none';
  lab: 'passed' | 'not-passed' | 'none';
  /** The lesson's tick: its quiz passed and, when it has a lab, the lab passed. */
  done: boolean;
}

/** Where a learner stands on one lesson, from their best quiz scores and the labs they passed. */
export function lessonProgress(
  lesson: { id: string; data: { lab?: string | undefined; quiz?: unknown[] | undefined } },
  bestQuizScores: ReadonlyMap<string, number>,
  passedLabs: ReadonlySet<string>,
): LessonProgress {
  const best = bestQuizScores.get(lesson.id);
  const quiz = !lesson.data.quiz
    ? 'none'
    : best === undefined
      ? 'not-tried'
      : best >= QUIZ_PASS_MARK
        ? 'passed'
        : 'tried';
  const lab = !lesson.data.lab ? 'none' : passedLabs.has(lesson.data.lab) ? 'passed' : 'not-passed';
  // A lesson with neither a quiz nor a lab has nothing to pass, so it is never ticked.
  const done =
    (quiz === 'passed' || quiz === 'none') &&
    (lab === 'passed' || lab === 'none') &&
    !(quiz === 'none' && lab === 'none');
  return { quiz, lab, done };
}

/**
 * The course's quiz average: the mean of the learner's best score over every
 * lesson with a quiz, a quiz never taken counting 0. Undefined when the course
 * has no quiz, which each reader treats in its own way.
 */
export function quizAverage(
  quizLessons: ReadonlyArray<{ id: string }>,
  bestQuizScores: ReadonlyMap<string, number>,
): number | undefined {
  if (quizLessons.length === 0) return undefined;
  return (
    quizLessons.reduce((sum, l) => sum + (bestQuizScores.get(l.id) ?? 0), 0) / quizLessons.length
  );
}
