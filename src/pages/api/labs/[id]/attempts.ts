import type { APIRoute } from 'astro';
import { handle, json } from '../../../../server/api-response';

/** The caller's graded attempts at this lab, newest first. */
export const GET: APIRoute = ({ locals, params }) =>
  handle(() => json({ attempts: locals.platform.sessions.attempts(locals.userId, params.id!) }));
