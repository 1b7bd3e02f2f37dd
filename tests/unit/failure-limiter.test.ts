import { describe, expect, it } from 'vitest';
import { FailureLimiter } from '../../src/auth/failure-limiter';

const MINUTE = 60_000;

function limiterAt(start = 0) {
  let now = start;
  const limiter = new FailureLimiter(5, 15 * MINUTE, () => now);
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('a sign-in failure limiter (5 failures per 15 minutes)', () => {
  it('lets a key try until its fifth failure, then asks it to wait', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 4; i++) limiter.recordFailure('ada@example.org');
    expect(limiter.retryAfterMs('ada@example.org')).toBe(0);
    limiter.recordFailure('ada@example.org');
    expect(limiter.retryAfterMs('ada@example.org')).toBe(15 * MINUTE);
  });

  it('counts each key on its own', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 5; i++) limiter.recordFailure('ada@example.org');
    expect(limiter.retryAfterMs('grace@example.org')).toBe(0);
  });

  it('forgets failures older than the window, one by one', () => {
    const { limiter, advance } = limiterAt();
    limiter.recordFailure('k');
    advance(5 * MINUTE);
    for (let i = 0; i < 4; i++) limiter.recordFailure('k');
    // The first failure leaves the window 10 minutes from now.
    expect(limiter.retryAfterMs('k')).toBe(10 * MINUTE);
    advance(10 * MINUTE);
    expect(limiter.retryAfterMs('k')).toBe(0);
    limiter.recordFailure('k');
    expect(limiter.retryAfterMs('k')).toBe(5 * MINUTE);
  });

  it('starts over after a reset (a successful sign-in)', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 5; i++) limiter.recordFailure('k');
    limiter.reset('k');
    expect(limiter.retryAfterMs('k')).toBe(0);
  });
});
