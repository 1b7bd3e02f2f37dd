import type { APIRoute } from 'astro';
import { handle } from '../../../../server/api-response';

/**
 * Stops a lab from a plain HTML form (the dashboard's "Stop" button works
 * without JavaScript), then goes back to the dashboard, which says which lab
 * stopped. Someone else's session is not found, exactly as with DELETE.
 */
export const POST: APIRoute = ({ locals, params }) =>
  handle(async () => {
    const { sessions } = locals.platform;
    const session = sessions.get(locals.userId, params.id ?? '');
    await sessions.stop(locals.userId, session.id);
    const location = `/dashboard?stopped=${encodeURIComponent(session.labId)}`;
    return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
  });
