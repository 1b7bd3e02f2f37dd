import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store';
import {
  IDENTITY_COOKIE,
  identityCookieHeader,
  readCookie,
  signIdentity,
  verifyIdentity,
} from './identity-cookie';

export interface ResolvedIdentity {
  userId: string;
  /** A `Set-Cookie` value to send when the browser had no valid identity yet. */
  setCookie: string | undefined;
}

/** Gives every browser a guest user on its first visit and recognises it afterwards. */
export class IdentityService {
  private readonly secret: string;

  constructor(
    private readonly store: Store,
    private readonly secureCookies: boolean,
  ) {
    this.secret = store.initSetting('cookie_secret', randomBytes(32).toString('base64url'));
  }

  /** The user named by a request's cookie header, without creating one. */
  recognise(cookieHeader: string | undefined): string | undefined {
    const value = readCookie(cookieHeader, IDENTITY_COOKIE);
    const userId = value === undefined ? undefined : verifyIdentity(value, this.secret);
    return userId !== undefined && this.store.getUser(userId) ? userId : undefined;
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
}
