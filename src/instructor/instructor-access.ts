import type { AccountService, AccountView } from '../auth/account-service';
import { PlatformError } from '../platform-error';

/** Instructors and administrators see everyone's progress; learners and guests never do. */
export function isInstructor(visitor: Pick<AccountView, 'kind' | 'role'>): boolean {
  return visitor.kind === 'account' && (visitor.role === 'instructor' || visitor.role === 'admin');
}

/**
 * The visitor, when they may use the instructor view; otherwise a 403, for a
 * guest too (the view exists, so 404 would only mislead a colleague who
 * forgot to sign in).
 */
export function requireInstructor(accounts: AccountService, userId: string): AccountView {
  const visitor = accounts.describe(userId);
  if (!isInstructor(visitor)) {
    throw new PlatformError('forbidden', 'Only instructors may see the progress of learners.', {
      action: 'Sign in with an instructor account.',
    });
  }
  return visitor;
}
