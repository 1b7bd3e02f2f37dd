import type { APIRoute } from 'astro';
import { PlatformError } from '../../../platform-error';
import { handle, json, readJson } from '../../../server/api-response';

/** The caller's running lab sessions. */
export const GET: APIRoute = ({ locals }) =>
  handle(() => json({ sessions: locals.platform.sessions.list(locals.userId) }));

/** Starts a lab: 201 with the new session, or 200 with the caller's running one. */
export const POST: APIRoute = ({ locals, request }) =>
  handle(async () => {
    const { lab } = await readJson(request);
    if (typeof lab !== 'string') {
      throw new PlatformError('bad-request', 'Name the lab to start.', {
        action: 'Send {"lab": "<lab id>"}.',
      });
    }
    const { session, created } = await locals.platform.sessions.start(locals.userId, lab);
    return json({ session }, created ? 201 : 200);
  });
