import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL- and cookie-safe: a session id or a reset token. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps of a token: its SHA-256. The token is random and
 * long, so a fast hash is enough, and a copy of the database cannot be
 * replayed as a cookie or a reset link.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
