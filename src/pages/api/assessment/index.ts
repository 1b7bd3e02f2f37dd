import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { openAttempt } from '../../../assessment/final-assessment';
import { loadCourse } from '../../../course/course-outline';
import { handle } from '../../../server/api-response';

/**
 * Starts an attempt at the final assessment (or keeps the open one) and sends
 * the browser back to the assessment page: a plain form post, no script needed.
 */
export const POST: APIRoute = ({ locals, redirect }) =>
  handle(async () => {
    openAttempt(locals.platform.store, locals.userId, loadCourse(), await getCollection('lessons'));
    return redirect('/assessment', 303);
  });
