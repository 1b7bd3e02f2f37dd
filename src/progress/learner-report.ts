import { getCollection } from 'astro:content';
import { courseOrder, loadCourse } from '../course/course-outline';
import { labTitles } from '../labs/lab-catalog';
import type { Platform } from '../server/platform';
import { progressReport, type ProgressReport } from './progress-report';

/** The signed-in or guest learner's progress, from the course content and the platform's store. */
export async function learnerReport(platform: Platform, userId: string): Promise<ProgressReport> {
  const lessons = await courseOrder(await getCollection('lessons'));
  return progressReport(userId, {
    course: loadCourse(),
    lessons,
    labTitles: labTitles(platform.catalog),
    store: platform.store,
    running: platform.sessions.list(userId),
  });
}
