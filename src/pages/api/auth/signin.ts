import type { APIRoute } from 'astro';
import {
  authError,
  jsonWithCookie,
  localPath,
  readAuthRequest,
  redirect,
  type AuthRequest,
} from '../../../auth/auth-http';

/**
 * Signs in with email and password: a new session every time (the one the
 * browser brought, if any, ends), and a guest's progress joins the account.
 */
export const POST: APIRoute = async ({ locals, request, clientAddress }) => {
  let parsed: AuthRequest | undefined;
  try {
    parsed = await readAuthRequest(request);
    const { fields } = parsed;
    const { platform } = locals;
    const { user, setCookie } = await platform.accounts.signIn(
      locals.userId,
      fields['email'],
      fields['password'],
      clientAddress,
      platform.identity.presentedSessionToken(request.headers.get('cookie') ?? undefined),
    );
    return parsed.fromForm
      ? redirect(localPath(fields['next']), setCookie)
      : jsonWithCookie({ user }, 200, setCookie);
  } catch (error) {
    // The form comes back with the email as typed; never the password.
    const email = typeof parsed?.fields['email'] === 'string' ? parsed.fields['email'] : '';
    return authError(error, parsed, '/signin', { next: localPath(parsed?.fields['next']), email });
  }
};
