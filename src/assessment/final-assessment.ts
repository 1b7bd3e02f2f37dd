import { randomInt } from 'node:crypto';
import type { Course } from '../course/course-outline';
import { PlatformError } from '../platform-error';
import { gradeQuiz, type QuizQuestion, type QuizVerdict } from '../quizzes/grade-quiz';
import type { AssessmentAttemptRecord, QuestionRef, Store } from '../store/store';

interface LessonWithQuiz {
  id: string;
  data: { module: string; quiz?: QuizQuestion[] | undefined };
}

/** Every quiz question a module's lessons ask, as references. */
function poolsByModule(course: Course, lessons: LessonWithQuiz[]): Map<string, QuestionRef[]> {
  return new Map(
    course.modules.map((m) => [
      m.id,
      lessons
        .filter((l) => l.data.module === m.id)
        .flatMap((l) => (l.data.quiz ?? []).map((_, index) => ({ lesson: l.id, index }))),
    ]),
  );
}

/**
 * Fails the build when a module has too few quiz questions for the final
 * assessment to draw its share from it.
 */
export function checkAssessmentPool(course: Course, lessons: LessonWithQuiz[]): void {
  const perModule = course.assessment.questions_per_module;
  for (const [module, pool] of poolsByModule(course, lessons)) {
    if (pool.length < perModule) {
      throw new Error(
        `content/course.yaml: the final assessment draws ${perModule} questions from each module, but the lessons of "${module}" ask only ${pool.length}; add quiz questions or lower assessment.questions_per_module`,
      );
    }
  }
}

/**
 * A fresh set of questions for one attempt: `questions_per_module` drawn at
 * random from each module's lesson quizzes, in course order, so every attempt
 * covers the whole course and no two attempts need be alike.
 */
export function drawAssessment(
  course: Course,
  lessons: LessonWithQuiz[],
  pick: (max: number) => number = randomInt,
): QuestionRef[] {
  const perModule = course.assessment.questions_per_module;
  return [...poolsByModule(course, lessons).values()].flatMap((pool) => {
    const left = [...pool];
    return Array.from(
      { length: Math.min(perModule, left.length) },
      () => left.splice(pick(left.length), 1)[0]!,
    );
  });
}

/** The questions an attempt drew, read from the lessons as they are now. */
export function resolveAssessment(refs: QuestionRef[], lessons: LessonWithQuiz[]): QuizQuestion[] {
  const byId = new Map(lessons.map((l) => [l.id, l]));
  return refs.map((ref) => {
    const question = byId.get(ref.lesson)?.data.quiz?.[ref.index];
    if (!question) {
      throw new PlatformError(
        'attempt-closed',
        'The course was updated and a question of this attempt no longer exists.',
        { action: 'Start a new attempt from the final assessment page.' },
      );
    }
    return question;
  });
}

export interface AssessmentVerdict extends QuizVerdict {
  passed: boolean;
  passMark: number;
}

type AttemptStore = Pick<
  Store,
  'createAssessmentAttempt' | 'listAssessmentAttempts' | 'submitAssessmentAttempt'
>;

/** The learner's open attempt, or a freshly drawn one: reloading the page never redraws. */
export function openAttempt(
  store: AttemptStore,
  userId: string,
  course: Course,
  lessons: LessonWithQuiz[],
): AssessmentAttemptRecord {
  const open = store.listAssessmentAttempts(userId).find((a) => a.submittedAt === null);
  return open ?? store.createAssessmentAttempt(userId, drawAssessment(course, lessons));
}

/** Scores an open attempt once; a second submission is refused, not rescored. */
export function submitAttempt(
  store: AttemptStore,
  userId: string,
  attemptId: string,
  answers: unknown,
  course: Course,
  lessons: LessonWithQuiz[],
): AssessmentVerdict {
  const attempt = store.listAssessmentAttempts(userId).find((a) => a.id === attemptId);
  if (!attempt) {
    throw new PlatformError('attempt-not-found', 'There is no such assessment attempt of yours.', {
      action: 'Open the final assessment page to start or resume an attempt.',
    });
  }
  const alreadySubmitted = new PlatformError(
    'attempt-closed',
    'This attempt has already been submitted and scored.',
    { action: 'Start a new attempt from the final assessment page.' },
  );
  if (attempt.submittedAt !== null) throw alreadySubmitted;
  const { verdict, chosen } = gradeQuiz(resolveAssessment(attempt.questions, lessons), answers);
  if (!store.submitAssessmentAttempt(attempt.id, verdict.score, chosen)) throw alreadySubmitted;
  const passMark = course.assessment.pass_mark;
  return { ...verdict, passed: verdict.score / verdict.total >= passMark, passMark };
}
