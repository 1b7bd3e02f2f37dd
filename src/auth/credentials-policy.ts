import { PlatformError } from '../platform-error';

export const MIN_PASSWORD_LENGTH = 10;
/** scrypt hashes anything, but a megabyte "password" is a denial of service, not a secret. */
export const MAX_PASSWORD_LENGTH = 256;

/** The one spelling of an email address the platform stores and compares. */
export function normaliseEmail(raw: unknown): string {
  const email = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new PlatformError('invalid-email', 'That is not an email address.', {
      action: 'Enter the address you read your email at, like ada@example.org.',
    });
  }
  return email;
}

/** Refuses a password that is too short, too long, or the email itself. */
export function checkNewPassword(raw: unknown, email: string): string {
  const password = typeof raw === 'string' ? raw : '';
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new PlatformError(
      'weak-password',
      `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
      { action: 'Choose a longer one: a few unrelated words make a strong, memorable password.' },
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new PlatformError(
      'weak-password',
      `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`,
      { action: 'Choose a shorter one.' },
    );
  }
  if (password.trim().toLowerCase() === email) {
    throw new PlatformError('weak-password', 'The password must not be your email address.', {
      action: 'Choose something only you know.',
    });
  }
  return password;
}
