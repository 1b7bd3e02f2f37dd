import type { APIRoute } from 'astro';
import { redirect } from '../../../../../auth/auth-http';
import { requireInstructor } from '../../../../../instructor/instructor-access';
import { stopLearnerSession } from '../../../../../instructor/live-sessions';
import { handle, json } from '../../../../../server/api-response';

export const prerender = false;

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Stops a learner's lab. The instructor page's Stop button is a plain form
 * (no JavaScript), answered with a 303 back to the page; a fetch gets JSON.
 */
export const POST: APIRoute = ({ locals, params, request }) =>
  handle(async () => {
    const { platform, userId } = locals;
    requireInstructor(platform.accounts, userId);
    await stopLearnerSession(platform.store, platform.sessions, params.id ?? '');
    const type = request.headers.get('content-type') ?? '';
    if (FORM_TYPES.some((t) => type.startsWith(t))) return redirect('/instructor#live-sessions');
    return json({ stopped: params.id });
  });
