import { certificateRules } from '../certificates/certificate-rules';
import type { Course } from '../course/course-outline';
import { lessonProgress, type LessonProgress } from '../course/learner-progress';
import type { LabSessionView } from '../labs/lab-session-service';
import type { Store } from '../store/store';
import { lessonFinished, nextStep, type LessonStanding, type NextStep } from './next-step';
import { estimateTimeSpent, TIME_SPENT_METHOD } from './time-spent';

/** A lesson as the content collection gives it, in course order. */
export interface CourseLesson {
  id: string;
  data: {
    title: string;
    module: string;
    minutes: number;
    lab?: string | undefined;
    quiz?: unknown[] | undefined;
  };
}

/** How far a learner got with one lesson, the furthest first: what the path chart draws. */
export type LessonStage = 'done' | 'quiz-passed' | 'read' | 'not-opened';

export interface Score {
  score: number;
  total: number;
}

export interface LessonReport {
  id: string;
  title: string;
  minutes: number;
  /** How many times the learner opened the lesson's page. */
  opened: number;
  stage: LessonStage;
  quiz: { status: LessonProgress['quiz']; attempts: number; best: Score | null };
  lab: { id: string; title: string; passed: boolean } | null;
  timeSpentMs: number;
}

export interface ProgressCounts {
  lessons: number;
  read: number;
  quizzes: number;
  quizzesPassed: number;
  labs: number;
  labsPassed: number;
  done: number;
  timeSpentMs: number;
}

export interface ModuleReport {
  id: string;
  title: string;
  lessons: LessonReport[];
  counts: ProgressCounts;
}

export interface LabReport {
  id: string;
  title: string;
  attempts: number;
  /** The best gradable attempt; a grader error scores nothing either way. */
  best: { score: number; maxScore: number } | null;
  passed: boolean;
  lastAttemptAt: string | null;
}

export interface RunningLab {
  sessionId: string;
  labId: string;
  title: string;
  state: LabSessionView['state'];
  createdAt: string;
  expiresAt: string | null;
}

export interface ProgressReport {
  modules: ModuleReport[];
  totals: ProgressCounts;
  labs: LabReport[];
  assessment: { attempts: number; best: Score | null; passed: boolean; passMark: number };
  running: RunningLab[];
  next: NextStep;
  timeSpentMethod: string;
}

export interface ProgressSources {
  course: Course;
  /** Every lesson, in course order. */
  lessons: readonly CourseLesson[];
  /** Lab titles by id (the lab catalog). */
  labTitles: ReadonlyMap<string, string>;
  store: Pick<Store, 'lessonReads' | 'quizAttempts' | 'listAttempts' | 'listAssessmentAttempts'>;
  /** The learner's lab sessions that are queued, starting or ready. */
  running: readonly LabSessionView[];
}

/** Enough to count every attempt a learner could make at a lab. */
const LAB_ATTEMPTS_LIMIT = 10_000;

/** Everything the dashboard and GET /api/progress show one learner, and nothing of anyone else. */
export function progressReport(userId: string, sources: ProgressSources): ProgressReport {
  const { course, lessons, labTitles, store } = sources;
  const labTitle = (id: string) => labTitles.get(id) ?? id;
  const reads = store.lessonReads(userId);
  const quizAttempts = store.quizAttempts(userId);
  const minutes = new Map(lessons.map((l) => [l.id, l.data.minutes]));
  const timeSpent = estimateTimeSpent(
    reads.map((r) => ({ lessonId: r.lessonId, at: r.readAt })),
    quizAttempts.map((a) => ({ lessonId: a.lessonId, at: a.createdAt })),
    (id) => minutes.get(id),
  );

  const labs = labReports(userId, lessons, labTitles, store);
  const passedLabs = new Set(labs.filter((l) => l.passed).map((l) => l.id));
  const bestQuiz = new Map<string, Score>();
  const quizCount = new Map<string, number>();
  for (const attempt of quizAttempts) {
    quizCount.set(attempt.lessonId, (quizCount.get(attempt.lessonId) ?? 0) + 1);
    const best = bestQuiz.get(attempt.lessonId);
    if (!best || ratio(attempt) > ratio(best)) bestQuiz.set(attempt.lessonId, attempt);
  }
  const bestShares = new Map([...bestQuiz].map(([id, s]) => [id, ratio(s)]));
  const openedCount = new Map<string, number>();
  for (const read of reads)
    openedCount.set(read.lessonId, (openedCount.get(read.lessonId) ?? 0) + 1);

  const standings: LessonStanding[] = [];
  const lessonReports = lessons.map((lesson): LessonReport => {
    const progress = lessonProgress(lesson, bestShares, passedLabs);
    const lab = lesson.data.lab
      ? { id: lesson.data.lab, title: labTitle(lesson.data.lab) }
      : undefined;
    const standing = {
      id: lesson.id,
      title: lesson.data.title,
      read: openedCount.has(lesson.id),
      progress,
      lab,
    };
    standings.push(standing);
    return {
      id: lesson.id,
      title: lesson.data.title,
      minutes: lesson.data.minutes,
      opened: openedCount.get(lesson.id) ?? 0,
      stage: lessonFinished(standing)
        ? 'done'
        : progress.quiz === 'passed'
          ? 'quiz-passed'
          : standing.read
            ? 'read'
            : 'not-opened',
      quiz: {
        status: progress.quiz,
        attempts: quizCount.get(lesson.id) ?? 0,
        best: bestQuiz.has(lesson.id) ? pickScore(bestQuiz.get(lesson.id)!) : null,
      },
      lab: lab ? { ...lab, passed: progress.lab === 'passed' } : null,
      timeSpentMs: timeSpent.get(lesson.id) ?? 0,
    };
  });

  const modules = course.modules
    .map((m) => {
      const moduleLessons = lessonReports.filter((_, i) => lessons[i]!.data.module === m.id);
      return { id: m.id, title: m.title, lessons: moduleLessons, counts: countsOf(moduleLessons) };
    })
    .filter((m) => m.lessons.length > 0);

  const assessment = assessmentReport(userId, course, store);
  // The next step heads for the certificate, so it reads the same rules the certificate does.
  const rules = certificateRules(course);
  const next = nextStep(
    standings,
    {
      requiredLabs: (rules?.requiredLabs ?? []).map((id) => ({ id, title: labTitle(id) })),
      finalAssessment: rules?.finalAssessment ?? false,
    },
    { passedLabs, assessmentPassed: assessment.passed },
  );

  return {
    modules,
    totals: countsOf(lessonReports),
    labs,
    assessment,
    running: sources.running.map((s) => ({
      sessionId: s.id,
      labId: s.lab,
      title: labTitle(s.lab),
      state: s.state,
      createdAt: s.createdAt,
      expiresAt: s.expiresAt ?? null,
    })),
    next,
    timeSpentMethod: TIME_SPENT_METHOD,
  };
}

const ratio = (s: Score): number => (s.total > 0 ? s.score / s.total : 0);
const pickScore = (s: Score): Score => ({ score: s.score, total: s.total });

function countsOf(lessons: readonly LessonReport[]): ProgressCounts {
  const withQuiz = lessons.filter((l) => l.quiz.status !== 'none');
  const withLab = lessons.filter((l) => l.lab !== null);
  return {
    lessons: lessons.length,
    read: lessons.filter((l) => l.opened > 0).length,
    quizzes: withQuiz.length,
    quizzesPassed: withQuiz.filter((l) => l.quiz.status === 'passed').length,
    labs: withLab.length,
    labsPassed: withLab.filter((l) => l.lab!.passed).length,
    done: lessons.filter((l) => l.stage === 'done').length,
    timeSpentMs: lessons.reduce((sum, l) => sum + l.timeSpentMs, 0),
  };
}

/** Every lab: first those the lessons use, in course order, then any other in the catalog. */
function labReports(
  userId: string,
  lessons: readonly CourseLesson[],
  labTitles: ReadonlyMap<string, string>,
  store: Pick<Store, 'listAttempts'>,
): LabReport[] {
  const ids = new Set(lessons.flatMap((l) => (l.data.lab ? [l.data.lab] : [])));
  for (const id of [...labTitles.keys()].sort()) ids.add(id);
  return [...ids].map((id) => {
    const attempts = store.listAttempts(userId, id, LAB_ATTEMPTS_LIMIT);
    let best: LabReport['best'] = null;
    for (const a of attempts) {
      if (!a.gradable) continue;
      if (!best || a.score / (a.maxScore || 1) > best.score / (best.maxScore || 1))
        best = { score: a.score, maxScore: a.maxScore };
    }
    return {
      id,
      title: labTitles.get(id) ?? id,
      attempts: attempts.length,
      best,
      passed: attempts.some((a) => a.passed),
      lastAttemptAt: attempts[0]?.createdAt ?? null,
    };
  });
}

function assessmentReport(
  userId: string,
  course: Course,
  store: Pick<Store, 'listAssessmentAttempts'>,
): ProgressReport['assessment'] {
  const passMark = course.assessment.pass_mark;
  let best: Score | null = null;
  let attempts = 0;
  for (const a of store.listAssessmentAttempts(userId)) {
    if (a.submittedAt === null || a.score === null) continue;
    attempts++;
    const scored = { score: a.score, total: a.total };
    if (!best || ratio(scored) > ratio(best)) best = scored;
  }
  return { attempts, best, passed: best !== null && ratio(best) >= passMark, passMark };
}
