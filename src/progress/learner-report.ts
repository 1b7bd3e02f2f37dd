import { getCollection } from 'astro:content';
import { courseOrder, loadCourse } from '../course/course-outline';
import type { Platform } from '../server/platform';
import { progressReport, type ProgressReport } from './progress-report';

/** The signed-in or guest learner's progress, from the course content and the platform's store. */
export async function learnerReport(platform: Platform, userId: string): Promise<ProgressReport> {
  const lessons = await courseOrder(await getCollection('lessons'));
  const labTitles = new Map(
    [...platform.catalog.labs].map(([id, lab]) => [id, lab.manifest.title] as const),
  );
  return progressReport(userId, {
    course: loadCourse(),
    lessons,
    labTitles,
    store: platform.store,
    running: platform.sessions.list(userId),
  });
}
