import type { APIRoute } from 'astro';
import { handle, json } from '../../../../server/api-response';

export const GET: APIRoute = ({ locals, params }) =>
  handle(async () =>
    json({ session: await locals.platform.sessions.describe(locals.userId, params.id!) }),
  );

/** Stops the lab and removes its containers, network and volume. */
export const DELETE: APIRoute = ({ locals, params }) =>
  handle(async () => {
    await locals.platform.sessions.stop(locals.userId, params.id!);
    return new Response(null, { status: 204 });
  });
