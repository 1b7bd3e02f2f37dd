import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { submitAttempt } from '../../../assessment/final-assessment';
import { loadCourse } from '../../../course/course-outline';
import { handle, json, readJson } from '../../../server/api-response';

/** Scores the learner's answers to one attempt, once; the key never leaves the server. */
export const POST: APIRoute = ({ locals, params, request }) =>
  handle(async () => {
    const { answers } = await readJson(request);
    const verdict = submitAttempt(
      locals.platform.store,
      locals.userId,
      params.id ?? '',
      answers,
      loadCourse(),
      await getCollection('lessons'),
    );
    return json(verdict);
  });
