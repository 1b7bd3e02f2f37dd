import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AccountService,
  SIGN_IN_LIMITS,
  retryAfterSecondsOf,
} from '../../src/auth/account-service';
import { IdentityService } from '../../src/auth/identity-service';
import type { Store } from '../../src/store/store';
import { useTempStore } from './fakes/temp-store';

const db = useTempStore();
const PASSWORD = 'a long enough passphrase';
const ADDRESS = '192.0.2.10';

function setUp(openRegistration = true) {
  const store = db.open();
  const identity = new IdentityService(store, false);
  const accounts = new AccountService(store, identity, { openRegistration });
  return { store, identity, accounts };
}

/** The cookie header a browser sends back after a Set-Cookie. */
const cookie = (setCookie: string): string => setCookie.split(';')[0]!;
const tokenOf = (identity: IdentityService, setCookie: string): string =>
  identity.presentedSessionToken(cookie(setCookie))!;

async function signedUp(store: Store, accounts: AccountService, email = 'ada@example.org') {
  const guest = store.createGuestUser().id;
  const result = await accounts.signUp(guest, email, PASSWORD, undefined);
  return { guest, ...result };
}

afterEach(() => vi.useRealTimers());

describe('signing up', () => {
  it('turns the guest into an account in place, so everything the guest did stays theirs', async () => {
    const { store, identity, accounts } = setUp();
    const guest = store.createGuestUser().id;
    store.recordQuizAttempt(guest, 'design-patterns/service-boundaries', 3, 3, [[0], [1], [2]]);

    const { user, setCookie } = await accounts.signUp(
      guest,
      '  Ada@Example.ORG ',
      PASSWORD,
      undefined,
    );
    expect(user).toEqual({ id: guest, kind: 'account', role: 'learner', email: 'ada@example.org' });
    expect(store.bestQuizScores(guest).get('design-patterns/service-boundaries')).toBe(1);
    expect(identity.recognise(cookie(setCookie))).toBe(guest);
  });

  it('refuses a short password, the email as password, a bad address and a taken email, saying why', async () => {
    const { store, accounts } = setUp();
    await signedUp(store, accounts);
    const attempt = (email: string, password: string) =>
      accounts.signUp(store.createGuestUser().id, email, password, undefined);
    await expect(attempt('grace@example.org', 'short')).rejects.toMatchObject({
      kind: 'weak-password',
      message: expect.stringContaining('at least 10 characters'),
    });
    await expect(attempt('grace@example.org', 'Grace@Example.org')).rejects.toMatchObject({
      kind: 'weak-password',
      message: expect.stringContaining('must not be your email'),
    });
    await expect(attempt('not an address', PASSWORD)).rejects.toMatchObject({
      kind: 'invalid-email',
    });
    await expect(attempt('ADA@example.org', PASSWORD)).rejects.toMatchObject({
      kind: 'email-taken',
      status: 409,
    });
  });

  it('is refused with a clear message when registration is closed', async () => {
    const { store, accounts } = setUp(false);
    await expect(
      accounts.signUp(store.createGuestUser().id, 'ada@example.org', PASSWORD, undefined),
    ).rejects.toMatchObject({
      kind: 'registration-closed',
      status: 403,
      action: expect.any(String),
    });
  });
});

describe('signing in', () => {
  it('opens a new session every time and ends the one the browser brought', async () => {
    const { store, identity, accounts } = setUp();
    const { guest, setCookie: first } = await signedUp(store, accounts);
    const visitor = store.createGuestUser().id;
    const second = await accounts.signIn(
      visitor,
      'ada@example.org',
      PASSWORD,
      ADDRESS,
      tokenOf(identity, first),
    );
    expect(cookie(second.setCookie)).not.toBe(cookie(first));
    expect(identity.recognise(cookie(second.setCookie))).toBe(guest);
    expect(identity.recognise(cookie(first))).toBeUndefined();
  });

  it("brings a guest's progress into the account it signs into", async () => {
    const { store, accounts } = setUp();
    const { guest: account } = await signedUp(store, accounts);
    const visitor = store.createGuestUser().id;
    store.recordQuizAttempt(visitor, 'careers/roles', 2, 2, [[0], [1]]);
    await accounts.signIn(visitor, 'ada@example.org', PASSWORD, ADDRESS, undefined);
    expect(store.bestQuizScores(account).get('careers/roles')).toBe(1);
    expect(store.getUser(visitor)).toBeUndefined();
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const { store, accounts } = setUp();
    await signedUp(store, accounts);
    const visitor = store.createGuestUser().id;
    const wrong = accounts.signIn(
      visitor,
      'ada@example.org',
      'not the password',
      ADDRESS,
      undefined,
    );
    const unknown = accounts.signIn(visitor, 'nobody@example.org', PASSWORD, ADDRESS, undefined);
    const [a, b] = await Promise.allSettled([wrong, unknown]);
    expect(a).toMatchObject({
      status: 'rejected',
      reason: { kind: 'wrong-credentials', status: 401 },
    });
    expect(b).toMatchObject({ status: 'rejected', reason: { kind: 'wrong-credentials' } });
    expect((a as PromiseRejectedResult).reason.message).toBe(
      (b as PromiseRejectedResult).reason.message,
    );
  });

  it(`waits ${SIGN_IN_LIMITS.windowMs / 60_000} minutes after ${SIGN_IN_LIMITS.perEmail} failures for one email, even with the right password`, async () => {
    const { store, accounts } = setUp();
    await signedUp(store, accounts);
    const visitor = store.createGuestUser().id;
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++)
      await expect(
        accounts.signIn(visitor, 'ada@example.org', `guess number ${i}`, ADDRESS, undefined),
      ).rejects.toMatchObject({ kind: 'wrong-credentials' });
    const throttled = await accounts
      .signIn(visitor, 'ada@example.org', PASSWORD, ADDRESS, undefined)
      .catch((e: unknown) => e);
    expect(throttled).toMatchObject({ kind: 'too-many-attempts', status: 429 });
    // Counted from the first failure: the password hashes above take their time on a busy host.
    const window = SIGN_IN_LIMITS.windowMs / 1000;
    expect(retryAfterSecondsOf(throttled)).toBeGreaterThan(window - 60);
    expect(retryAfterSecondsOf(throttled)).toBeLessThanOrEqual(window);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const { store, accounts } = setUp();
    await signedUp(store, accounts);
    const visitor = () => store.createGuestUser().id;
    const fail = () =>
      accounts.signIn(visitor(), 'ada@example.org', 'wrong guess!', ADDRESS, undefined);
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail - 1; i++) await expect(fail()).rejects.toThrow();
    await accounts.signIn(visitor(), 'ada@example.org', PASSWORD, ADDRESS, undefined);
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail - 1; i++)
      await expect(fail()).rejects.toMatchObject({ kind: 'wrong-credentials' });
  });
});

describe('signing out and passwords', () => {
  it('signs out one session, or every session of the account', async () => {
    const { store, identity, accounts } = setUp();
    const { guest: id, setCookie: laptop } = await signedUp(store, accounts);
    const phone = (await accounts.signIn(id, 'ada@example.org', PASSWORD, ADDRESS, undefined))
      .setCookie;
    const tablet = (await accounts.signIn(id, 'ada@example.org', PASSWORD, ADDRESS, undefined))
      .setCookie;

    accounts.signOut(tokenOf(identity, laptop));
    expect(identity.recognise(cookie(laptop))).toBeUndefined();
    expect(identity.recognise(cookie(phone))).toBe(id);

    expect(accounts.signOutEverywhere(id)).toBe(2);
    expect(identity.recognise(cookie(phone))).toBeUndefined();
    expect(identity.recognise(cookie(tablet))).toBeUndefined();
  });

  it('changes the password only with the current one, and ends every other session', async () => {
    const { store, identity, accounts } = setUp();
    const { guest: id, setCookie: here } = await signedUp(store, accounts);
    const elsewhere = (await accounts.signIn(id, 'ada@example.org', PASSWORD, ADDRESS, undefined))
      .setCookie;

    await expect(
      accounts.changePassword(
        id,
        tokenOf(identity, here),
        'not my password',
        'a brand new passphrase',
      ),
    ).rejects.toMatchObject({ kind: 'wrong-credentials' });
    await accounts.changePassword(id, tokenOf(identity, here), PASSWORD, 'a brand new passphrase');

    expect(identity.recognise(cookie(here))).toBe(id);
    expect(identity.recognise(cookie(elsewhere))).toBeUndefined();
    const visitor = store.createGuestUser().id;
    await expect(
      accounts.signIn(visitor, 'ada@example.org', PASSWORD, ADDRESS, undefined),
    ).rejects.toMatchObject({ kind: 'wrong-credentials' });
    await accounts.signIn(visitor, 'ada@example.org', 'a brand new passphrase', ADDRESS, undefined);
  });

  it('resets a password with a token that works once and only for an hour', async () => {
    const { store, identity, accounts } = setUp();
    const { setCookie } = await signedUp(store, accounts);
    const token = accounts.issueResetToken('ada@example.org');

    await expect(accounts.resetPassword(token, 'short')).rejects.toMatchObject({
      kind: 'weak-password',
    });
    await accounts.resetPassword(token, 'a freshly reset passphrase');
    expect(identity.recognise(cookie(setCookie))).toBeUndefined();
    await expect(accounts.resetPassword(token, 'another new passphrase')).rejects.toMatchObject({
      kind: 'invalid-reset-token',
    });

    vi.useFakeTimers({ toFake: ['Date'] });
    const late = accounts.issueResetToken('ada@example.org');
    vi.setSystemTime(Date.now() + 61 * 60_000);
    await expect(accounts.resetPassword(late, 'another new passphrase')).rejects.toMatchObject({
      kind: 'invalid-reset-token',
    });
  });

  it('creates accounts for an administrator with the role asked for', async () => {
    const { store, accounts } = setUp(false);
    const admin = await accounts.createAccount('Root@Example.org', PASSWORD, 'admin');
    expect(admin).toMatchObject({ kind: 'account', role: 'admin', email: 'root@example.org' });
    const visitor = store.createGuestUser().id;
    const { user } = await accounts.signIn(
      visitor,
      'root@example.org',
      PASSWORD,
      ADDRESS,
      undefined,
    );
    expect(user.role).toBe('admin');
    expect(accounts.setRole('root@example.org', 'instructor').role).toBe('instructor');
  });
});
