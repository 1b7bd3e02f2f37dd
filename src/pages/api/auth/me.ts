import type { APIRoute } from 'astro';
import { handle, json } from '../../../server/api-response';

/** Who the visitor is: a guest, or an account with its email and role. */
export const GET: APIRoute = ({ locals }) =>
  handle(() => json({ user: locals.platform.accounts.describe(locals.userId) }));
