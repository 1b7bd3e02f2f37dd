import type { APIRoute } from 'astro';
import {
  authError,
  jsonWithCookie,
  readAuthRequest,
  redirect,
  type AuthRequest,
} from '../../../auth/auth-http';

/**
 * Ends this browser's session, or with `everywhere` every session of the
 * account (a lost laptop). Either way this browser becomes a new guest.
 */
export const POST: APIRoute = async ({ locals, request }) => {
  let parsed: AuthRequest | undefined;
  try {
    // Signing out needs no body: a bare POST (or a malformed one) still signs out.
    parsed = await readAuthRequest(request).catch(() => undefined);
    const flag = parsed?.fields['everywhere'];
    const everywhere = flag === true || flag === '1' || flag === 'true';
    const { platform } = locals;
    const user = platform.store.getUser(locals.userId);
    let ended = 0;
    if (everywhere && user?.kind === 'account') {
      ended = platform.accounts.signOutEverywhere(user.id);
    } else {
      const token = platform.identity.presentedSessionToken(
        request.headers.get('cookie') ?? undefined,
      );
      platform.accounts.signOut(token);
      ended = token === undefined ? 0 : 1;
    }
    const cleared = platform.identity.clearedCookie();
    return parsed?.fromForm
      ? redirect('/', cleared)
      : jsonWithCookie({ signedOut: true, sessionsEnded: ended }, 200, cleared);
  } catch (error) {
    return authError(error, parsed, '/signin');
  }
};
