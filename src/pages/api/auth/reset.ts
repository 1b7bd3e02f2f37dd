import type { APIRoute } from 'astro';
import { authError, readAuthRequest, redirect, type AuthRequest } from '../../../auth/auth-http';
import { json } from '../../../server/api-response';

/** Sets a new password with a one-time reset token; every session of the account ends. */
export const POST: APIRoute = async ({ locals, request }) => {
  let parsed: AuthRequest | undefined;
  try {
    parsed = await readAuthRequest(request);
    await locals.platform.accounts.resetPassword(parsed.fields['token'], parsed.fields['password']);
    return parsed.fromForm ? redirect('/signin?reset=1') : json({ reset: true });
  } catch (error) {
    const token = typeof parsed?.fields['token'] === 'string' ? parsed.fields['token'] : '';
    return authError(error, parsed, '/reset', { token });
  }
};
