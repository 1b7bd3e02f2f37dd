import { createHmac, timingSafeEqual } from 'node:crypto';

export const IDENTITY_COOKIE = 'shipshape_id';
/** One year, in seconds: a guest keeps their progress across visits. */
const MAX_AGE_SECONDS = 365 * 24 * 3600;

function mac(userId: string, secret: string): string {
  return createHmac('sha256', secret).update(userId).digest('base64url');
}

/** `<userId>.<HMAC-SHA256(userId)>`: tamper-evident, so a browser cannot claim another id. */
export function signIdentity(userId: string, secret: string): string {
  return `${userId}.${mac(userId, secret)}`;
}

/** The user id a cookie value names, or undefined when it was not signed by us. */
export function verifyIdentity(value: string, secret: string): string | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const userId = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(userId, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return userId;
}

/**
 * A signed-in browser's cookie names a server-side session instead of a user:
 * `s:<random token>`. It proves nothing by itself; the sessions table decides.
 */
const SESSION_PREFIX = 's:';

export function sessionCookieValue(token: string): string {
  return `${SESSION_PREFIX}${token}`;
}

/** The session token a cookie value carries, or undefined for a guest's value. */
export function sessionTokenOf(value: string): string | undefined {
  return value.startsWith(SESSION_PREFIX) ? value.slice(SESSION_PREFIX.length) : undefined;
}

export function identityCookieHeader(
  value: string,
  secure: boolean,
  maxAgeSeconds = MAX_AGE_SECONDS,
): string {
  const attributes = [
    `${IDENTITY_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
