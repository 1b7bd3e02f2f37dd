import type { APIRoute } from 'astro';
import { requireInstructor } from '../../../../instructor/instructor-access';
import { liveSessions } from '../../../../instructor/live-sessions';
import { handle, json } from '../../../../server/api-response';

export const prerender = false;

/** Learners' running labs with their owner, age and resource use. */
export const GET: APIRoute = ({ locals }) =>
  handle(async () => {
    requireInstructor(locals.platform.accounts, locals.userId);
    return json({ sessions: await liveSessions(locals.platform.store, locals.platform.driver) });
  });
