import { describe, expect, it } from 'vitest';
import {
  IDENTITY_COOKIE,
  identityCookieHeader,
  readCookie,
  signIdentity,
  verifyIdentity,
} from '../../src/auth/identity-cookie';

const SECRET = 'test-secret';

describe('a signed identity cookie value', () => {
  it('names the user it was signed for', () => {
    expect(verifyIdentity(signIdentity('user-1', SECRET), SECRET)).toBe('user-1');
  });

  it('is rejected when the browser changes the user id', () => {
    const [, mac] = signIdentity('user-1', SECRET).split('.');
    expect(verifyIdentity(`user-2.${mac}`, SECRET)).toBeUndefined();
  });

  it('is rejected when the mac is altered', () => {
    const value = signIdentity('user-1', SECRET);
    const last = value.endsWith('A') ? 'B' : 'A';
    expect(verifyIdentity(`${value.slice(0, -1)}${last}`, SECRET)).toBeUndefined();
    expect(verifyIdentity(`${value}A`, SECRET)).toBeUndefined();
    expect(verifyIdentity('user-1.', SECRET)).toBeUndefined();
  });

  it('is rejected without a dot, or with nothing before it', () => {
    expect(verifyIdentity('user-1', SECRET)).toBeUndefined();
    expect(verifyIdentity(`.${signIdentity('', SECRET).slice(1)}`, SECRET)).toBeUndefined();
  });

  it('is rejected when signed with another secret', () => {
    expect(verifyIdentity(signIdentity('user-1', 'other-secret'), SECRET)).toBeUndefined();
  });
});

describe('the Set-Cookie header', () => {
  const attributes = (secure: boolean) => identityCookieHeader('v.mac', secure).split('; ');

  it('keeps the cookie from scripts and cross-site posts, for a year, on every path', () => {
    expect(attributes(false)).toEqual([
      `${IDENTITY_COOKIE}=v.mac`,
      'Path=/',
      'HttpOnly',
      'SameSite=Lax',
      `Max-Age=${365 * 24 * 3600}`,
    ]);
  });

  it('is Secure only when asked', () => {
    expect(attributes(false)).not.toContain('Secure');
    expect(attributes(true)).toContain('Secure');
  });
});

describe('reading a cookie from a Cookie header', () => {
  it('finds it among several', () => {
    expect(readCookie(`theme=dark; ${IDENTITY_COOKIE}=abc.def; lang=en`, IDENTITY_COOKIE)).toBe(
      'abc.def',
    );
  });

  it('ignores cookies whose names only look alike', () => {
    const header = `x${IDENTITY_COOKIE}=evil; ${IDENTITY_COOKIE}_old=stale; ${IDENTITY_COOKIE}=mine`;
    expect(readCookie(header, IDENTITY_COOKIE)).toBe('mine');
    expect(readCookie(`${IDENTITY_COOKIE}_old=stale`, IDENTITY_COOKIE)).toBeUndefined();
  });

  it('finds nothing in an absent or empty header', () => {
    expect(readCookie(undefined, IDENTITY_COOKIE)).toBeUndefined();
    expect(readCookie('', IDENTITY_COOKIE)).toBeUndefined();
  });
});
