import type { APIRoute } from 'astro';
import { authError, readAuthRequest, redirect, type AuthRequest } from '../../../auth/auth-http';
import { json } from '../../../server/api-response';

/** Changes the signed-in account's password; its other sessions end, this one stays. */
export const POST: APIRoute = async ({ locals, request }) => {
  let parsed: AuthRequest | undefined;
  try {
    parsed = await readAuthRequest(request);
    const { platform } = locals;
    await platform.accounts.changePassword(
      locals.userId,
      platform.identity.presentedSessionToken(request.headers.get('cookie') ?? undefined),
      parsed.fields['current'],
      parsed.fields['password'],
    );
    return parsed.fromForm ? redirect('/signin?changed=1') : json({ changed: true });
  } catch (error) {
    return authError(error, parsed, '/signin');
  }
};
