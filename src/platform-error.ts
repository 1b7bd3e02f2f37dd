/**
 * A failure of the platform (not of the learner's code): it carries a stable
 * `kind`, an HTTP status, and what the user should do about it.
 */
export type PlatformErrorKind =
  | 'config-invalid'
  | 'engine-unreachable'
  | 'image-missing'
  | 'engine-error'
  | 'environment-gone'
  | 'unknown-lab'
  | 'session-not-found'
  | 'session-not-ready'
  | 'quota-exceeded'
  | 'bad-request'
  | 'forbidden'
  | 'grader-error'
  | 'attempt-not-found'
  | 'attempt-closed'
  | 'invalid-email'
  | 'weak-password'
  | 'email-taken'
  | 'wrong-credentials'
  | 'too-many-attempts'
  | 'registration-closed'
  | 'not-signed-in'
  | 'invalid-reset-token'
  | 'invalid-certificate-name'
  | 'certificate-not-eligible'
  | 'certificate-not-found'
  | 'certificate-revoked'
  | 'certificate-invalid';

const STATUS: Record<PlatformErrorKind, number> = {
  'config-invalid': 500,
  'engine-unreachable': 503,
  'image-missing': 503,
  'engine-error': 502,
  'environment-gone': 410,
  'unknown-lab': 404,
  'session-not-found': 404,
  'session-not-ready': 409,
  'quota-exceeded': 429,
  'bad-request': 400,
  forbidden: 403,
  'grader-error': 500,
  'attempt-not-found': 404,
  'attempt-closed': 409,
  'invalid-email': 400,
  'weak-password': 400,
  'email-taken': 409,
  'wrong-credentials': 401,
  'too-many-attempts': 429,
  'registration-closed': 403,
  'not-signed-in': 401,
  'invalid-reset-token': 400,
  'invalid-certificate-name': 400,
  'certificate-not-eligible': 403,
  'certificate-not-found': 404,
  'certificate-revoked': 410,
  'certificate-invalid': 409,
};

/**
 * Astro's server bundle holds its own copy of this module, so `instanceof`
 * fails for errors thrown by the platform code loaded beside it. A registered
 * symbol is the same in both copies: `PlatformError.is()` checks it.
 */
const BRAND = Symbol.for('dev.shipshape.PlatformError');

export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  readonly [BRAND] = true;

  static is(value: unknown): value is PlatformError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  readonly kind: PlatformErrorKind;
  readonly status: number;
  /** One sentence telling the user what to do next. */
  readonly action: string | undefined;

  constructor(
    kind: PlatformErrorKind,
    message: string,
    options: { action?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.status = STATUS[kind];
    this.action = options.action;
  }

  toJSON(): { error: { kind: PlatformErrorKind; message: string; action?: string } } {
    return {
      error: {
        kind: this.kind,
        message: this.message,
        ...(this.action ? { action: this.action } : {}),
      },
    };
  }
}
