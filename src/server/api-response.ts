import { randomBytes } from 'node:crypto';
import { PlatformError } from '../platform-error';

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/**
 * Turns a thrown error into the API's error body. Platform errors say what to
 * do; anything else is logged under a reference the user can quote.
 */
export function errorResponse(error: unknown): Response {
  if (PlatformError.is(error)) return json(error.toJSON(), error.status);
  const reference = randomBytes(4).toString('hex');
  console.error(`[api] unexpected error, reference ${reference}:`, error);
  return json(
    {
      error: {
        kind: 'internal',
        message: `Something went wrong on our side (reference ${reference}).`,
        action: 'Try again; if it keeps failing, give the reference to your instructor.',
      },
    },
    500,
  );
}

/** Runs an API handler, mapping any failure to its error response. */
export async function handle(fn: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    return errorResponse(error);
  }
}

export async function readJson(request: Request): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await request.json();
    if (body && typeof body === 'object' && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new PlatformError('bad-request', 'The request body must be a JSON object.', {
    action: 'Send a JSON object, e.g. {"lab": "hello-service"}.',
  });
}
