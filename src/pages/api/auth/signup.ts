import type { APIRoute } from 'astro';
import {
  authError,
  jsonWithCookie,
  localPath,
  readAuthRequest,
  redirect,
  type AuthRequest,
} from '../../../auth/auth-http';

/** Turns the visitor's guest identity into an account (same user, so their progress stays) and signs it in. */
export const POST: APIRoute = async ({ locals, request }) => {
  let parsed: AuthRequest | undefined;
  try {
    parsed = await readAuthRequest(request);
    const { fields } = parsed;
    const { platform } = locals;
    const { user, setCookie } = await platform.accounts.signUp(
      locals.userId,
      fields['email'],
      fields['password'],
      platform.identity.presentedSessionToken(request.headers.get('cookie') ?? undefined),
    );
    return parsed.fromForm
      ? redirect(localPath(fields['next']), setCookie)
      : jsonWithCookie({ user }, 201, setCookie);
  } catch (error) {
    // The form comes back with the email as typed; never the password.
    const email = typeof parsed?.fields['email'] === 'string' ? parsed.fields['email'] : '';
    return authError(error, parsed, '/signup', { next: localPath(parsed?.fields['next']), email });
  }
};
