import { describe, expect, it } from 'vitest';
import { lessonProgress } from '../../src/course/learner-progress';
import { nextStep, type CourseGoals, type LessonStanding } from '../../src/progress/next-step';

const HELLO = { id: 'hello-service', title: 'Your first service' };

interface Lesson {
  id: string;
  lab?: typeof HELLO;
  quiz?: boolean;
}

/** A lesson as the learner stands on it: opened or not, best quiz share, labs passed. */
function standing(
  lesson: Lesson,
  { read = false, best, labs = [] }: { read?: boolean; best?: number; labs?: string[] } = {},
): LessonStanding {
  const data = {
    ...(lesson.quiz === false ? {} : { quiz: [1, 2, 3] }),
    ...(lesson.lab ? { lab: lesson.lab.id } : {}),
  };
  const scores = new Map(best === undefined ? [] : [[lesson.id, best]]);
  return {
    id: lesson.id,
    title: `Lesson ${lesson.id}`,
    read,
    progress: lessonProgress({ id: lesson.id, data }, scores, new Set(labs)),
    lab: lesson.lab,
  };
}

const intro: Lesson = { id: 'a/intro' };
const first: Lesson = { id: 'a/first', lab: HELLO };
const GOALS: CourseGoals = { requiredLabs: [HELLO], finalAssessment: true };
const NOTHING = { passedLabs: new Set<string>(), assessmentPassed: false };

describe('what to do next', () => {
  it('starts with the first lesson in course order', () => {
    const step = nextStep([standing(intro), standing(first)], GOALS, NOTHING);
    expect(step).toMatchObject({
      kind: 'read-lesson',
      lessonId: 'a/intro',
      href: '/lessons/a/intro',
    });
    expect(step.action).toBe('Read “Lesson a/intro”');
  });

  it('asks for the quiz of a lesson opened but not passed, then moves on once it is passed', () => {
    const opened = nextStep([standing(intro, { read: true }), standing(first)], GOALS, NOTHING);
    expect(opened).toMatchObject({ kind: 'pass-quiz', href: '/lessons/a/intro#quiz-title' });
    const failed = nextStep(
      [standing(intro, { read: true, best: 0.6 }), standing(first)],
      GOALS,
      NOTHING,
    );
    expect(failed).toMatchObject({ kind: 'pass-quiz', lessonId: 'a/intro' });
    const passed = nextStep(
      [standing(intro, { read: true, best: 0.8 }), standing(first)],
      GOALS,
      NOTHING,
    );
    expect(passed).toMatchObject({ kind: 'read-lesson', lessonId: 'a/first' });
  });

  it('asks for a lesson’s lab once its quiz is passed', () => {
    const lessons = [standing(intro, { best: 1 }), standing(first, { read: true, best: 1 })];
    expect(nextStep(lessons, GOALS, NOTHING)).toEqual({
      kind: 'pass-lab',
      labId: 'hello-service',
      href: '/labs/hello-service',
      action: 'Pass the lab “Your first service”',
    });
  });

  it('goes back to an earlier lesson left unfinished, whatever came after it', () => {
    const lessons = [
      standing(intro, { read: true }),
      standing(first, { best: 1, labs: ['hello-service'] }),
    ];
    expect(nextStep(lessons, GOALS, NOTHING)).toMatchObject({
      kind: 'pass-quiz',
      lessonId: 'a/intro',
    });
  });

  it('counts a lesson with neither quiz nor lab as finished once opened', () => {
    const reading: Lesson = { id: 'a/reading', quiz: false };
    expect(nextStep([standing(reading)], GOALS, NOTHING)).toMatchObject({ kind: 'read-lesson' });
    expect(nextStep([standing(reading, { read: true })], GOALS, NOTHING)).toMatchObject({
      kind: 'pass-lab',
    });
  });

  it('after the lessons: a required lab not passed, then the final assessment, then nothing', () => {
    const done = [standing(intro, { best: 1 })];
    expect(nextStep(done, GOALS, NOTHING)).toMatchObject({
      kind: 'pass-lab',
      labId: 'hello-service',
    });
    const labPassed = { passedLabs: new Set(['hello-service']), assessmentPassed: false };
    expect(nextStep(done, GOALS, labPassed)).toEqual({
      kind: 'take-assessment',
      href: '/assessment',
      action: 'Take the final assessment',
    });
    expect(nextStep(done, GOALS, { ...labPassed, assessmentPassed: true }).kind).toBe('complete');
    expect(nextStep(done, { requiredLabs: [], finalAssessment: false }, NOTHING).kind).toBe(
      'complete',
    );
  });
});
