import { PlatformError, type PlatformErrorKind } from '../platform-error';
import { errorResponse, json, readJson } from '../server/api-response';
import { retryAfterSecondsOf } from './account-service';

/**
 * The account endpoints serve two clients: plain HTML forms (which work
 * without JavaScript and expect a 303 redirect to a page) and fetch clients
 * (which send and expect JSON).
 */
export interface AuthRequest {
  fields: Record<string, unknown>;
  fromForm: boolean;
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export async function readAuthRequest(request: Request): Promise<AuthRequest> {
  const type = request.headers.get('content-type') ?? '';
  if (FORM_TYPES.some((t) => type.startsWith(t))) {
    const form = await request.formData();
    const fields: Record<string, unknown> = {};
    for (const [key, value] of form) if (typeof value === 'string') fields[key] = value;
    return { fields, fromForm: true };
  }
  return { fields: await readJson(request), fromForm: false };
}

/** A path on this site to go to after a form, never another site (open redirect). */
export function localPath(raw: unknown, fallback = '/'): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\'))
    return fallback;
  return raw;
}

export function redirect(location: string, setCookie?: string): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  if (setCookie) headers.append('set-cookie', setCookie);
  return new Response(null, { status: 303, headers });
}

export function jsonWithCookie(body: unknown, status: number, setCookie?: string): Response {
  const response = json(body, status);
  if (setCookie) response.headers.append('set-cookie', setCookie);
  return response;
}

/**
 * The error as the client expects it: JSON with Retry-After when throttled,
 * or, for a form, back to its page with the error's kind in the query (the
 * page words it; nothing a link could carry is shown as it is).
 */
export function authError(
  error: unknown,
  request: AuthRequest | undefined,
  formPage: string,
  keep: Record<string, string> = {},
): Response {
  if (request?.fromForm && PlatformError.is(error)) {
    const query = new URLSearchParams({ ...keep, error: error.kind });
    return redirect(`${formPage}?${query.toString()}`);
  }
  const response = errorResponse(error);
  const retryAfter = retryAfterSecondsOf(error);
  if (retryAfter !== undefined) response.headers.set('retry-after', String(retryAfter));
  return response;
}

/** What a form page says for each error kind the account endpoints answer with. */
const FORM_MESSAGES: Partial<Record<PlatformErrorKind, string>> = {
  'invalid-email': 'That is not an email address. Enter the address you read your email at.',
  'weak-password':
    'That password is not allowed: it needs at least 10 characters and must not be your email address.',
  'email-taken': 'An account with that email already exists. Sign in instead.',
  'wrong-credentials': 'That email and password do not match. Check both and try again.',
  'too-many-attempts':
    'Too many failed attempts. Wait 15 minutes and try again, or ask your instructor for a password-reset link.',
  'registration-closed': 'This course does not take sign-ups. Ask your instructor for an account.',
  'not-signed-in': 'You are not signed in. Sign in, then try again.',
  'invalid-reset-token':
    'This reset link is not valid: it was already used or it expired. Ask your instructor for a new one.',
  'bad-request': 'That request was not understood. Fill in the form again.',
  forbidden: 'That request came from another site and was refused.',
};

export function formErrorMessage(kind: string | null): string | undefined {
  if (!kind) return undefined;
  return FORM_MESSAGES[kind as PlatformErrorKind] ?? 'Something went wrong. Try again.';
}
