import type { APIRoute } from 'astro';
import { handle, json } from '../../../../server/api-response';

/** Grades the learner's running services; the body is the result (labs.md format). */
export const POST: APIRoute = ({ locals, params }) =>
  handle(async () => json(await locals.platform.sessions.grade(locals.userId, params.id!)));
