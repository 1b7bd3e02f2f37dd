import { PlatformError } from '../platform-error';
import type { AccountRecord, Role, Store } from '../store/store';
import { checkNewPassword, normaliseEmail } from './credentials-policy';
import { FailureLimiter } from './failure-limiter';
import type { IdentityService } from './identity-service';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './password-hash';
import { hashToken, newSecretToken } from './secret-token';

export const ROLES: readonly Role[] = ['learner', 'instructor', 'admin'];

/** Sign-in failures allowed per email, and per client address, in the window below. */
export const SIGN_IN_LIMITS = {
  perEmail: 5,
  /** Higher: a classroom or an office shares one address. */
  perAddress: 20,
  windowMs: 15 * 60_000,
} as const;

export const RESET_TOKEN_LIFETIME_MS = 60 * 60_000;

export interface AccountView {
  id: string;
  kind: 'guest' | 'account';
  role: Role;
  email?: string;
}

/** What a sign-in or sign-up hands back: the account, and the cookie of its new session. */
export interface SignedIn {
  user: AccountView;
  setCookie: string;
}

export interface AccountSettings {
  openRegistration: boolean;
}

/**
 * Accounts on top of the guest identity: sign up (the guest becomes the
 * account, same id, so its progress stays), sign in (a new session every
 * time; a guest's progress moves into the account), sign out here or
 * everywhere, password change and one-time reset tokens.
 */
export class AccountService {
  private readonly failuresByEmail: FailureLimiter;
  private readonly failuresByAddress: FailureLimiter;

  constructor(
    private readonly store: Store,
    private readonly identity: IdentityService,
    private readonly settings: AccountSettings,
    clock: () => number = Date.now,
  ) {
    this.failuresByEmail = new FailureLimiter(
      SIGN_IN_LIMITS.perEmail,
      SIGN_IN_LIMITS.windowMs,
      clock,
    );
    this.failuresByAddress = new FailureLimiter(
      SIGN_IN_LIMITS.perAddress,
      SIGN_IN_LIMITS.windowMs,
      clock,
    );
  }

  describe(userId: string): AccountView {
    const user = this.store.getUser(userId);
    if (!user) throw new PlatformError('not-signed-in', 'This visitor is unknown.');
    return view(user);
  }

  async signUp(
    visitorId: string,
    rawEmail: unknown,
    rawPassword: unknown,
    presentedToken: string | undefined,
  ): Promise<SignedIn> {
    if (!this.settings.openRegistration) {
      throw new PlatformError('registration-closed', 'This course does not take sign-ups.', {
        action: 'Ask your instructor for an account.',
      });
    }
    const visitor = this.store.getUser(visitorId);
    if (visitor?.kind !== 'guest') {
      throw new PlatformError('bad-request', 'You are already signed in to an account.', {
        action: 'Sign out first to create another account.',
      });
    }
    const email = normaliseEmail(rawEmail);
    const password = checkNewPassword(rawPassword, email);
    if (this.store.getAccountByEmail(email)) throw emailTaken();
    const passwordHash = await hashPassword(password);
    try {
      if (!this.store.upgradeGuestToAccount(visitorId, email, passwordHash)) {
        throw new PlatformError('bad-request', 'You are already signed in to an account.', {
          action: 'Sign out first to create another account.',
        });
      }
    } catch (error) {
      // Two sign-ups with one email at the same moment: the unique index decides.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw emailTaken();
      throw error;
    }
    return this.openSession(visitorId, presentedToken);
  }

  async signIn(
    visitorId: string,
    rawEmail: unknown,
    rawPassword: unknown,
    clientAddress: string,
    presentedToken: string | undefined,
  ): Promise<SignedIn> {
    const email = normaliseEmail(rawEmail);
    const password = typeof rawPassword === 'string' ? rawPassword : '';
    const addressKey = `address:${clientAddress}`;
    const waitMs = Math.max(
      this.failuresByEmail.retryAfterMs(email),
      this.failuresByAddress.retryAfterMs(addressKey),
    );
    if (waitMs > 0) throw tooManyAttempts(waitMs);

    const account = this.store.getAccountByEmail(email);
    const matches = await verifyPassword(password, account?.passwordHash ?? (await decoyHash()));
    if (!account || !matches) {
      this.failuresByEmail.recordFailure(email);
      this.failuresByAddress.recordFailure(addressKey);
      throw new PlatformError('wrong-credentials', 'That email and password do not match.', {
        action: 'Check both and try again, or ask your instructor for a password-reset link.',
      });
    }
    this.failuresByEmail.reset(email);
    if (needsRehash(account.passwordHash))
      this.store.setPasswordHash(account.id, await hashPassword(password));

    // What the guest did before signing in becomes the account's.
    const visitor = this.store.getUser(visitorId);
    if (visitor?.kind === 'guest' && visitor.id !== account.id)
      this.store.mergeUserInto(visitor.id, account.id);
    return this.openSession(account.id, presentedToken);
  }

  signOut(presentedToken: string | undefined): void {
    if (presentedToken !== undefined) this.identity.endSession(presentedToken);
  }

  /** Ends every session of the user, on every device; returns how many ended. */
  signOutEverywhere(userId: string): number {
    return this.store.deleteAuthSessionsOfUser(userId);
  }

  /** Changes the password after checking the current one; every other session ends. */
  async changePassword(
    userId: string,
    presentedToken: string | undefined,
    rawCurrent: unknown,
    rawNew: unknown,
  ): Promise<void> {
    const account = this.requireAccount(userId);
    const waitMs = this.failuresByEmail.retryAfterMs(account.email);
    if (waitMs > 0) throw tooManyAttempts(waitMs);
    const current = typeof rawCurrent === 'string' ? rawCurrent : '';
    if (!(await verifyPassword(current, account.passwordHash))) {
      this.failuresByEmail.recordFailure(account.email);
      throw new PlatformError('wrong-credentials', 'Your current password is not right.', {
        action: 'Type the password you signed in with.',
      });
    }
    const password = checkNewPassword(rawNew, account.email);
    this.store.setPasswordHash(account.id, await hashPassword(password));
    this.store.deleteAuthSessionsOfUser(
      account.id,
      presentedToken === undefined ? undefined : hashToken(presentedToken),
    );
  }

  /** An account made by an administrator (`shipshape user add`), not from a guest. */
  async createAccount(rawEmail: unknown, rawPassword: unknown, role: Role): Promise<AccountView> {
    const email = normaliseEmail(rawEmail);
    const password = checkNewPassword(rawPassword, email);
    if (this.store.getAccountByEmail(email)) throw emailTaken();
    return view(this.store.createAccount(email, await hashPassword(password), role));
  }

  setRole(rawEmail: unknown, role: Role): AccountView {
    const account = this.requireAccountByEmail(rawEmail);
    this.store.setRole(account.id, role);
    return { ...view(account), role };
  }

  /** A one-time token for `/reset?token=…`, valid for an hour; only its hash is stored. */
  issueResetToken(rawEmail: unknown): string {
    const account = this.requireAccountByEmail(rawEmail);
    const token = newSecretToken();
    const expiresAt = new Date(Date.now() + RESET_TOKEN_LIFETIME_MS).toISOString();
    this.store.insertPasswordReset(hashToken(token), account.id, expiresAt);
    return token;
  }

  /** Sets a new password with a reset token (once); every session of the account ends. */
  async resetPassword(rawToken: unknown, rawPassword: unknown): Promise<void> {
    const tokenHash = hashToken(typeof rawToken === 'string' ? rawToken : '');
    const userId = this.store.peekPasswordReset(tokenHash);
    const account = userId === undefined ? undefined : this.store.getAccount(userId);
    if (!account) throw invalidResetToken();
    // The policy is checked before the token is used up, so a too-short password can be retried.
    const password = checkNewPassword(rawPassword, account.email);
    const passwordHash = await hashPassword(password);
    if (this.store.consumePasswordReset(tokenHash) !== account.id) throw invalidResetToken();
    this.store.setPasswordHash(account.id, passwordHash);
    this.store.deleteAuthSessionsOfUser(account.id);
    this.failuresByEmail.reset(account.email);
  }

  /** A new session id at every sign-in, and the one the browser brought is ended (fixation). */
  private openSession(userId: string, presentedToken: string | undefined): SignedIn {
    if (presentedToken !== undefined) this.identity.endSession(presentedToken);
    const setCookie = this.identity.startSession(userId);
    return { user: this.describe(userId), setCookie };
  }

  private requireAccount(userId: string): AccountRecord {
    const account = this.store.getAccount(userId);
    if (!account) {
      throw new PlatformError('not-signed-in', 'You are not signed in.', {
        action: 'Sign in, then try again.',
      });
    }
    return account;
  }

  private requireAccountByEmail(rawEmail: unknown): AccountRecord {
    const email = normaliseEmail(rawEmail);
    const account = this.store.getAccountByEmail(email);
    if (!account) {
      throw new PlatformError('bad-request', `There is no account for ${email}.`, {
        action: 'Check the address, or create the account with `shipshape user add`.',
      });
    }
    return account;
  }
}

function view(user: {
  id: string;
  kind: 'guest' | 'account';
  role: Role;
  email: string | null;
}): AccountView {
  return {
    id: user.id,
    kind: user.kind,
    role: user.role,
    ...(user.email ? { email: user.email } : {}),
  };
}

function emailTaken(): PlatformError {
  return new PlatformError('email-taken', 'An account with that email already exists.', {
    action: 'Sign in instead, or ask your instructor for a password-reset link.',
  });
}

function invalidResetToken(): PlatformError {
  return new PlatformError(
    'invalid-reset-token',
    'This reset link is not valid: it was already used, it expired, or it was copied incompletely.',
    { action: 'Ask your instructor for a new link.' },
  );
}

/** The wait travels in `cause`, so the HTTP layer can send it as Retry-After. */
function tooManyAttempts(waitMs: number): PlatformError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new PlatformError(
    'too-many-attempts',
    'Too many failed sign-in attempts for this account or from this network.',
    {
      action: `Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again, or ask your instructor for a password-reset link.`,
      cause: { retryAfterSeconds },
    },
  );
}

/** Seconds to send in Retry-After when the error is a throttled sign-in. */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  if (!PlatformError.is(error) || error.kind !== 'too-many-attempts') return undefined;
  const cause = error.cause as { retryAfterSeconds?: unknown } | undefined;
  return typeof cause?.retryAfterSeconds === 'number' ? cause.retryAfterSeconds : undefined;
}
