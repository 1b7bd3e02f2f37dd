import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { IDENTITY_COOKIE, signIdentity } from '../../src/auth/identity-cookie';
import { IdentityService } from '../../src/auth/identity-service';
import { useTempStore } from './fakes/temp-store';

const db = useTempStore();
const openStore = db.open;

const countUsers = (): number => {
  const sqlite = new Database(db.file(), { readonly: true });
  try {
    return (sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
};

/** The Cookie header a browser sends back after receiving `setCookie`. */
const cookieFrom = (setCookie: string | undefined): string => {
  if (!setCookie) throw new Error('expected a Set-Cookie header');
  return setCookie.split(';')[0]!;
};

describe('a browser visiting the platform', () => {
  it('gets a guest user and a cookie on its first visit', () => {
    const store = openStore();
    const first = new IdentityService(store, false).resolve(undefined);
    expect(store.getUser(first.userId)?.kind).toBe('guest');
    expect(countUsers()).toBe(1);
    expect(first.setCookie).toMatch(new RegExp(`^${IDENTITY_COOKIE}=${first.userId}\\.`));
  });

  it('is recognised as the same user when it sends the cookie back, with no new cookie', () => {
    const identity = new IdentityService(openStore(), false);
    const first = identity.resolve(undefined);
    const again = identity.resolve(`lang=en; ${cookieFrom(first.setCookie)}`);
    expect(again).toEqual({ userId: first.userId, setCookie: undefined });
    expect(countUsers()).toBe(1);
  });

  it('gets a fresh guest when its cookie is forged', () => {
    const identity = new IdentityService(openStore(), false);
    const victim = identity.resolve(undefined).userId;
    const forged = `${IDENTITY_COOKIE}=${signIdentity(victim, 'guessed-secret')}`;
    const result = identity.resolve(forged);
    expect(result.userId).not.toBe(victim);
    expect(result.setCookie).toBeDefined();
  });

  it('gets a Secure cookie when the platform is served over HTTPS', () => {
    expect(new IdentityService(openStore(), true).resolve(undefined).setCookie).toContain(
      '; Secure',
    );
  });

  it('keeps its identity across a platform restart (the secret lives in the database)', () => {
    const before = new IdentityService(openStore(), false).resolve(undefined);
    const afterRestart = new IdentityService(openStore(), false);
    expect(afterRestart.recognise(cookieFrom(before.setCookie))).toBe(before.userId);
  });
});

describe('recognising a request without resolving it', () => {
  it('never creates a user, whatever the cookie says', () => {
    const store = openStore();
    const identity = new IdentityService(store, false);
    const secret = store.getSetting('cookie_secret') ?? '';
    const headers = [
      undefined,
      `${IDENTITY_COOKIE}=junk`,
      `${IDENTITY_COOKIE}=${signIdentity('someone', 'guessed-secret')}`,
      // Correctly signed, but for a user the database does not hold.
      `${IDENTITY_COOKIE}=${signIdentity('deleted-user', secret)}`,
    ];
    for (const header of headers) expect(identity.recognise(header)).toBeUndefined();
    expect(countUsers()).toBe(0);
  });
});
