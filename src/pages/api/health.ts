import type { APIRoute } from 'astro';
import { json } from '../../server/api-response';

/** Whether the platform can start labs right now. */
export const GET: APIRoute = async ({ locals }) => {
  const engine = await locals.platform.sessions.engineStatus();
  return json({ ok: true, engine }, 200);
};
