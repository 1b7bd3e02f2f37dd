import type { LessonProgress } from '../course/learner-progress';

/** Where a learner stands on one lesson, in course order. */
export interface LessonStanding {
  id: string;
  title: string;
  /** The learner opened the lesson's page at least once. */
  read: boolean;
  progress: LessonProgress;
  lab?: { id: string; title: string } | undefined;
}

/** What the certificate asks for besides the lessons (content/course.yaml `certificate`). */
export interface CourseGoals {
  requiredLabs: Array<{ id: string; title: string }>;
  finalAssessment: boolean;
}

export interface LearnerAchievements {
  passedLabs: ReadonlySet<string>;
  assessmentPassed: boolean;
}

export type NextStep =
  | { kind: 'read-lesson' | 'pass-quiz'; lessonId: string; href: string; action: string }
  | { kind: 'pass-lab'; labId: string; href: string; action: string }
  | { kind: 'take-assessment'; href: string; action: string }
  | { kind: 'complete'; action: string };

/**
 * A lesson is finished when its quiz and lab, if it has them, are passed; a
 * lesson with neither has nothing to pass, so opening it finishes it.
 */
export function lessonFinished(lesson: LessonStanding): boolean {
  const { quiz, lab, done } = lesson.progress;
  return done || (quiz === 'none' && lab === 'none' && lesson.read);
}

/**
 * The one thing to do next: the first lesson in course order not finished
 * (read it, pass its quiz, or pass its lab), then a required lab not passed,
 * then the final assessment.
 */
export function nextStep(
  lessons: readonly LessonStanding[],
  goals: CourseGoals,
  achieved: LearnerAchievements,
): NextStep {
  const lesson = lessons.find((l) => !lessonFinished(l));
  if (lesson) {
    const href = `/lessons/${lesson.id}`;
    const { quiz } = lesson.progress;
    const read = {
      kind: 'read-lesson',
      lessonId: lesson.id,
      href,
      action: `Read “${lesson.title}”`,
    } as const;
    if (!lesson.read && quiz !== 'passed') return read;
    if (quiz === 'tried' || quiz === 'not-tried') {
      return {
        kind: 'pass-quiz',
        lessonId: lesson.id,
        href: `${href}#quiz-title`,
        action: `Pass the quiz of “${lesson.title}”`,
      };
    }
    if (lesson.lab && lesson.progress.lab !== 'passed') return passLab(lesson.lab);
    return read;
  }
  const lab = goals.requiredLabs.find((l) => !achieved.passedLabs.has(l.id));
  if (lab) return passLab(lab);
  if (goals.finalAssessment && !achieved.assessmentPassed) {
    return { kind: 'take-assessment', href: '/assessment', action: 'Take the final assessment' };
  }
  return {
    kind: 'complete',
    action: 'You have finished the course: every lesson, lab and the final assessment.',
  };
}

function passLab(lab: { id: string; title: string }): NextStep {
  return {
    kind: 'pass-lab',
    labId: lab.id,
    href: `/labs/${lab.id}`,
    action: `Pass the lab “${lab.title}”`,
  };
}
