import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store';
import {
  IDENTITY_COOKIE,
  identityCookieHeader,
  readCookie,
  sessionCookieValue,
  sessionTokenOf,
  signIdentity,
  verifyIdentity,
} from './identity-cookie';
import { hashToken, newSecretToken } from './secret-token';

export interface ResolvedIdentity {
  userId: string;
  /** A `Set-Cookie` value to send when the browser had no valid identity yet. */
  setCookie: string | undefined;
}

/** Writing `last_seen_at` on every asset request would be a write per request: once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;
const DEFAULT_SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/**
 * Gives every browser a guest user on its first visit and recognises it
 * afterwards: by the signed guest id in the cookie, or, once signed in, by the
 * server-side session the cookie names. A guest cookie never names an
 * account: once its user signs up, only a session signs that user in.
 */
export class IdentityService {
  private readonly secret: string;

  constructor(
    private readonly store: Store,
    private readonly secureCookies: boolean,
    private readonly sessionLifetimeMs = DEFAULT_SESSION_LIFETIME_MS,
  ) {
    this.secret = store.initSetting('cookie_secret', randomBytes(32).toString('base64url'));
  }

  /** The user named by a request's cookie header, without creating one. */
  recognise(cookieHeader: string | undefined): string | undefined {
    const value = readCookie(cookieHeader, IDENTITY_COOKIE);
    if (value === undefined) return undefined;
    const token = sessionTokenOf(value);
    if (token !== undefined) return this.sessionUser(token);
    const userId = verifyIdentity(value, this.secret);
    return userId !== undefined && this.store.getUser(userId)?.kind === 'guest'
      ? userId
      : undefined;
  }

  resolve(cookieHeader: string | undefined): ResolvedIdentity {
    const known = this.recognise(cookieHeader);
    if (known) return { userId: known, setCookie: undefined };
    const user = this.store.createGuestUser();
    return {
      userId: user.id,
      setCookie: identityCookieHeader(signIdentity(user.id, this.secret), this.secureCookies),
    };
  }

  /** The session token the request's cookie carries (valid or not), if it carries one. */
  presentedSessionToken(cookieHeader: string | undefined): string | undefined {
    const value = readCookie(cookieHeader, IDENTITY_COOKIE);
    return value === undefined ? undefined : sessionTokenOf(value);
  }

  /** A brand-new session for the user; returns the `Set-Cookie` value that carries it. */
  startSession(userId: string): string {
    const token = newSecretToken();
    const expiresAt = new Date(Date.now() + this.sessionLifetimeMs).toISOString();
    this.store.insertAuthSession(hashToken(token), userId, expiresAt);
    return identityCookieHeader(
      sessionCookieValue(token),
      this.secureCookies,
      Math.floor(this.sessionLifetimeMs / 1000),
    );
  }

  endSession(token: string): void {
    this.store.deleteAuthSession(hashToken(token));
  }

  /** Clears the cookie: the browser's next request starts as a new guest. */
  clearedCookie(): string {
    return identityCookieHeader('', this.secureCookies, 0);
  }

  private sessionUser(token: string): string | undefined {
    const idHash = hashToken(token);
    const session = this.store.getLiveAuthSession(idHash);
    if (!session) return undefined;
    if (Date.now() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS)
      this.store.touchAuthSession(idHash);
    return session.userId;
  }
}
