/** A moment the learner was on a lesson's page: opening it, or answering its quiz. */
export interface LessonMoment {
  lessonId: string;
  /** ISO 8601. */
  at: string;
}

/** How the dashboard estimates time spent, in the words it shows the learner. */
export const TIME_SPENT_METHOD =
  'Time spent is an estimate from the lesson pages you opened: each visit to a lesson counts until you open another lesson (the last visit until your latest quiz answer on it), and never more than twice the time the lesson says it takes. Time in labs is not counted.';

/** A visit is never counted longer than this many times the lesson's stated minutes. */
export const VISIT_CAP_FACTOR = 2;

const MS_PER_MINUTE = 60_000;

/**
 * Estimated milliseconds spent on each lesson. The server only knows when a
 * lesson page was opened (it is a static file) and when its quiz was answered:
 * consecutive opens of the same lesson form one visit, which lasts until the
 * next lesson is opened. A visit left open overnight would otherwise count as
 * a night of study, so each is capped at twice the lesson's stated minutes.
 * The last visit has no next page: it counts only as far as a quiz answer
 * proves the learner was there. Lessons without stated minutes (no longer in
 * the course) are left out.
 */
export function estimateTimeSpent(
  reads: readonly LessonMoment[],
  quizAnswers: readonly LessonMoment[],
  minutesOf: (lessonId: string) => number | undefined,
): Map<string, number> {
  const opened = [...reads].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const spent = new Map<string, number>();
  let i = 0;
  while (i < opened.length) {
    const { lessonId } = opened[i]!;
    const start = Date.parse(opened[i]!.at);
    let j = i;
    while (j + 1 < opened.length && opened[j + 1]!.lessonId === lessonId) j++;
    const next = opened[j + 1];
    const end = next ? Date.parse(next.at) : lastPresence(lessonId, start, opened[j]!, quizAnswers);
    const minutes = minutesOf(lessonId);
    if (minutes !== undefined) {
      const visit = Math.min(end - start, minutes * VISIT_CAP_FACTOR * MS_PER_MINUTE);
      spent.set(lessonId, (spent.get(lessonId) ?? 0) + Math.max(0, visit));
    }
    i = j + 1;
  }
  return spent;
}

/** The latest moment of the final visit: its last reload or a later quiz answer on that lesson. */
function lastPresence(
  lessonId: string,
  start: number,
  lastOpen: LessonMoment,
  quizAnswers: readonly LessonMoment[],
): number {
  let latest = Date.parse(lastOpen.at);
  for (const answer of quizAnswers) {
    const at = Date.parse(answer.at);
    if (answer.lessonId === lessonId && at >= start && at > latest) latest = at;
  }
  return latest;
}

/** "45 min", "1 h 5 min", "0 min": whole minutes, rounded down, as the dashboard shows them. */
export function formatMinutes(ms: number): string {
  const minutes = Math.floor(ms / MS_PER_MINUTE);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
